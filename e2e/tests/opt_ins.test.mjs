// Opt-ins into JobDiva: duplicate check, note or create, notification, outcome; under faults.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, openTab, axe, sandbox, resetSandbox, openAllOptIns, HOST_URL, ARTIFACTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The standalone "All pending opt-ins" view, every decision shown.
async function allOptIns() {
  const page = await newPage(browser);
  await openAllOptIns(page);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=opt-in]").length > 0
    && ![...document.querySelectorAll("[data-testid=opt-in]")].some((e) => /Checking JobDiva/.test(e.textContent)), null, { timeout: 20000 });
  return page;
}
const row = (page, name) => page.locator("[data-testid=opt-in]", { hasText: name });
const created = (what) => sandbox("GET", `jobdiva/${what}`).then((l) => l.filter((x) => x.createdByApi !== false));

test("exact email and reformatted phone: a note on the existing profile, nothing created", async () => {
  await resetSandbox();
  const page = await allOptIns();
  assert.match(await row(page, "Maria Gonzalez").locator("[data-testid=decision]").textContent(), /Already in JobDiva by email/);
  assert.match(await row(page, "Kevin Osei").locator("[data-testid=decision]").textContent(), /Already in JobDiva by phone: Kevin Osei/);
  for (const name of ["Maria Gonzalez", "Kevin Osei"]) {
    await row(page, name).getByRole("button", { name: "Add a note to the existing candidate" }).click();
    await row(page, name).locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
    assert.match(await row(page, name).locator("[data-testid=outcome]").textContent(), /Added a note to the existing JobDiva candidate/);
  }
  assert.deepEqual(await sandbox("GET", "jobdiva/candidates?created=true"), [], "no candidate created");
  const existing = (await sandbox("GET", "jobdiva/candidates")).filter((c) => ["Maria", "Kevin"].includes(c.firstName) && ["Gonzalez", "Osei"].includes(c.lastName));
  for (const c of existing) {
    const notes = await sandbox("GET", `jobdiva/notes?candidateId=${c.id}`);
    assert.equal(notes.length, 1, `one note on ${c.firstName}`);
    assert.match(notes[0].note, /opted in as a talent lead through RefAssured/);
  }
  const subjects = (await sandbox("GET", "refassured/outbox")).map((e) => e.subject).sort();
  assert.deepEqual(subjects, ["New Candidate Opt-In! Kevin Osei - ICU Nurse at Summit Health", "New Candidate Opt-In! Maria Gonzalez - Charge Nurse at Mercy General Hospital"]);
  await page.screenshot({ path: `${ARTIFACTS}/opt-ins.png`, fullPage: true });
  assert.deepEqual(await axe(page.mainFrame()), []);
  assert.deepEqual(page.errors, []);
});

test("a note answered with a cut-short 200 (which the relay keeps) counts as written: resolved once, never re-sent", async () => {
  await resetSandbox();
  await sandbox("PUT", "faults", [{ upstream: "jobdiva", route: "createCandidateNote", malformed_rate: 1, remaining: 1 }]);
  const page = await allOptIns();
  await row(page, "Maria Gonzalez").getByRole("button", { name: "Add a note to the existing candidate" }).click();
  await row(page, "Maria Gonzalez").locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  await sandbox("DELETE", "faults");
  const maria = (await sandbox("GET", "refassured/opt-ins")).find((o) => o.person === "Maria Gonzalez");
  assert.equal(maria.action, "noted_candidate");
  const marias = async () => (await sandbox("GET", "jobdiva/notes")).filter((n) => /Email: maria\.gonzalez@mail\.example/i.test(n.note)).length;
  assert.equal(await marias(), 1, `one note: ${JSON.stringify((await sandbox("GET", "requests")).filter((r) => /Note/.test(r.path)))} ${JSON.stringify((await sandbox("GET", "jobdiva/notes")).slice(-2))}`);
  // Another console no longer lists it as pending: nothing is sent again.
  const other = await allOptIns();
  assert.equal(await row(other, "Maria Gonzalez").count(), 0);
  assert.equal(await marias(), 1);
  assert.deepEqual([...page.errors, ...other.errors], []);
});

test("a name-only match asks; 'same person' adds a note", async () => {
  await resetSandbox();
  const page = await allOptIns();
  const laura = row(page, "Laura Chen");
  assert.match(await laura.locator("[data-testid=decision]").textContent(), /Same name/);
  await laura.getByRole("button", { name: "Decide" }).click();
  const decide = laura.locator("[data-testid=needs-decision]");
  await decide.waitFor({ timeout: 15000 });
  assert.ok(await decide.getByRole("link").getAttribute("href").then((h) => h.startsWith(`${HOST_URL}/?candidateId=`)), "a link to the profile");
  await decide.getByRole("button", { name: /Same person/ }).click();
  await laura.locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  assert.deepEqual(await sandbox("GET", "jobdiva/candidates?created=true"), []);
});

