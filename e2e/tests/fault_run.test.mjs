// The opt-in fault run at scale (issue 13): 200 pending opt-ins of distinct people, every JobDiva
// call under 10 % 429, 20 % 5xx (half of them after JobDiva acted), 5 % hangs (half after
// acting) and 5 % dropped connections; in relay mode and in direct mode, each processed twice,
// then in two consoles at once (one relayed, one direct). Afterwards the sandbox holds exactly
// one JobDiva record and one opt-in note per resolved person, never two for anyone, and every
// opt-in is resolved or shows why it is not. The counts are printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, sandbox, resetSandbox, openAllOptIns } from "./helpers.mjs";

const BULK = 200;
const FAULTS = [{ upstream: "jobdiva", rate_429: 0.10, error_rate: 0.10, error_after_rate: 0.10, hang_rate: 0.025, hang_after_rate: 0.025, drop_rate: 0.05 }];
const LONG = 15 * 60_000;

let browser;
before(async () => {
  browser = await launch();
  // Short hangs: a hung call times out after 1 s (the deployment's timeout), the sandbox answers it after 1.5 s.
  await sandbox("PUT", "settings", { bulk_opt_ins: BULK, app_timeout_ms: 1000, hang_ms: 1500 });
});
after(async () => {
  await sandbox("PUT", "settings", { bulk_opt_ins: 0, app_timeout_ms: null, hang_ms: 120000 });
  await sandbox("DELETE", "faults");
  await resetSandbox();
  await browser?.close();
});

/// The console's "All pending opt-ins", relayed through RefAssured or with direct access.
async function console_(mode) {
  const page = await newPage(browser);
  await openAllOptIns(page, { direct: mode === "direct", timeout: 30000 });
  return page;
}

/// Every row's duplicate check has answered (or failed).
const assessed = (page) => page.waitForFunction(() => document.querySelectorAll("[data-testid=opt-in]").length > 0
  && ![...document.querySelectorAll("[data-testid=opt-in]")].some((e) => /Checking JobDiva/.test(e.textContent)), null, { timeout: LONG });

async function processAll(page) {
  await assessed(page);
  const all = page.getByRole("button", { name: /^Process all/ });
  if (!(await all.isEnabled())) return;
  await all.click();
  await page.locator("#all-opt-ins progress").waitFor({ timeout: 10000 }).catch(() => {});
  await page.waitForFunction(() => !document.querySelector("#all-opt-ins progress"), null, { timeout: LONG });
}

