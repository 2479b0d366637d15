// What the tab-load benchmarks share (bench/time_to_content.mjs, bench/trace_load.mjs,
// bench/ab_loads.mjs): the browser they launch, the panels whose ready marks end a load, opening
// the tab inside the mock JobDiva page until every panel is ready, and reading the duplicate
// checks from the sandbox's log.
import { createRequire } from "node:module";
const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const { chromium } = require("playwright-core");
import { PANELS, chromiumOptions, launchKept as launchKeptProfile } from "../e2e/tests/helpers.mjs";

export { PANELS };

/** Chromium as the tests run it (e2e/tests/helpers.mjs), on any certificate; CHROMIUM_ARGS adds
 * flags (bench/time_to_content.sh: the HTTPS sandbox's certificate; session 12:
 * `--js-flags=--no-wasm-lazy-compilation`, to see what lazy compilation costs a load). */
const args = () => ["--ignore-certificate-errors", ...(process.env.CHROMIUM_ARGS ? process.env.CHROMIUM_ARGS.split(" ") : [])];

export async function launch() {
  return chromium.launch(await chromiumOptions(args()));
}

/** The same on a kept profile, as a recruiter's browser has: unlike a `newContext` (incognito),
 * it has a code cache, so Chrome may keep the WebAssembly's compiled code between loads
 * (docs/performance.md, "Session 17"). */
export const launchKept = (contextOptions = {}) => launchKeptProfile(args(), contextOptions);

/** Open the mock JobDiva page on `candidateId` in `page`; resolves with the tab's frame once
 * every panel (of `parts`: `ra:ready:<part>` marks) is ready. */
export async function openUntilReady(page, host, candidateId, parts = PANELS) {
  // Nothing of Playwright's runs in the page until the load is over: the host page and the tab
  // share one renderer, and Playwright's first look into a frame compiles its injected script
  // there (a 30 ms task, traced in the middle of the tab's second wave). So the tab's frame
  // says when its panels are ready on the console, from a script of the page's own, and only
  // then is it looked into.
  await page.addInitScript((panels) => {
    const done = () => panels.every((p) => performance.getEntriesByName(`ra:ready:${p}`).length);
    try {
      new PerformanceObserver((_, observer) => { if (done()) { observer.disconnect(); console.debug("ra:bench:ready"); } }).observe({ type: "mark", buffered: true });
    } catch {}
  }, parts);
  const ready = page.waitForEvent("console", { predicate: (m) => m.text() === "ra:bench:ready", timeout: 60_000 });
  await page.goto(`${host}/?candidateId=${candidateId}`, { waitUntil: "commit" });
  await ready;
  return (await page.waitForSelector("#refassured-frame[src]")).contentFrame();
}

/** From the sandbox's log of a load: when the opt-ins' duplicate searches reached the sandbox
 * and when the last was answered, in ms after the opt-ins' answer left it (null: no searches). */
export function secondWave(log) {
  const optIns = log.find((e) => /\/opt-ins$/.test(e.path ?? ""));
  const searches = log.filter((e) => /search/i.test(e.path ?? "") && /\/relay\//.test(e.path ?? ""));
  if (!optIns || !searches.length) return null;
  const from = optIns.end_ms;
  return { first: Math.min(...searches.map((e) => e.start_ms)) - from, last: Math.max(...searches.map((e) => e.start_ms)) - from, answered: Math.max(...searches.map((e) => e.end_ms)) - from, count: searches.length };
}
