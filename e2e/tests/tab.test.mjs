// What a recruiter does in the RefAssured tab on the mock JobDiva candidate page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, openTab, axe, sandbox, resetSandbox, hold, release, ARTIFACTS, SANDBOX_URL, API_KEY } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("every panel loads: candidate, reference checks with alerts, opt-ins, referral", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  const tab = await openTab(page);
  assert.equal(await tab.locator("[data-testid=candidate-name]").textContent({ timeout: 15000 }), "Ava Johnson");
  await tab.locator("#references [data-state=ready]").waitFor();
  assert.equal(await tab.locator("[data-testid=request]").count(), 2);
  assert.match(await tab.locator("[data-testid=progress]").first().textContent(), /^\d of \d completed/);
  const alert = tab.locator("[data-testid=alert-alert]");
  const warning = tab.locator("[data-testid=alert-warning]");
  assert.match(await alert.textContent(), /same IP address/);
  assert.match(await warning.textContent(), /bounced/);
  const [alertStyle, warningStyle] = await Promise.all([alert, warning].map((l) => l.evaluate((e) => getComputedStyle(e).borderLeftStyle + " " + getComputedStyle(e).color)));
  assert.notEqual(alertStyle, warningStyle, "an alert and a warning look different");
  await tab.locator("[data-testid=referral-status]").waitFor();
  await tab.locator("#opt-ins [data-testid=opt-in]").first().waitFor();
  assert.match(await tab.locator("#references .freshness").textContent(), /Updated/);
  await page.screenshot({ path: `${ARTIFACTS}/embedded.png`, fullPage: true });
  assert.deepEqual(await axe(tab), []);
  assert.deepEqual(page.errors, []);
});

test("a report reads in the tab, goes into JobDiva notes and attachments exactly once", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  const tab = await openTab(page);
  await tab.locator("[data-testid=candidate-name]").waitFor({ timeout: 15000 });
  const id = await tab.locator("[data-testid=reference]", { has: tab.getByRole("button", { name: "View report" }) }).first().getAttribute("data-reference-id");
  const row = tab.locator(`[data-reference-id="${id}"]`);
  await row.getByRole("button", { name: "View report" }).click();
  const report = row.locator("[data-testid=report]");
  await report.waitFor();
  assert.match(await report.textContent(), /Overall score \d+\/100/);
  assert.match(await report.textContent(), /<b>ever<\/b>/, "untrusted HTML is shown as text");
  assert.equal(await report.locator("b").count(), 0);

  const add = row.getByRole("button", { name: "Add to JobDiva notes" });
  await add.dblclick();
  await row.locator("[data-testid=note-done]").waitFor();
  const attach = row.getByRole("button", { name: "Attach report" });
  await attach.click();
  await row.locator("[data-testid=attachment-done]").waitFor();
  const notes = await sandbox("GET", "jobdiva/notes?candidateId=5000000101");
  assert.equal(notes.length, 1, "a double click made one note");
  assert.match(notes[0].note, /^RefAssured reference report for Ava Johnson/);
  assert.equal(notes[0].action ?? null, null, "no note action type unless the deployment names one");
  const attachments = await sandbox("GET", "jobdiva/attachments?candidateId=5000000101");
  assert.equal(attachments.length, 1);
  assert.match(attachments[0].filename, /\.pdf$/);

  // Recorded with RefAssured: a fresh tab shows it, and offers no second push.
  const again = await openTab(await newPage(browser));
  const sameRow = again.locator(`[data-reference-id="${await row.getAttribute("data-reference-id")}"]`);
  await sameRow.locator("[data-testid=note-done]").waitFor({ timeout: 15000 });
  assert.match(await sameRow.locator("[data-testid=note-done]").textContent(), /^Added to JobDiva notes on /);
  assert.equal(await sameRow.getByRole("button", { name: "Add to JobDiva notes" }).count(), 0);
  assert.deepEqual(page.errors, []);
});

test("a push recorded elsewhere shows after Refresh", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  const tab = await openTab(page);
  await tab.locator("#references [data-state=ready]").waitFor({ timeout: 15000 });
  const id = await tab.locator("[data-testid=reference]", { has: tab.getByRole("button", { name: "Add to JobDiva notes" }) }).first().getAttribute("data-reference-id");
  // A colleague's tab pushed this report meanwhile.
  const r = await fetch(`${SANDBOX_URL}/refassured/api/v1/references/${id}/ats-push/note`, {
    method: "PUT", headers: { "x-api-key": API_KEY, "content-type": "application/json" }, body: JSON.stringify({ atsRecordId: "900777" }),
  });
  assert.equal(r.status, 200);
  await tab.getByRole("button", { name: "Refresh reference checks" }).click();
  await tab.locator(`[data-reference-id="${id}"] [data-testid=note-done]`).waitFor({ timeout: 15000 });
  assert.equal(await tab.locator(`[data-reference-id="${id}"]`).getByRole("button", { name: "Add to JobDiva notes" }).count(), 0);
});

