// The admin console's referral program: Staffing Referrals → JobDiva sync (preview, run, resume
// after a reload), against the sandbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, axe, hold, heldAtLeast, release, resetSandbox, getJson as json, sr, ra, sandbox, SANDBOX_URL, ARTIFACTS, dayFromNow, openProgram } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });



test("preview, start, reload mid-run and resume: one candidate per applicant, one note per referral, ids written back", async () => {
  await resetSandbox();
  const referrals = (await sr("referrals?page_size=1000")).data;
  const candidatesBefore = (await json("/_sandbox/jobdiva/candidates")).length;
  const page = await newPage(browser);
  await openProgram(page);
  assert.match(await page.locator("[data-testid=last-sync]").textContent(), /Never synced/);
  assert.equal(await page.getByLabel("JobDiva resume source for new candidates").locator("option:checked").textContent(), "Staffing Referrals");

  // The preview lists what the run would do, and writes nothing.
  await page.getByRole("button", { name: "Preview the sync" }).click();
  await page.getByRole("button", { name: "Start the sync" }).waitFor({ timeout: 30000 });
  const summary = await page.locator("[data-testid=sync-preview] [role=status]").textContent();
  assert.match(summary, new RegExp(`^${referrals.length} of ${referrals.length} referrals checked`));
  assert.equal(await page.locator("[data-testid=preview-row]").count(), Math.min(referrals.length, 200));
  const writes = (await json("/_sandbox/requests?upstream=jobdiva")).filter((r) => /create/i.test(r.path));
  assert.deepEqual(writes, [], "the preview created nothing");
  await page.screenshot({ path: `${ARTIFACTS}/console-sync-preview.png`, fullPage: true });
  assert.deepEqual(await axe(page.mainFrame()), []);

  // Start, and reload while JobDiva holds the first notes: their outcome is then unknown.
  await hold({ upstream: "jobdiva", route: "createCandidateNote", method: "POST" });
  await page.getByRole("button", { name: "Start the sync" }).click();
  await heldAtLeast(1);
  await page.locator("[data-testid=sync-run]").waitFor();
  await page.reload();
  await release();
  await openProgram(page);
  // The open run is shown to the console (the same browser tab holds its lease), and resumed.
  await page.getByRole("button", { name: "Resume the sync" }).click();
  await page.locator("[data-testid=sync-finished]").waitFor({ timeout: 60000 });
  assert.match(await page.locator("[data-testid=last-sync]").textContent(), /Last sync: referrals up to/);

  // Exactly once: every applicant has one JobDiva candidate, every referral one note, and
  // Staffing Referrals holds the JobDiva id.
  const candidates = await json("/_sandbox/jobdiva/candidates");
  const notes = await json("/_sandbox/jobdiva/notes");
  const done = (await ra("program/referrals?state=done")).items;
  const waiting = (await ra("program/referrals?state=needs_person,needs_decision,failed")).items;
  assert.equal(done.length + waiting.length, referrals.length, "every referral is settled or listed with its reason");
  for (const r of referrals) {
    const email = r.applicant.email.toLowerCase();
    const same = candidates.filter((c) => (c.email ?? "").toLowerCase() === email);
    assert.ok(same.length <= 1, `${email}: ${same.length} candidates`);
    const mine = notes.filter((n) => n.note.includes(`Staffing Referrals referral ${r.id} `));
    const item = done.find((i) => i.referralId === r.id);
    if (!item) {
      // A note whose answer was lost waits for a person: never sent twice.
      assert.ok(mine.length <= 1, `referral ${r.id}: ${mine.length} notes`);
      assert.ok(waiting.some((i) => i.referralId === r.id && i.reason), `referral ${r.id} is listed with its reason`);
      continue;
    }
    assert.equal(mine.length, 1, `referral ${r.id}: ${mine.length} notes`);
    assert.equal(String(mine[0].candidateId), item.jobdivaId);
    const user = (await sr(`users/${r.applicant.id}`)).data;
    assert.equal(user.ats_id, item.jobdivaId, `applicant ${r.applicant.id} holds the JobDiva id`);
  }
  assert.ok(waiting.some((i) => i.state === "needs_person"), "the notes held over the reload wait for a person");
  // Two applicants were not in JobDiva: created once each, with the chosen resume source.
  const created = candidates.filter((c) => c.createdByApi);
  assert.deepEqual(created.map((c) => c.email).sort(), ["imani.okonkwo@newmail.example", "t.wielgosz@newmail.example"]);
  assert.equal(candidates.length, candidatesBefore + 2);
  assert.ok(created.every((c) => c.resumeSource === 12), "resume source Staffing Referrals");
  // A name alone (one of them two characters long) waits for a person's decision.
  const decisions = waiting.filter((i) => i.state === "needs_decision").map((i) => referrals.find((r) => r.id === i.referralId).applicant.email).sort();
  assert.deepEqual(decisions, ["different.person@elsewhere.example", "li.wu.rn@newmail.example"]);
  await page.locator("[data-testid=waiting-referral]").first().waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/console-sync-done.png`, fullPage: true });

  // A second sync pulls only what changed since: nothing here, so nothing is written.
  const notesBefore = notes.length;
  await page.getByRole("button", { name: "Preview the sync" }).click();
  await page.getByRole("button", { name: "Start the sync" }).waitFor({ timeout: 30000 });
  // After the last page the run tries again what earlier runs left failed, and says so while
  // it does (RefAssured holds its list of failed records until the test lets it go).
  await hold({ upstream: "refassured", route: "program/referrals", method: "GET" });
  await page.getByRole("button", { name: "Start the sync" }).click();
  await heldAtLeast(1);
  await page.locator("[data-testid=sync-retrying]").waitFor();
  await release();
  await page.locator("[data-testid=sync-finished]").waitFor({ timeout: 30000 });
  assert.equal(await page.locator("[data-testid=sync-retrying]").count(), 0);
  assert.equal((await json("/_sandbox/jobdiva/notes")).length, notesBefore, "a resumed or repeated run writes nothing twice");
  assert.equal((await json("/_sandbox/jobdiva/candidates")).length, candidates.length);
  assert.deepEqual(page.errors, []);
});

test("a large sync's preview can be stopped after a page, and the run starts from what it saw", async () => {
  await sandbox("PUT", "settings", { bulk_referrals: 250 });
  try {
    await resetSandbox();
    const total = (await sr("referrals?page_size=1")).num_records_total;
    assert.ok(total > 200, `${total} referrals: three pages`);
    const page = await newPage(browser);
    await openProgram(page);
    // Staffing Referrals holds the first page, so the preview is under way when it is stopped.
    await hold({ upstream: "staffingreferrals", route: "/referrals", method: "GET" });
    await page.getByRole("button", { name: "Preview the sync" }).click();
    await heldAtLeast(1);
    // From the keyboard: the focus then moves on to "Start the sync", not back to the page's top.
    await page.getByRole("button", { name: "Stop the preview here" }).focus();
    await page.keyboard.press("Enter");
    await release();
    await page.getByRole("button", { name: "Start the sync" }).waitFor({ timeout: 30000 });
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "start-sync", null, { timeout: 5000 });
    const summary = await page.locator("[data-testid=sync-preview] [role=status]").textContent();
    assert.match(summary, new RegExp(`^100 of ${total} referrals checked:`), "one page of the three");
    assert.equal(await page.locator("[data-testid=stop-preview]").count(), 0);
    const writes = (await json("/_sandbox/requests?upstream=jobdiva")).filter((r) => /create/i.test(r.path));
    assert.deepEqual(writes, [], "the preview created nothing");
    assert.deepEqual(page.errors, []);
  } finally {
    await sandbox("PUT", "settings", { bulk_referrals: 0 });
    await resetSandbox();
  }
});

test("the console shows the campaigns and edits a Select property's options", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  await openProgram(page);
  await page.locator("[data-testid=campaign]").first().waitFor({ timeout: 15000 });
  assert.match(await page.locator("[data-testid=campaign]").first().textContent(), /Sandbox Campaign.*Applicant \$500 · Ambassador \$42/s);
  const field = page.getByLabel("Options, one per line");
  await field.fill("One\nTwo\nThree\nFour or more");
  await page.getByRole("button", { name: "Save options" }).click();
  await page.getByText("Saved.").waitFor();
  const types = (await sr("property_types")).data;
  assert.deepEqual(types.find((t) => t.id === 58).options, ["One", "Two", "Three", "Four or more"]);
  assert.deepEqual(page.errors, []);
});

const srPost = (path, form) =>
  fetch(`${SANDBOX_URL}/staffingreferrals/api/v1/${path}`, {
    method: "POST",
    headers: { Authorization: "sandbox-sr-token", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  }).then((r) => r.json());

test("status back: the rules are shared, the review writes nothing, the admin's changes show before → after and never touch a paid referral", async () => {
  await resetSandbox();
  const referrals = (await sr("referrals?page_size=1000")).data;
  const linked = referrals.filter((r) => /^\d+$/.test(r.applicant.ats_id ?? ""));
  const leads = linked.filter((r) => r.status === "Lead");
  const protectedOnes = linked.filter((r) => ["Awaiting Payment", "Paid", "Ineligible"].includes(r.status));
  assert.ok(leads.length >= 4 && protectedOnes.length >= 1, "the demo has linked Leads with a submittal and linked referrals awaiting payment");
  const page = await newPage(browser);
  await openProgram(page);
  const panel = page.locator("#status-back");

  // The rule table: saved with RefAssured, so every admin's review uses it.
  const submitted = panel.getByLabel("Submitted to a job");
  await submitted.waitFor({ timeout: 15000 });
  assert.equal(await submitted.locator("option:checked").textContent(), "Contacted", "the documented default");
  await submitted.selectOption({ label: "No change" });
  await panel.getByRole("button", { name: "Save the rules" }).click();
  await panel.getByText("Saved: every admin's review uses these rules.").waitFor();
  assert.deepEqual((await ra("program/status-rules")).rules, { submitted: null, started: "placed", ended: null });
  await panel.getByRole("button", { name: "Review the statuses" }).click();
  await panel.locator("[data-testid=status-review][data-state=ready]").waitFor({ timeout: 30000 });
  await panel.locator("[data-state=empty]").waitFor();
  await panel.getByRole("button", { name: "Restore the defaults" }).click();
  await panel.getByRole("button", { name: "Save the rules" }).click();
  await panel.getByText("Saved: every admin's review uses these rules.").waitFor();

  // The review proposes Lead → Contacted for the linked Leads with a submittal, and writes nothing.
  const requestsBefore = (await json("/_sandbox/requests?upstream=staffingreferrals")).length;
  await panel.getByRole("button", { name: "Review the statuses" }).click();
  await panel.locator("[data-testid=status-review][data-state=ready]").waitFor({ timeout: 30000 });
  const rows = panel.locator("[data-testid=status-row]");
  assert.equal(await rows.count(), leads.length);
  for (const text of await rows.allTextContents()) assert.match(text, /Submitted to a job.*Lead → Contacted/s);
  assert.match(await panel.locator("[data-testid=status-review] [role=status]").first().textContent(), new RegExp(`${linked.length} linked to JobDiva, ${leads.length} to change.*${protectedOnes.length} left alone`));
  const writes = (await json("/_sandbox/requests?upstream=staffingreferrals")).slice(requestsBefore).filter((r) => r.method === "POST");
  assert.deepEqual(writes, [], "the review changed nothing in Staffing Referrals");
  assert.deepEqual(await axe(page.mainFrame()), []);

  // One is dropped by the admin; another is paid by a colleague meanwhile.
  const [dropped, paidMeanwhile] = leads;
  await panel.getByLabel(`Keep the change for ${dropped.applicant.first_name} ${dropped.applicant.last_name}`).uncheck();
  await srPost(`referrals/${paidMeanwhile.id}`, { status: "paid" });
  await panel.getByRole("button", { name: `Apply ${leads.length - 1} changes` }).click();
  await panel.getByRole("button", { name: "Apply 0 changes" }).waitFor({ timeout: 30000 });
  const results = Object.fromEntries(await Promise.all((await rows.all()).map(async (row) => [await row.locator("td").nth(1).textContent(), await row.locator("td").nth(4).textContent()])));
  const resultOf = (r) => Object.entries(results).find(([k]) => k.includes(`Referral ${r.id} `))[1];
  assert.equal(resultOf(dropped), "");
  assert.match(resultOf(paidMeanwhile), /^Skipped\. Now Paid: changed since the review/);
  for (const r of leads.slice(2)) assert.equal(resultOf(r), "Changed: Lead → Contacted");
  assert.match(await panel.locator("[data-testid=status-applied]").textContent(), new RegExp(`^${leads.length - 2} changed, 1 skipped, 0 failed`));

  const after = Object.fromEntries((await sr("referrals?page_size=1000")).data.map((r) => [r.id, r.status]));
  assert.equal(after[dropped.id], "Lead", "a dropped proposal is not applied");
  assert.equal(after[paidMeanwhile.id], "Paid", "never moved back from paid");
  for (const r of leads.slice(2)) assert.equal(after[r.id], "Contacted");
  for (const r of protectedOnes) assert.equal(after[r.id], r.status, `${r.id} left alone`);
  await page.screenshot({ path: `${ARTIFACTS}/console-status-back.png`, fullPage: true });
  assert.deepEqual(page.errors, []);
});

test("recruiters and admins are listed; deactivating one moves their ambassadors and leads to the chosen one and shows the message", async () => {
  await resetSandbox();
  const recruiters = (await sr("users?role_name=recruiter")).data;
  const rob = recruiters.find((u) => u.first_name === "Rob");
  const rachel = recruiters.find((u) => u.first_name === "Rachel");
  const robsAmbassadors = (await sr("users?role_name=ambassador&page_size=100")).data.filter((u) => u.recruiter_id === rob.id);
  assert.ok(robsAmbassadors.length > 0);
  const page = await newPage(browser);
  await openProgram(page);
  const panel = page.locator("#recruiters");
  await panel.locator("[data-state=ready]").waitFor({ timeout: 15000 });
  const admins = (await sr("users?role_name=admin")).data;
  assert.equal(await panel.locator("[data-testid=recruiter]").count(), recruiters.length + admins.length);
  const card = panel.locator("[data-testid=recruiter]", { hasText: "Rob Recruiter" });
  await card.getByRole("button", { name: "Deactivate…" }).click();
  const group = card.getByRole("group", { name: "Deactivate Rob Recruiter" });
  await group.getByLabel("Move their ambassadors and leads to").selectOption({ value: String(rachel.id) });
  await group.getByRole("button", { name: "Deactivate" }).click();
  const message = await panel.locator("[data-testid=deactivated]").textContent({ timeout: 15000 });
  assert.match(message, new RegExp(`Moved ${robsAmbassadors.length} ambassadors`));
  assert.equal((await sr(`users/${rob.id}`)).data.status, "Inactive");
  for (const a of robsAmbassadors) assert.equal((await sr(`users/${a.id}`)).data.recruiter_id, rachel.id);
  await panel.locator("[data-testid=recruiter]", { hasText: "Rob Recruiter" }).getByText("Inactive").waitFor();
  assert.equal(await panel.locator("[data-testid=recruiter]", { hasText: "Rob Recruiter" }).getByRole("button", { name: "Deactivate…" }).count(), 0);
  assert.deepEqual(await axe(page.mainFrame()), []);
  assert.deepEqual(page.errors, []);
});

test("bulk invitations: who would be invited and who is skipped, one at a time spread over days, each noted in JobDiva once", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  await openProgram(page);
  const panel = page.locator("#invites");
  await panel.locator("[data-testid=accepted]").waitFor({ timeout: 15000 });
  assert.match(await panel.locator("[data-testid=accepted]").textContent(), /\d+ ambassadors? ha(s|ve) accepted/);

  // The applicants who started in JobDiva (linked by the JobDiva id) are offered.
  await panel.getByRole("button", { name: "Add the applicants who started" }).click();
  await panel.getByRole("button", { name: "Add the applicants who started" }).waitFor();
  await page.waitForFunction(() => document.querySelector("#invite-ids").value.length > 0);
  assert.match(await panel.getByLabel("JobDiva candidate ids (one per line)").inputValue(), /5000000104/);

  await panel.getByLabel("JobDiva candidate ids (one per line)").fill("5000000105\n5000000110\n5000000101\n42");
  await panel.getByRole("button", { name: "Check them" }).click();
  await panel.getByRole("button", { name: "Send 2 invitations" }).waitFor({ timeout: 30000 });
  await panel.locator("[data-testid=invite-row]").nth(3).waitFor();
  const plans = await panel.locator("[data-testid=invite-row] td:nth-child(2)").allTextContents();
  assert.deepEqual(plans, ["Invite", "Invite", "Skip: already in Staffing Referrals as applicant", "Skip: not a JobDiva candidate"]);
  assert.deepEqual(await axe(page.mainFrame()), []);

  await panel.getByLabel("First day of the invitation emails (empty: now)").fill(dayFromNow(7));
  await panel.getByLabel("At most this many a day (empty: all at once)").fill("1");
  await panel.getByRole("button", { name: "Send 2 invitations" }).click();
  await panel.getByRole("button", { name: "Send 0 invitations" }).waitFor({ timeout: 30000 });
  const results = await panel.locator("[data-testid=invite-row] td:nth-child(3)").allTextContents();
  assert.deepEqual(results.slice(0, 2), ["Invited; noted in JobDiva", "Invited; noted in JobDiva"]);

  const sent = await json("/_sandbox/staffingreferrals/invitations");
  assert.equal(sent.length, 2, "one invitation each");
  const days = sent.map((i) => i.sendAt.slice(0, 10)).sort();
  assert.ok(days[0] < days[1], `spread one a day: ${days}`);
  const notes = await json("/_sandbox/jobdiva/notes");
  for (const id of ["5000000105", "5000000110"]) {
    assert.equal(notes.filter((n) => String(n.candidateId) === id && n.note.includes("as an ambassador")).length, 1, id);
    assert.equal((await ra(`program/invites?ids=${id}`)).invites[0].state, "done");
  }

  // Checked again: both are skipped now; nothing is sent twice.
  await panel.getByRole("button", { name: "Check them" }).click();
  await panel.getByRole("button", { name: "Send 0 invitations" }).waitFor({ timeout: 30000 });
  await panel.locator("[data-testid=invite-row]").nth(3).waitFor();
  assert.deepEqual((await panel.locator("[data-testid=invite-row] td:nth-child(2)").allTextContents()).slice(0, 2), ["Skip: invited already", "Skip: invited already"]);
  assert.equal((await json("/_sandbox/staffingreferrals/invitations")).length, 2);
  assert.deepEqual(page.errors, []);
});
