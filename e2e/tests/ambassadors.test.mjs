// Ambassadors from the candidate's tab: invite (Send Invitation with send_at, noted in JobDiva
// with the links, once), stop contacting, and a note on its way seen from a second tab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, openTab, axe, hold, heldAtLeast, release, resetSandbox, sandbox, getJson as json, sr, ra, dayFromNow } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const candidate = async (id) => (await json("/_sandbox/jobdiva/candidates")).find((c) => String(c.id) === id);
const notesOf = async (id) => (await json("/_sandbox/jobdiva/notes")).filter((n) => String(n.candidateId) === id);

test("invite a candidate as an ambassador with a start date: one invitation, one JobDiva note with the links; then stop contacting", async () => {
  await resetSandbox();
  const id = "5000000105";
  const { email } = await candidate(id);
  assert.equal((await sr(`users?email=${encodeURIComponent(email)}`)).data.length, 0, "not in Staffing Referrals yet");
  const page = await newPage(browser);
  const tab = await openTab(page, id);
  const part = tab.locator("#referral .ambassador");
  await part.locator("[data-testid=not-ambassador]").waitFor({ timeout: 15000 });
  await part.getByRole("button", { name: "Invite as ambassador…" }).click();
  await part.getByLabel("Start the invitation emails on (empty: now)").fill(dayFromNow(7));
  assert.deepEqual(await axe(tab), []);
  await part.getByRole("button", { name: "Send the invitation" }).click();
  await part.locator("[data-testid=ambassador-standing]").waitFor({ timeout: 15000 });
  assert.match(await part.locator("[data-testid=ambassador-standing]").textContent(), /Ambassador · Active · has not accepted the invitation yet/);

  const [user] = (await sr(`users?email=${encodeURIComponent(email)}`)).data;
  assert.equal(user.role_name, "ambassador");
  assert.equal(user.ats_id, id, "the JobDiva id is stored in Staffing Referrals");
  const sent = (await json("/_sandbox/staffingreferrals/invitations")).filter((i) => i.userId === user.id);
  assert.equal(sent.length, 1);
  const hours = (Date.parse(sent[0].sendAt) - Date.parse(dayFromNow(7))) / 3_600_000;
  assert.ok(Math.abs(hours) <= 24, `the emails start on the chosen day: ${sent[0].sendAt}`);
  const notes = await notesOf(id);
  assert.equal(notes.length, 1);
  assert.ok(notes[0].note.includes(`Accept the invitation: ${user.accept_url}`) && notes[0].note.includes(user.apply_url), notes[0].note);
  assert.equal((await ra(`program/invites?ids=${id}`)).invites[0].state, "done");

  // Another tab on the same candidate: an ambassador, nothing offered twice, nothing written.
  const other = await openTab(await newPage(browser), id);
  await other.locator("#referral [data-testid=ambassador-standing]").waitFor({ timeout: 15000 });
  assert.equal(await other.getByRole("button", { name: "Invite as ambassador…" }).count(), 0);

  // Stop contacting, with a confirmation.
  await part.getByRole("button", { name: "Stop contacting…" }).click();
  await part.getByRole("group", { name: "Confirm stop contacting" }).getByRole("button", { name: "Stop contacting" }).click();
  await part.locator("[data-testid=not-contacted]").waitFor({ timeout: 15000 });
  assert.equal((await sr(`users/${user.id}`)).data.status, "Inactive");
  assert.equal((await notesOf(id)).length, 1);
  assert.deepEqual(page.errors, []);
});

test("while one tab's invitation note is unanswered, another tab offers nothing and asks a person to check; the note lands once", async () => {
  await resetSandbox();
  const id = "5000000110";
  const page = await newPage(browser);
  const tab = await openTab(page, id);
  await tab.locator("#referral [data-testid=not-ambassador]").waitFor({ timeout: 15000 });
  await tab.getByRole("button", { name: "Invite as ambassador…" }).click();
  await hold({ upstream: "jobdiva", route: "createCandidateNote", method: "POST" });
  try {
    await tab.getByRole("button", { name: "Send the invitation" }).click();
    await heldAtLeast(1);
    assert.equal(await tab.getByRole("button", { name: "Inviting…" }).isDisabled(), true, "no second click while it is on its way");
    // A colleague opens the same candidate: the note's outcome is not known yet.
    const other = await openTab(await newPage(browser), id);
    await other.locator("#referral [data-testid=invite-needs-person]").waitFor({ timeout: 15000 });
    assert.equal(await other.getByRole("button", { name: "Invite as ambassador…" }).count(), 0);
  } finally {
    await release();
    await sandbox("DELETE", "faults");
  }
  await tab.locator("#referral [data-testid=ambassador-standing]").waitFor({ timeout: 15000 });
  assert.equal(await tab.locator("#referral [data-testid=invite-needs-person]").count(), 0, "settled: done");
  assert.equal((await notesOf(id)).length, 1, "one note");
  const sent = (await json("/_sandbox/requests?upstream=jobdiva")).filter((r) => r.path.includes("createCandidateNote"));
  assert.equal(sent.length, 1, "sent once");
  assert.equal((await json("/_sandbox/staffingreferrals/invitations")).length, 1);
  assert.deepEqual(page.errors, []);
});
