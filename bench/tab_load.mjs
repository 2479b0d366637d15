// What the tab-load benchmarks share (bench/time_to_content.mjs, bench/trace_load.mjs): the
// browser they launch, the panels whose ready marks end a load, and opening the tab inside the
// mock JobDiva page until every panel is ready.
import { createRequire } from "node:module";
const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const PANELS = ["candidate", "references", "referral", "opt-ins"];

/** Chromium as the benchmarks run it; CHROMIUM_ARGS adds flags for an experiment (session 12:
 * `--js-flags=--no-wasm-lazy-compilation`, to see what lazy compilation costs a load). */
export function launch() {
  return chromium.launch(options());
}

const options = () => ({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--ignore-certificate-errors", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", ...(process.env.CHROMIUM_ARGS ? process.env.CHROMIUM_ARGS.split(" ") : [])],
});

/** The same Chromium with a kept profile in a new temporary directory, as a recruiter's browser
 * has: unlike a `newContext` (incognito), it has a code cache, so Chrome may keep the
 * WebAssembly's compiled code between loads (docs/performance.md, "Session 17"). Returns the
 * browser context; closing it removes the directory (once Chromium has let go of it). */
export async function launchKept(contextOptions = {}) {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "ra-bench-profile-"));
  const context = await chromium.launchPersistentContext(dir, { ...options(), ...contextOptions });
  // (Chromium may still be writing to it as it exits: a directory left in /tmp is no failure.)
  context.on("close", () => { try { rmSync(dir, { recursive: true, force: true, maxRetries: 10 }); } catch {} });
  return context;
}

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