test("found as JobDiva holds them: a two-character name by quick search, a phone stored with its country code", async () => {
  await resetSandbox();
  const page = await allOptIns();
  // JobDiva's profile search ignores "Li" and "Wu"; another Li Wu exists with other contact details.
  const li = row(page, "Li Wu");
  assert.match(await li.locator("[data-testid=decision]").textContent(), /Same name/);
  assert.equal(await li.getByRole("button", { name: "Create candidate" }).count(), 0, "never created without asking");
  // JobDiva holds Dana Okafor's phone as "+1 312-555-0147"; the opt-in gave "(312) 555-0147".
  const dana = row(page, "Dana Okafor");
  assert.match(await dana.locator("[data-testid=decision]").textContent(), /Already in JobDiva by phone: Dana Okafor/);
  await dana.getByRole("button", { name: "Add a note to the existing candidate" }).click();
  await dana.locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  assert.deepEqual(await sandbox("GET", "jobdiva/candidates?created=true"), [], "no second Dana Okafor");
  const [existing] = (await sandbox("GET", "jobdiva/candidates")).filter((c) => c.firstName === "Dana" && c.lastName === "Okafor");
  assert.equal((await sandbox("GET", `jobdiva/notes?candidateId=${existing.id}`)).length, 1);
  assert.deepEqual(page.errors, []);
});

test("a name-only match asks; 'different person' creates a new candidate", async () => {
  await resetSandbox();
  const page = await allOptIns();
  const laura = row(page, "Laura Chen");
  await laura.getByRole("button", { name: "Decide" }).click();
  await laura.getByRole("button", { name: "Different person: create a new candidate" }).click();
  await laura.locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  const made = await sandbox("GET", "jobdiva/candidates?created=true");
  assert.equal(made.length, 1);
  assert.equal(made[0].email, "laura.chen@new.example");
});

test("a new person: a candidate with resume source RefAssured, a note, and the email with subject and link", async () => {
  await resetSandbox();
  const page = await allOptIns();
  const p = row(page, "Priscilla Newcomb");
  assert.match(await p.locator("[data-testid=decision]").textContent(), /Not in JobDiva/);
  await p.getByRole("button", { name: "Create candidate" }).click();
  await p.locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  const [c] = await sandbox("GET", "jobdiva/candidates?created=true");
  assert.equal(c.firstName, "Priscilla");
  assert.equal(c.email, "priscilla.newcomb@mail.example");
  assert.equal(c.cellPhone, "3035550188");
  assert.equal(c.resumeSource, 17);
  const notes = await sandbox("GET", `jobdiva/notes?candidateId=${c.id}`);
  assert.equal(notes.length, 1);
  const [mail] = await sandbox("GET", "refassured/outbox");
  assert.equal(mail.subject, "New Candidate Opt-In! Priscilla Newcomb - Travel Nurse at Harbor Medical Center");
  assert.equal(mail.link, `${HOST_URL}/?candidateId=${c.id}`);
  assert.deepEqual(mail.to, ["leads@agency.example", "rachel.recruiter@agency.example", "tom.teamlead@agency.example"]);
  assert.equal(await p.getByRole("link").getAttribute("href"), mail.link);
  const [state] = (await sandbox("GET", "refassured/opt-ins")).filter((o) => o.person === "Priscilla Newcomb");
  assert.deepEqual([state.resolved, state.action, state.atsRecordId], [true, "created_candidate", String(c.id)]);
});

test("without the RefAssured resume source, the fix is spelled out and nothing is created", async () => {
  await resetSandbox();
  await sandbox("PUT", "settings", { refassured_resume_source: false });
  const page = await allOptIns();
  const p = row(page, "Priscilla Newcomb");
  await p.getByRole("button", { name: "Create candidate" }).click();
  const reason = p.locator("[data-testid=pending-reason]");
  await reason.waitFor({ timeout: 15000 });
  assert.match(await reason.textContent(), /JobDiva: Settings → Connect → Resume Parameters → Manage Resume Sources → Add "RefAssured"/);
  assert.deepEqual(await sandbox("GET", "jobdiva/candidates?created=true"), []);
  await sandbox("PUT", "settings", { refassured_resume_source: true });
});

