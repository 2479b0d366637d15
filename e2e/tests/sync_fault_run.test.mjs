// The referral sync's fault run (issue 12): 500 more referrals of distinct applicants, synced from
// the admin console while JobDiva answers 10 % 429, 10 % 5xx (half of them after acting), 5 %
// hangs (half after acting) and 5 % dropped connections, and Staffing Referrals 5 % 429, 10 % 5xx
// (half after acting) and 2 % drops. The run pauses when it must and is resumed until it
// finishes. Afterwards: one JobDiva candidate per applicant, one note per referral (and one
// ambassador credit), every referral done or listed with its reason, the JobDiva id written back
// for every done one; and a second run changes nothing that was done. Then the ambassador
// invitations under the same faults: one invitation per Staffing Referrals user, at most one
// note per candidate. The counts are printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, sandbox, resetSandbox, getJson as json, sr, ra, openProgram } from "./helpers.mjs";

const BULK = 500;
const FAULTS = [
  { upstream: "jobdiva", rate_429: 0.10, error_rate: 0.05, error_after_rate: 0.05, hang_rate: 0.025, hang_after_rate: 0.025, drop_rate: 0.05 },
  { upstream: "staffingreferrals", rate_429: 0.05, error_rate: 0.05, error_after_rate: 0.05, drop_rate: 0.02 },
];
const LONG = 20 * 60_000;

let browser;
before(async () => {
  browser = await launch();
  await sandbox("PUT", "settings", { bulk_referrals: BULK, app_timeout_ms: 1000, hang_ms: 1500 });
});
after(async () => {
  await sandbox("PUT", "settings", { bulk_referrals: 0, app_timeout_ms: null, hang_ms: 120000 });
  await sandbox("DELETE", "faults");
  await resetSandbox();
  await browser?.close();
});


/// Start (after a preview), then resume every time the run pauses, until it finishes.
async function syncToTheEnd(page) {
  await page.getByRole("button", { name: "Preview the sync" }).click();
  const start = page.getByRole("button", { name: "Start the sync" });
  await start.waitFor({ timeout: LONG });
  await sandbox("PUT", "faults", FAULTS);
  await start.click();
  let resumes = 0;
  for (;;) {
    const finished = page.locator("[data-testid=sync-finished]");
    const resume = page.getByRole("button", { name: "Resume the sync" });
    await finished.or(resume).first().waitFor({ timeout: LONG });
    if (await finished.isVisible()) break;
    assert.ok(++resumes <= 40, "the run finishes within 40 resumes");
    await resume.click();
  }
  await sandbox("DELETE", "faults");
  return resumes;
}

/// Every record in these states, all pages.
async function records(states) {
  const out = [];
  for (let page = 0; ; page++) {
    const { items, total } = await ra(`program/referrals?state=${states}&page=${page}`);
    out.push(...items);
    if (items.length === 0 || out.length >= total) return out;
  }
}

