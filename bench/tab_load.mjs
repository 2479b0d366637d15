// What the tab-load benchmarks share (bench/time_to_content.mjs, bench/trace_load.mjs): the
// browser they launch, the panels whose ready marks end a load, and opening the tab inside the
// mock JobDiva page until every panel is ready.
import { createRequire } from "node:module";
const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const PANELS = ["candidate", "references", "referral", "opt-ins"];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--ignore-certificate-errors", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** Open the mock JobDiva page on `candidateId` in `page`; resolves with the tab's frame once every panel is ready. */
export async function openUntilReady(page, host, candidateId) {
  await page.goto(`${host}/?candidateId=${candidateId}`);
  const frame = await (await page.waitForSelector("#refassured-frame[src]")).contentFrame();
  await frame.waitForLoadState("domcontentloaded");
  // Wait on the marks themselves, not by polling: Playwright's polling runs in the measured
  // renderer (the host page and the tab share it) and slowed the very load it measured.
  await frame.evaluate((panels) => new Promise((resolve) => {
    const done = () => panels.every((p) => performance.getEntriesByName(`ra:ready:${p}`).length);
    if (done()) return resolve();
    new PerformanceObserver((_, observer) => { if (done()) { observer.disconnect(); resolve(); } }).observe({ type: "mark", buffered: true });
  }), PANELS);
  return frame;
}