/// What the sandbox holds per person, checked: never two records or two notes for anyone;
/// exactly one of each for a resolved opt-in; every other one visibly waiting with a reason.
async function check(label, pages) {
  const optIns = (await sandbox("GET", "refassured/opt-ins")).filter((o) => o.scenario.startsWith("bulk"));
  assert.equal(optIns.length, BULK);
  const [candidates, contacts, leads, notes, contactNotes] = await Promise.all(
    ["jobdiva/candidates", "jobdiva/contacts", "jobdiva/leads", "jobdiva/notes", "jobdiva/contact-notes"].map((p) => sandbox("GET", p)));
  const tally = (list, key) => list.reduce((m, x) => { const k = key(x); if (k) m.set(k, (m.get(k) ?? 0) + 1); return m; }, new Map());
  const records = tally([...candidates, ...contacts, ...leads], (x) => x.email?.toLowerCase());
  // The opt-in line carries the person's email: one per note, wherever JobDiva keeps it.
  const noted = tally([...notes, ...contactNotes, ...leads].filter((n) => /opted in as/.test(n.note ?? "")), (n) => /Email: (\S+?)\.? /.exec(n.note)?.[1]?.toLowerCase());
  const rows = new Map();
  for (const page of pages) {
    for (const r of await page.locator("[data-testid=opt-in]").evaluateAll((els) => els.map((e) => ({
      id: Number(e.dataset.optInId),
      done: !!e.querySelector("[data-testid=outcome]"),
      reason: e.querySelector("[data-testid=pending-reason]")?.textContent ?? "",
      deciding: !!e.querySelector("[data-testid=needs-decision]"),
    })))) rows.set(r.id, [...(rows.get(r.id) ?? []), r]);
  }
  // What the consoles show together: a console that lost the claim to the other one says so
  // ("another open tab…") until it reloads; the other one shows what became of the opt-in.
  const shown = (id) => {
    const all = rows.get(id) ?? [];
    return all.find((r) => r.done) ?? all.find((r) => /Waiting for a person/.test(r.reason)) ?? all.find((r) => r.deciding) ?? all[all.length - 1];
  };
  const counts = { resolved: 0, waitingForAPerson: 0, failedWithReason: 0, deciding: 0, created: 0, noted: 0, leads: 0 };
  for (const o of optIns) {
    const n = records.get(o.email) ?? 0, k = noted.get(o.email) ?? 0;
    assert.ok(n <= 1, `${label}: ${n} JobDiva records for ${o.person} <${o.email}>`);
    if (k > 1) {
      const mine = [...notes, ...contactNotes, ...leads].filter((x) => (x.note ?? "").includes(`Email: ${o.email}`));
      assert.fail(`${label}: ${k} opt-in notes for ${o.person} <${o.email}>: ${JSON.stringify(mine.map((x) => ({ id: x.id, on: x.candidateId ?? x.contactId, created: x.created, note: x.note.slice(-120) })))}`);
    }
    const row = shown(o.id);
    if (o.resolved) {
      counts.resolved++;
      assert.equal(n, 1, `${label}: ${o.person} resolved (${o.action}) with ${n} JobDiva records`);
      assert.equal(k, 1, `${label}: ${o.person} resolved (${o.action}) with ${k} notes`);
      if (o.action.startsWith("created")) counts.created++; else counts.noted++;
      if (o.action === "created_lead") counts.leads++;
    } else if (o.attention) {
      counts.waitingForAPerson++;
      assert.ok(row && /Waiting for a person to check JobDiva/.test(row.reason), `${label}: ${o.person} waits for a person, and the console says so (${JSON.stringify(row)})`);
    } else if (row?.deciding) {
      counts.deciding++;
    } else {
      counts.failedWithReason++;
      assert.ok(row && row.reason.trim().length > 0, `${label}: ${o.person} is neither resolved nor visibly pending (${JSON.stringify(row)})`);
    }
  }
  // No bulk person is ever a name-only match: nothing waits for a decision.
  assert.equal(counts.deciding, 0, `${label}: nothing waits for a decision`);
  const log = await sandbox("GET", "requests?upstream=jobdiva");
  counts.jobdivaCalls = log.length;
  counts.faulted = log.filter((e) => e.fault).length;
  console.log(`fault run, ${label}: ${JSON.stringify(counts)}`);
  return counts;
}

for (const mode of ["relay", "direct"]) {
  test(`fault run, ${mode}: ${BULK} opt-ins processed twice under 429s, 5xx, hangs and drops; one record and one note per person`, { timeout: 2 * LONG }, async () => {
    await sandbox("DELETE", "faults");
    await resetSandbox();
    await sandbox("PUT", "faults", FAULTS);
    const page = await console_(mode);
    await processAll(page);
    const first = await check(`${mode}, first pass`, [page]);
    await processAll(page);
    const second = await check(`${mode}, second pass`, [page]);
    assert.ok(second.resolved >= first.resolved, "a second pass loses nothing");
    assert.ok(second.resolved >= BULK * 0.6, `most opt-ins finish under these faults (${second.resolved} of ${BULK})`);
    assert.ok(second.faulted > 100, `the faults were real (${second.faulted} faulted JobDiva calls)`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test(`fault run, two consoles at once (relay and direct): ${BULK} opt-ins, each written once`, { timeout: 2 * LONG }, async () => {
  await sandbox("DELETE", "faults");
  await resetSandbox();
  await sandbox("PUT", "faults", FAULTS);
  const [a, b] = await Promise.all([console_("relay"), console_("direct")]);
  await Promise.all([processAll(a), processAll(b)]);
  const counts = await check("two consoles", [a, b]);
  assert.ok(counts.resolved >= BULK * 0.6, `most opt-ins finish (${counts.resolved} of ${BULK})`);
  assert.deepEqual([...a.errors, ...b.errors], []);
});