test("a note whose answer is lost is never sent again: every tab says to check JobDiva until a person settles it", async () => {
  await resetSandbox();
  // The note is created, then the answer hangs past the tab's (shortened) timeout.
  await sandbox("PUT", "settings", { app_timeout_ms: 1500, hang_ms: 120000 });
  await sandbox("POST", "faults", { upstream: "jobdiva", route: "createCandidateNote", hang_after_rate: 1.0, remaining: 1 });
  try {
    const page = await newPage(browser);
    const sent = [];
    page.on("request", (r) => { if (r.url().includes("createCandidateNote")) sent.push(r.url()); });
    const tab = await openTab(page);
    await tab.locator("[data-testid=candidate-name]").waitFor({ timeout: 15000 });
    const id = await tab.locator("[data-testid=reference]", { has: tab.getByRole("button", { name: "Add to JobDiva notes" }) }).first().getAttribute("data-reference-id");
    const row = tab.locator(`[data-reference-id="${id}"]`);
    await row.getByRole("button", { name: "Add to JobDiva notes" }).click();
    await row.getByText(/may have added the note, but its answer was lost/).waitFor({ timeout: 15000 });
    const notes = await sandbox("GET", "jobdiva/notes?candidateId=5000000101");
    assert.equal(notes.length, 1, "JobDiva holds the note once");
    assert.equal(sent.length, 1, "and it was sent once");
    assert.equal(await row.getByRole("button", { name: "Add to JobDiva notes" }).count(), 0, "not offered again");
    // Recorded with RefAssured: a colleague's tab says the same, and a person settles it there.
    const other = await openTab(await newPage(browser));
    const theirs = other.locator(`[data-reference-id="${id}"]`);
    await theirs.locator("[data-testid=note-unconfirmed]").waitFor({ timeout: 15000 });
    assert.match(await theirs.locator("[data-testid=note-unconfirmed]").textContent(), /answer was lost/);
    assert.equal(await theirs.getByRole("button", { name: "Add to JobDiva notes" }).count(), 0);
    await theirs.getByRole("button", { name: "It is in JobDiva" }).click();
    await theirs.locator("[data-testid=note-done]").waitFor({ timeout: 15000 });
    const refs = await (await fetch(`${process.env.SANDBOX_URL ?? "http://127.0.0.1:18787"}/refassured/api/v1/ats-candidates/5000000101/requests`, { headers: { "x-api-key": "sandbox-api-key" } })).json();
    const pushed = refs.requests.flatMap((q) => q.references).find((x) => String(x.id) === id).atsPush.note;
    assert.equal(pushed.atsRecordId, "unknown", "done, the JobDiva id unknown");
    assert.equal((await sandbox("GET", "jobdiva/notes?candidateId=5000000101")).length, 1, "still one note");
    assert.deepEqual(page.errors, []);
  } finally {
    await sandbox("PUT", "settings", { app_timeout_ms: null });
    await sandbox("DELETE", "faults");
  }
});

test("request a reference check: it appears without a reload", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  const tab = await openTab(page, "5000000103");
  await tab.locator("[data-testid=candidate-name]").waitFor({ timeout: 15000 });
  const before = await tab.locator("[data-testid=request]").count();
  await tab.getByRole("button", { name: "Request a reference check" }).click();
  const form = tab.locator("[data-testid=request-form]");
  await form.getByLabel("Job").waitFor();
  await form.getByRole("button", { name: "Send request" }).click();
  await form.getByText("Choose the job").waitFor();
  const options = await form.getByLabel("Job").locator("option").allTextContents();
  assert.ok(options.length > 1, "jobs from the candidate's submittals");
  await form.getByLabel("Job").selectOption({ index: 1 });
  await form.getByLabel("Survey").selectOption({ label: "Professional reference" });
  assert.equal(await form.getByLabel("Requested by").inputValue(), "rachel.recruiter@agency.example");
  await form.getByRole("button", { name: "Send request" }).click();
  await tab.locator("[data-testid=request-form]").waitFor({ state: "detached" });
  assert.equal(await tab.locator("[data-testid=request]").count(), before + 1);
  const job = options[1].split(" — ")[0];
  assert.equal(await tab.locator("[data-testid=request] h3").first().textContent(), job);
  const created = await fetch(`${process.env.SANDBOX_URL ?? "http://127.0.0.1:18787"}/refassured/api/v1/ats-candidates/5000000103/requests`, { headers: { "x-api-key": "sandbox-api-key" } }).then((r) => r.json());
  assert.equal(created.requests.length, before + 1);
  assert.equal(created.requests[0].surveyId, 3);
  assert.equal(created.requests[0].owner.email, "rachel.recruiter@agency.example");
  assert.deepEqual(page.errors, []);
});