test("sales: a matching contact gets a note; a new contact at a known company; otherwise a lead", async () => {
  await resetSandbox();
  const page = await allOptIns();
  assert.match(await row(page, "Paul Buyer").locator("[data-testid=decision]").textContent(), /Already in JobDiva by email/);
  assert.match(await row(page, "Nadia Staffing").locator("[data-testid=decision]").textContent(), /new contact will be created/);
  assert.match(await row(page, "Gary Prospect").locator("[data-testid=decision]").textContent(), /new lead will be created/);
  for (const [name, button] of [["Paul Buyer", "Add a note to the existing contact"], ["Nadia Staffing", "Create contact"], ["Gary Prospect", "Create lead"]]) {
    await row(page, name).getByRole("button", { name: button }).click();
    await row(page, name).locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  }
  const contacts = await sandbox("GET", "jobdiva/contacts?created=true");
  assert.deepEqual(contacts.map((c) => [c.firstName, c.company]), [["Nadia", "SUMMIT HEALTH"]]);
  const paul = (await sandbox("GET", "jobdiva/contacts")).find((c) => c.firstName === "Paul");
  const notes = await sandbox("GET", "jobdiva/contact-notes");
  assert.deepEqual(notes.map((n) => n.contactId).sort(), [paul.id, contacts[0].id].sort(), "one note on the existing contact, one on the new one");
  const leads = await sandbox("GET", "jobdiva/leads");
  assert.deepEqual(leads.map((l) => [l.firstName, l.company]), [["Gary", "Unknown Co Staffing"]]);
  const subjects = (await sandbox("GET", "refassured/outbox")).map((e) => e.subject);
  assert.ok(subjects.includes("New Sales Opt-In! Gary Prospect - COO at Unknown Co Staffing"), subjects.join("; "));
});

test("the candidate's tab lists its opt-ins and processes them", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  const tab = await openTab(page);
  await tab.locator("#opt-ins [data-testid=decision]").first().waitFor({ timeout: 20000 });
  const maria = tab.locator("#opt-ins [data-testid=opt-in]", { hasText: "Maria Gonzalez" });
  await maria.getByRole("button", { name: "Add a note to the existing candidate" }).click();
  await maria.locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  assert.match(await tab.locator("#opt-ins [data-testid=summary]").textContent(), /0 created · 1 noted/);
});

/** Each person has at most one JobDiva record. */
async function assertNoDuplicates() {
  const byEmail = (list) => list.reduce((m, x) => m.set(x.email, (m.get(x.email) ?? 0) + 1), new Map());
  for (const [what, list] of [["candidates", await sandbox("GET", "jobdiva/candidates?created=true")], ["contacts", await sandbox("GET", "jobdiva/contacts?created=true")], ["leads", await sandbox("GET", "jobdiva/leads")]]) {
    for (const [email, n] of byEmail(list)) assert.equal(n, 1, `${n} ${what} for ${email}: ${JSON.stringify(list.filter((x) => x.email === email))}`);
  }
  // One opt-in note per person: a note whose answer was lost is never sent again.
  const notes = (await sandbox("GET", "jobdiva/notes")).filter((n) => /opted in as/.test(n.note));
  const perRecord = notes.reduce((m, n) => m.set(n.candidateId, (m.get(n.candidateId) ?? 0) + 1), new Map());
  for (const [id, n] of perRecord) assert.equal(n, 1, `${n} opt-in notes on candidate ${id}`);
}

