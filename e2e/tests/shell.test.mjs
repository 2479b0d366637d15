// The tab's shell (index.html): the loading tab's layout, painted with the page before the
// WebAssembly has arrived, then replaced by the app without moving anything.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, tabFrame, HOST_URL } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Where the tab's heading, panels, their headings and their first lines are drawn. */
const boxes = (frame) => frame.evaluate(() => {
  const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map((v) => Math.round(v)); };
  // The header's lines: where they start and how tall (their width is the header's less the
  // signed-in recruiter's address, which the shell cannot know; the text is left-aligned).
  const line = (e) => { const b = box(e); return b && [b[0], b[1], b[3]]; };
  const out = { heading: line(document.querySelector("main h1")), id: line(document.querySelector("main .candidate-id")), status: line(document.querySelector("main .tab-header-main [role=status]")), header: line(document.querySelector("main header")) };
  out.recruiter = box(document.querySelector("main .tab-header-side > .muted"));
  for (const id of ["references", "opt-ins", "referral"]) {
    const s = document.querySelector(`section#${id}`);
    out[id] = box(s);
    out[`${id} heading`] = box(s?.querySelector("h2"));
    out[`${id} loading`] = box(s?.querySelector("p.muted"));
  }
  out["new request"] = box(document.querySelector("#references .new-request"));
  return out;
});

/** The header's candidate line and the recruiter's address, as shown (null: not shown). */
const header = (frame) => frame.evaluate(() => {
  const shown = (e) => (e && getComputedStyle(e).visibility === "visible" && e.textContent.trim()) || null;
  return { id: shown(document.querySelector("main .candidate-id")), recruiter: shown(document.querySelector("main .tab-header-side > .muted")) };
});

/** Hold the tab's WebAssembly until the returned function is called. */
async function holdWasm(page) {
  let go;
  const released = new Promise((r) => { go = r; });
  await page.route(/_bg\.wasm$/, async (route) => { await released; await route.continue(); });
  return go;
}

/**
 * Hold the tab's requests to RefAssured until the page is closed, so that its loading state
 * stays on screen. They are held in the browser, not in the sandbox: held there, the shell's
 * first wave (index.html) would take the page's six HTTP/1.1 connections to the sandbox, which
 * serves the app too, and the WebAssembly held back by `holdWasm` could then never arrive. (In
 * a page load nothing holds the WebAssembly: it is asked for from the page's head, before the
 * shell's requests.)
 */
const holdApi = (page) => page.route(/\/refassured\/api\//, () => {});

test("the shell is drawn before the app starts, and the loading tab takes its place box for box", async () => {
  // Wide (panels side by side), narrower (one column), narrow (the header's side on a row of its own).
  for (const width of [1280, 800, 640]) {
    const page = await newPage(browser, { width, height: 900 });
    await holdApi(page);
    const startApp = await holdWasm(page);
    await page.goto(`${HOST_URL}/?candidateId=5000000101`);
    const frame = await tabFrame(page);
    await frame.locator("main.shell").waitFor();
    assert.equal(await frame.locator("[data-testid=tab]").count(), 0, "the app has not started");
    assert.equal(await frame.locator("main.shell").getAttribute("aria-busy"), "true");
    assert.equal(await frame.locator(".shell-stalled").isVisible(), false, "no alarm while it starts");
    const shell = await boxes(frame);
    const said = await header(frame);
    assert.deepEqual(said, { id: "JobDiva candidate 5000000101", recruiter: "rachel.recruiter@agency.example" }, "the shell names the candidate and the recruiter");
    startApp();
    for (const id of ["references", "opt-ins", "referral"]) await frame.locator(`#${id} [data-state=loading]`).waitFor({ timeout: 15000 });
    assert.equal(await frame.locator("main.shell").count(), 0, "the shell is gone");
    assert.equal(await frame.locator("main").count(), 1);
    const app = await boxes(frame);
    for (const [what, at] of Object.entries(shell)) assert.ok(at, `the shell has no ${what}`);
    assert.deepEqual(app, shell, `the loading tab is drawn where the shell was (${width} px)`);
    assert.deepEqual(await header(frame), said, "the app's header says what the shell said");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test("the shell names only the candidate the app will name: an address the app refuses leaves its line blank", async () => {
  // [the address's candidateId, what the app shows: its candidate line, or null for its error screen]
  const cases = [["0042", "JobDiva candidate 42"], [" 5000000101 ", "JobDiva candidate 5000000101"], ["12ab", null], ["0", null], ["18446744073709551616", null], ["18446744073709551615", "JobDiva candidate 18446744073709551615"]];
  for (const [id, app] of cases) {
    const page = await newPage(browser);
    await holdApi(page);
    const startApp = await holdWasm(page);
    await page.goto(`${HOST_URL}/?candidateId=${encodeURIComponent(id)}`);
    const frame = await tabFrame(page);
    await frame.locator("main.shell").waitFor();
    const shell = await header(frame);
    startApp();
    await frame.locator("[data-testid=candidate-id], [data-testid=context-error]").first().waitFor({ timeout: 15000 });
    const shown = await frame.locator("[data-testid=context-error]").count() ? null : (await header(frame)).id;
    assert.equal(shown, app, `the app on candidateId=${JSON.stringify(id)}`);
    assert.equal(shell.id, app, `the shell on candidateId=${JSON.stringify(id)}`);
    assert.equal(shell.recruiter, app && "rachel.recruiter@agency.example", "the recruiter only beside a candidate");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test("a tab whose app cannot start says so after a while, instead of loading for ever", async () => {
  const page = await newPage(browser);
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto(`${HOST_URL}/?candidateId=5000000101`);
  const frame = await tabFrame(page);
  await frame.locator("main.shell").waitFor();
  const stalled = frame.locator(".shell-stalled");
  assert.equal(await stalled.isVisible(), false);
  // Its delay is a CSS animation's: run it to its end rather than wait for it.
  const delay = await frame.evaluate(() => {
    const [a] = document.getAnimations().filter((a) => a.animationName === "shell-stalled");
    const delay = a.effect.getTiming().delay;
    a.finish();
    return delay;
  });
  assert.equal(delay, 20000);
  assert.equal(await stalled.isVisible(), true);
  assert.match(await stalled.textContent(), /has not started\. Reload the candidate's record/);
  assert.equal(await frame.locator("[data-testid=tab]").count(), 0);
});