test("referral status: shown, changed after a confirmation, and 'no referral' plainly", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  const tab = await openTab(page);
  const status = tab.locator("[data-testid=referral-status]");
  await status.waitFor({ timeout: 15000 });
  assert.equal(await status.textContent(), "Lead");
  await tab.getByLabel("Change status").selectOption("placed");
  await tab.getByRole("button", { name: "Update status" }).click();
  const confirm = tab.getByRole("group", { name: "Confirm the status change" });
  assert.match(await confirm.textContent(), /from Lead to Placed/);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await status.textContent(), "Lead", "nothing changes without confirming");
  await tab.getByLabel("Change status").selectOption("placed");
  await tab.getByRole("button", { name: "Update status" }).click();
  await tab.getByRole("button", { name: "Confirm" }).click();
  await tab.locator("[data-testid=referral-status]", { hasText: "Placed" }).waitFor();
  const after = await fetch(`${process.env.SANDBOX_URL ?? "http://127.0.0.1:18787"}/staffingreferrals/api/v1/users?ats_id=5000000101`, { headers: { Authorization: "sandbox-sr-token" } }).then((r) => r.json());
  const referral = await fetch(`${process.env.SANDBOX_URL ?? "http://127.0.0.1:18787"}/staffingreferrals/api/v1/referrals?applicant_id=${after.data[0].id}`, { headers: { Authorization: "sandbox-sr-token" } }).then((r) => r.json());
  assert.equal(referral.data[0].status, "Placed");

  const none = await openTab(await newPage(browser), "5000000120");
  await none.locator("[data-testid=no-referral]").waitFor({ timeout: 15000 });
  assert.match(await none.locator("#references [data-state=empty]").textContent(), /No reference checks/);
  // A direct applicant is named as one.
  const direct = await openTab(await newPage(browser), "5000000106");
  assert.match(await direct.locator("[data-testid=ambassador]").textContent({ timeout: 15000 }), /Direct applicant/);
});

for (const [upstream, panel, text] of [
  ["jobdiva", "header", /JobDiva had a problem/],
  ["refassured", "#references", /RefAssured/],
  // The referral's own error (the ambassador part below it fails the same way, on its own).
  ["staffingreferrals", "#referral >", /Staffing Referrals had a problem/],
]) {
  test(`a failing ${upstream} shows its panel's error and recovers on retry`, async () => {
    await resetSandbox();
    await sandbox("POST", "faults", { upstream, route: upstream === "refassured" ? "/requests" : "", error_rate: 1.0 });
    const page = await newPage(browser);
    const tab = await openTab(page);
    const error = tab.locator(`${panel} [data-state=error]`);
    await error.waitFor({ timeout: 30000 });
    assert.match(await error.textContent(), text);
    // The other panels are not blocked by it.
    await tab.locator(upstream === "staffingreferrals" ? "#references [data-state=ready]" : "#referral [data-testid=referral-status]").waitFor({ timeout: 30000 });
    await sandbox("DELETE", "faults");
    await error.getByRole("button", { name: "Try again" }).click();
    await error.waitFor({ state: "detached", timeout: 15000 });
    assert.deepEqual(page.errors, []);
  });
}

test("while the upstreams have not answered the panels show loading, then content", async () => {
  await resetSandbox();
  await hold({ upstream: "*" });
  try {
    const page = await newPage(browser);
    await page.goto(`${process.env.HOST_URL ?? "http://127.0.0.1:18788"}/?candidateId=5000000101`);
    const tab = await (await page.waitForSelector("#refassured-frame[src]")).contentFrame();
    // Nothing is answered until the release: the loading states stay up as long as needed.
    await tab.locator("#references [data-state=loading]").waitFor({ timeout: 15000 });
    await tab.locator("#referral > [data-state=loading]").waitFor();
    await tab.locator("#opt-ins [data-state=loading]").waitFor();
    assert.equal(await tab.locator("#references [data-state=ready]").count(), 0);
    await release();
    await tab.locator("#references [data-state=ready]").waitFor({ timeout: 15000 });
    await tab.locator("[data-testid=referral-status]").waitFor({ timeout: 15000 });
    assert.deepEqual(page.errors, []);
  } finally {
    await sandbox("DELETE", "faults");
  }
});