test("under 5xx, 429s, hangs and drops on the creates: one record per person, nothing lost", async () => {
  await resetSandbox();
  await sandbox("PUT", "settings", { app_timeout_ms: 1500, hang_ms: 2500 });
  await sandbox("PUT", "faults", [
    { upstream: "jobdiva", route: "createCandidate", method: "POST", error_after_rate: 0.5, rate_429: 0.3, hang_after_rate: 0.3 },
    { upstream: "jobdiva", route: "createContact", method: "POST", rate_429: 1.0, remaining: 2 },
    { upstream: "jobdiva", route: "createContact", method: "POST", error_after_rate: 1.0, remaining: 1 },
    { upstream: "jobdiva", route: "createLead", method: "POST", drop_rate: 1.0, remaining: 1 },
    { upstream: "jobdiva", route: "searchCandidateProfile", error_rate: 0.2 },
    { upstream: "refassured", route: "notifications", rate_429: 0.5 },
  ]);
  const page = await allOptIns();
  const all = page.getByRole("button", { name: /^Process all/ });
  await all.click();
  await page.waitForFunction(() => !document.querySelector("#all-opt-ins progress"), null, { timeout: 120000 });
  await assertNoDuplicates();
  // Every opt-in is resolved, or visibly pending with its reason, or waiting for a decision.
  const states = await page.locator("[data-testid=opt-in]").evaluateAll((rows) => rows.map((r) => ({
    name: r.querySelector("strong")?.textContent.trim(),
    done: !!r.querySelector("[data-testid=outcome]"),
    pending: r.querySelector("[data-testid=pending-reason]")?.textContent ?? null,
    deciding: !!r.querySelector("[data-testid=needs-decision]"),
  })));
  for (const s of states) assert.ok(s.done || s.pending || s.deciding, `${s.name} is neither done, pending nor deciding`);
  for (const n of ["Laura Chen", "Li Wu"]) assert.ok(states.find((s) => s.name === n).deciding, `${n} waits for a decision`);
  assert.match(states.find((s) => s.name === "Gary Prospect").pending ?? "", /may have created the lead/);
  const before = new Map(states.map((s) => [s.name, s]));

  // Faults gone, process the rest: everything but the human decisions resolves, still no duplicate.
  await sandbox("DELETE", "faults");
  if (await all.isEnabled()) {
    await all.click();
    await page.waitForFunction(() => !document.querySelector("#all-opt-ins progress"), null, { timeout: 60000 });
  }
  await assertNoDuplicates();
  const resolved = (await sandbox("GET", "refassured/opt-ins")).filter((o) => o.resolved).map((o) => o.person).sort();
  // A write whose answer was lost (a note or a lead: "createCandidate" faults also hit
  // createCandidateNote) waits for a person, in every tab; everything else is resolved.
  const waiting = await page.locator("[data-testid=opt-in]", { has: page.locator("[data-testid=pending-reason]", { hasText: "Waiting for a person to check JobDiva" }) })
    .evaluateAll((rows) => rows.map((r) => r.querySelector("strong").textContent.trim()));
  assert.ok(waiting.includes("Gary Prospect"), `Gary waits for a person (waiting: ${waiting.join(", ")})`);
  const expected = [...before.keys()].filter((n) => !["Laura Chen", "Li Wu", ...waiting].includes(n)).sort();
  assert.ok(expected.length >= 6, `most opt-ins finish (waiting: ${waiting.join(", ")})`);
  for (const n of expected) assert.ok(resolved.includes(n), `${n} resolved (resolved: ${resolved.join(", ")})`);
  const leads = await sandbox("GET", "jobdiva/leads");
  assert.equal(leads.length, 1, "the dropped answer's lead exists once, and was not created again");
  assert.match(await row(page, "Gary Prospect").locator("[data-testid=pending-reason]").textContent(), /Check JobDiva's leads/);
  assert.equal(await row(page, "Gary Prospect").getByRole("button", { name: "I checked JobDiva: it is not there, go on" }).count(), 1);
  // Recorded with RefAssured: a fresh tab (a colleague) sees it at once, and its "Process all"
  // leaves it alone.
  const fresh = await allOptIns();
  assert.match(await row(fresh, "Gary Prospect").locator("[data-testid=pending-reason]").textContent(), /Waiting for a person to check JobDiva/);
  const again = fresh.getByRole("button", { name: /^Process all/ });
  if (await again.isEnabled()) {
    await again.click();
    await fresh.waitForFunction(() => !document.querySelector("#all-opt-ins progress"), null, { timeout: 60000 });
  }
  assert.equal((await sandbox("GET", "jobdiva/leads")).length, 1, "not created again from another tab");
  // The colleague finds the lead in JobDiva and says so, with its id: done, nothing written.
  const [lead] = await sandbox("GET", "jobdiva/leads");
  const gary = row(fresh, "Gary Prospect");
  await gary.getByLabel("It is in JobDiva as").selectOption({ label: "a new lead" });
  await gary.getByLabel("JobDiva record id").fill("x");
  await gary.getByRole("button", { name: "It is there: mark it done" }).click();
  assert.match(await gary.locator(".field-error").textContent(), /digits/);
  await gary.getByLabel("JobDiva record id").fill(`#${lead.id}`);
  await gary.getByLabel("JobDiva record id").press("Enter");
  await gary.locator("[data-testid=outcome]").waitFor({ timeout: 15000 });
  const garyNow = (await sandbox("GET", "refassured/opt-ins")).find((o) => o.person === "Gary Prospect");
  assert.deepEqual([garyNow.action, garyNow.atsRecordId], ["created_lead", String(lead.id)]);
  assert.equal((await sandbox("GET", "jobdiva/leads")).length, 1, "nothing written to JobDiva");
  assert.deepEqual(await axe(fresh.mainFrame()), []);
  await sandbox("PUT", "settings", { app_timeout_ms: null, hang_ms: 120000 });
});
