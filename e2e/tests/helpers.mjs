// Shared set-up for the end-to-end tests: headless Debian Chromium via playwright-core,
// against the sandbox that scripts/test.sh started.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SANDBOX_URL = process.env.SANDBOX_URL ?? "http://127.0.0.1:18787";
export const HOST_URL = process.env.HOST_URL ?? "http://127.0.0.1:18788";
export const API_KEY = "sandbox-api-key";
/// The panels whose `ra:ready:<panel>` marks (set by the panels in src/components) say a load of the tab is complete.
export const PANELS = ["candidate", "references", "referral", "opt-ins"];
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/// Back to the seeded data: earlier test layers change the sandbox.
export async function resetSandbox() {
  const r = await fetch(`${SANDBOX_URL}/_sandbox/reset`, { method: "POST" });
  if (!r.ok) throw new Error(`sandbox reset failed: ${r.status}`);
}

/// Chromium as the tests run it: its switches, beside the ones Playwright adds.
const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SWITCHES = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
];

/// Without the omnibox's WebUI popup: Chromium 156 loads it (chrome://omnibox-popup.top-chrome,
/// a renderer of its own) in every new window, and every `browser.newContext()` is a new window.
/// It took 600–770 ms of CPU in the 600 ms after `newPage()`, that is, during the load a test or
/// a benchmark starts next, on a machine of two cores (docs/performance.md, "Session 22"). A
/// recruiter's browser pays it once, when its window opens, not when a record does. A Chromium
/// without these features ignores them.
const DISABLED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup"];

/// Playwright starts Chromium with a `--disable-features` list of its own, and Chromium obeys
/// only the last `--disable-features` it is given. So ours joins Playwright's list, read once per
/// process from the command line Playwright gave a Chromium (chrome://version), in its place.
let playwrightFeatures;
function playwrightDisabledFeatures() {
  playwrightFeatures ??= (async () => {
    const browser = await chromium.launch({ executablePath: EXECUTABLE, args: SWITCHES });
    try {
      const page = await browser.newPage();
      await page.goto("chrome://version");
      const flag = /--disable-features=(\S+)/.exec(await page.textContent("#command_line"))?.[1];
      if (!flag) throw new Error("chrome://version shows no --disable-features from Playwright");
      return flag;
    } finally {
      await browser.close();
    }
  })();
  return playwrightFeatures;
}

/// Options for `chromium.launch` and `chromium.launchPersistentContext`: Chromium as the tests
/// run it, with `args` added (an argument of `args` that disables features replaces the list).
export async function chromiumOptions(args = []) {
  const theirs = await playwrightDisabledFeatures();
  return {
    executablePath: EXECUTABLE,
    ignoreDefaultArgs: [`--disable-features=${theirs}`],
    args: [...SWITCHES, `--disable-features=${[theirs, ...DISABLED_FEATURES].join(",")}`, ...args],
  };
}

export async function launch() {
  await resetSandbox();
  return chromium.launch(await chromiumOptions());
}

/// The same Chromium (with `args` added) on a kept profile in a new temporary directory, as a
/// recruiter's browser has: unlike a `browser.newContext()` (incognito), it has a code cache.
/// Returns the browser context; its `close` also removes the directory, once Chromium has exited.
export async function launchKept(args = [], contextOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ra-profile-"));
  const context = await chromium.launchPersistentContext(dir, { ...(await chromiumOptions(args)), ...contextOptions });
  const close = context.close.bind(context);
  context.close = async (...a) => { await close(...a); rmSync(dir, { recursive: true, force: true, maxRetries: 10 }); };
  return context;
}

/// A fresh page that fails the test on any uncaught error or wasm panic in any frame.
export async function newPage(browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  // Every frame reports what its Content-Security-Policy refused: a violation fails the test.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.documentURI}`));
  });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && /panicked|RuntimeError|unreachable|CSP violation/.test(m.text())) page.errors.push(m.text());
  });
  return page;
}