/// What the sandbox holds, checked per referral; the counts.
async function check(label, referrals) {
  const [candidates, notes] = await Promise.all([json("/_sandbox/jobdiva/candidates"), json("/_sandbox/jobdiva/notes")]);
  const done = new Map((await records("done")).map((i) => [i.referralId, i]));
  const waiting = new Map((await records("needs_person,needs_decision,failed")).map((i) => [i.referralId, i]));
  const byEmail = new Map();
  for (const c of candidates) {
    const e = (c.email ?? "").toLowerCase();
    if (e) byEmail.set(e, (byEmail.get(e) ?? 0) + 1);
  }
  const applicantNotes = new Map(), credits = new Map();
  for (const n of notes) {
    const a = /Staffing Referrals referral (\d+) \(/.exec(n.note ?? ""), c = /^Referral credit: .* referral (\d+)[,.]/.exec(n.note ?? "");
    if (a) applicantNotes.set(Number(a[1]), [...(applicantNotes.get(Number(a[1])) ?? []), n]);
    if (c) credits.set(Number(c[1]), [...(credits.get(Number(c[1])) ?? []), n]);
  }
  const counts = { referrals: referrals.length, done: 0, needsPerson: 0, needsDecision: 0, failed: 0, created: 0 };
  for (const r of referrals) {
    const email = (r.applicant.email ?? "").toLowerCase();
    assert.ok((byEmail.get(email) ?? 0) <= 1, `${label}: ${byEmail.get(email)} JobDiva candidates for ${email}`);
    const mine = applicantNotes.get(r.id) ?? [], credit = credits.get(r.id) ?? [];
    assert.ok(mine.length <= 1, `${label}: referral ${r.id} has ${mine.length} notes`);
    assert.ok(credit.length <= 1, `${label}: referral ${r.id} has ${credit.length} ambassador credits`);
    const item = done.get(r.id);
    if (item) {
      counts.done++;
      if (/created/.test(item.action ?? "")) counts.created++;
      assert.equal(mine.length, 1, `${label}: referral ${r.id} is done with ${mine.length} notes`);
      assert.equal(String(mine[0].candidateId), item.jobdivaId, `${label}: referral ${r.id}'s note is on its candidate`);
      continue;
    }
    const w = waiting.get(r.id);
    assert.ok(w && (w.reason ?? "").trim(), `${label}: referral ${r.id} is neither done nor listed with a reason (${JSON.stringify(w)})`);
    counts[{ needs_person: "needsPerson", needs_decision: "needsDecision", failed: "failed" }[w.state]]++;
  }
  return { counts, done, applicantNotes, credits, candidates: candidates.length };
}

test(`sync fault run: ${BULK} more referrals under 429s, 5xx, hangs and drops; one candidate per applicant, one note per referral, nothing done twice`, { timeout: 3 * LONG }, async () => {
  await sandbox("DELETE", "faults");
  await resetSandbox();
  const referrals = (await sr("referrals?page_size=1000")).data;
  assert.ok(referrals.length >= BULK, `${referrals.length} referrals`);
  const page = await newPage(browser);
  await openProgram(page);
  const resumes = await syncToTheEnd(page);
  const log = await sandbox("GET", "requests");
  const first = await check("first run", referrals);
  const faulted = log.filter((e) => e.fault).length;
  console.log(`sync fault run, first run: ${JSON.stringify({ ...first.counts, resumes, calls: log.length, faulted })}`);
  assert.ok(faulted > 200, `the faults were real (${faulted} faulted calls)`);
  assert.ok(first.counts.done >= referrals.length * 0.6, `most referrals are done (${first.counts.done} of ${referrals.length})`);
  // Every done applicant holds its JobDiva id in Staffing Referrals.
  const users = new Map();
  for (let p = 0; ; p++) {
    const u = await sr(`users?role_name=applicant&page_size=1000&page_index=${p}`);
    for (const x of u.data) users.set(x.id, x);
    if (u.num_pages_remaining === 0) break;
  }
  for (const r of referrals) {
    const item = first.done.get(r.id);
    if (item) assert.equal(users.get(r.applicant.id)?.ats_id, item.jobdivaId, `applicant ${r.applicant.id} holds the JobDiva id`);
  }

  // A second run, with the faults on again: what was done stays as it was (nothing is written
  // twice); what failed is tried again.
  await page.reload();
  await openProgram(page);
  await syncToTheEnd(page);
  const second = await check("second run", referrals);
  console.log(`sync fault run, second run: ${JSON.stringify(second.counts)}`);
  for (const [id] of first.done) {
    assert.equal((second.applicantNotes.get(id) ?? []).length, 1, `referral ${id}: its one note`);
    assert.equal((second.credits.get(id) ?? []).length, (first.credits.get(id) ?? []).length, `referral ${id}: its ambassador credit`);
  }
  assert.ok(second.counts.done >= first.counts.done, "nothing done is undone");
  assert.ok(second.counts.failed <= first.counts.failed, "failures are tried again");
  assert.deepEqual(page.errors, []);
});

test("invitation fault run: the forty JobDiva candidates invited as ambassadors under the same faults, twice; one invitation and one note each", { timeout: LONG }, async () => {
  await sandbox("DELETE", "faults");
  await resetSandbox();
  const ids = Array.from({ length: 40 }, (_, i) => 5000000101 + i);
  const page = await newPage(browser);
  await openProgram(page);
  const panel = page.locator("#invites");
  const invitesSent = async () => {
    await panel.getByLabel("JobDiva candidate ids (one per line)").fill(ids.join("\n"));
    await panel.getByRole("button", { name: "Check them" }).click();
    await panel.locator("[data-testid=invite-row]").nth(ids.length - 1).waitFor({ timeout: LONG });
    const send = panel.locator("[data-testid=send-invites]");
    if (!(await send.isEnabled())) return;
    await sandbox("PUT", "faults", FAULTS);
    await send.click();
    // Every row planned as an invitation has its result (sent, waiting for a person, or failed).
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=invite-row]")]
      .filter((r) => r.children[1].textContent === "Invite")
      .every((r) => r.children[2].textContent && !/Sending/.test(r.children[2].textContent)), null, { timeout: LONG });
    await sandbox("DELETE", "faults");
  };
  await invitesSent();
  await invitesSent();

  const [sent, notes] = await Promise.all([json("/_sandbox/staffingreferrals/invitations"), json("/_sandbox/jobdiva/notes")]);
  const perUser = sent.reduce((m, i) => m.set(i.userId, (m.get(i.userId) ?? 0) + 1), new Map());
  for (const [user, n] of perUser) assert.equal(n, 1, `Staffing Referrals user ${user}: ${n} invitations`);
  const { invites } = await ra(`program/invites?ids=${ids.join(",")}`);
  const counts = { invited: 0, waitingForAPerson: 0, failed: 0, skipped: ids.length - invites.length };
  for (const id of ids) {
    const mine = notes.filter((n) => String(n.candidateId) === String(id) && n.note.includes("as an ambassador"));
    assert.ok(mine.length <= 1, `candidate ${id}: ${mine.length} invitation notes`);
    const inv = invites.find((i) => String(i.candidateId) === String(id));
    if (!inv) continue;
    if (inv.state === "done") {
      counts.invited++;
      assert.equal(mine.length, 1, `candidate ${id} is invited with ${mine.length} notes`);
    } else if (inv.state === "needs_person") counts.waitingForAPerson++;
    else {
      counts.failed++;
      assert.ok((inv.reason ?? "").trim(), `candidate ${id}: ${inv.state} without a reason`);
    }
  }
  console.log(`invitation fault run: ${JSON.stringify({ ...counts, invitations: sent.length })}`);
  assert.ok(counts.invited >= 5, `invitations went out (${JSON.stringify(counts)})`);
  assert.deepEqual(page.errors, []);
});