/// The frame of the tab inside the mock JobDiva page.
export async function tabFrame(page) {
  const handle = await page.waitForSelector("#refassured-frame[src]");
  const frame = await handle.contentFrame();
  await frame.waitForLoadState("domcontentloaded");
  return frame;
}

/// The admin console signed in with the sandbox's key; `direct` adds the admin's direct access
/// (JobDiva sign-in and Staffing Referrals token) instead of the relay.
export async function signInConsole(page, { direct = false } = {}) {
  await page.goto(`${SANDBOX_URL}/app/console/`);
  await page.getByLabel("RefAssured API key").fill(API_KEY);
  if (direct) {
    await page.getByText("Direct access (admins, optional)").click();
    await page.getByLabel("JobDiva client id").fill("1000");
    await page.getByLabel("JobDiva API user").fill("api@refassured.com");
    await page.getByLabel("JobDiva API password").fill("sandbox");
    await page.getByLabel("Staffing Referrals API token").fill("sandbox-sr-token");
  }
  await page.getByRole("button", { name: "Continue" }).click();
}

/// The console's "All pending opt-ins", its list loaded within `timeout` ms.
export async function openAllOptIns(page, { direct = false, timeout = 15000 } = {}) {
  await signInConsole(page, { direct });
  await page.getByRole("button", { name: "All pending opt-ins" }).click();
  await page.locator("#all-opt-ins [data-state=ready]").waitFor({ timeout });
}

/// The console's referral program.
export async function openProgram(page) {
  await signInConsole(page);
  await page.getByRole("button", { name: "Referral program" }).click();
  await page.locator("[data-testid=last-sync]").waitFor({ timeout: 15000 });
}

/// A day `days` from today as `YYYY-MM-DD` (for date inputs; never a fixed date that ages).
export const dayFromNow = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/// GET a sandbox address as JSON, and the same for Staffing Referrals' and RefAssured's APIs
/// with the sandbox's credentials (what a test reads back after the app wrote).
export const getJson = async (path, headers = {}) => (await fetch(`${SANDBOX_URL}${path}`, { headers })).json();
export const sr = (path) => getJson(`/staffingreferrals/api/v1/${path}`, { Authorization: "sandbox-sr-token" });
export const ra = (path) => getJson(`/refassured/api/v1/${path}`, { "x-api-key": API_KEY });

/// Call the sandbox's admin API.
export async function sandbox(method, path, body) {
  const r = await fetch(`${SANDBOX_URL}/_sandbox/${path}`, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`sandbox ${method} ${path}: ${r.status}`);
  return r.status === 204 ? null : r.json();
}

/// Hold the upstream requests a rule matches (before the upstream acts) until `release()`: how
/// a test sees a loading or retrying state without racing a clock.
export async function hold(rule) {
  await sandbox("POST", "faults", { ...rule, hold: true });
}

/// Let every held request go on and stop holding.
export async function release() {
  return (await sandbox("POST", "release")).released;
}

/// Wait until the sandbox holds at least `n` requests.
export async function heldAtLeast(n) {
  for (;;) {
    if ((await sandbox("GET", "held")).held >= n) return;
    await new Promise((r) => setImmediate(r));
  }
}

/// Open the mock JobDiva page on a candidate and wait until the tab has loaded its panels.
export async function openTab(page, candidateId = "5000000101", extra = "") {
  await page.goto(`${HOST_URL}/?candidateId=${candidateId}${extra}`);
  const frame = await tabFrame(page);
  await frame.locator("[data-testid=candidate-id]").waitFor({ timeout: 15000 });
  return frame;
}

/// axe-core's WCAG A/AA rules on a frame; returns the violations.
export async function axe(frame) {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag
  // would be refused, rightly).
  const { readFileSync } = await import("node:fs");
  await frame.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const result = await frame.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "best-practice"] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
