// The referral sync at scale (issue 12): every referral of a large Staffing Referrals data set
// synced from the admin console to the end, with the console's longest main-thread tasks, its
// wasm memory (linear memory only grows: the figure is its high-water mark) and JS heap sampled
// as it goes. Prints figures; not a test. Run by bench/sync_scale.sh.
import { chromiumOptions, signInConsole, sandbox, sr } from "../e2e/tests/helpers.mjs";
import { createRequire } from "node:module";
const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const PREVIEW = Number(process.env.PREVIEW ?? 1000); // referrals previewed before "Stop the preview here"
const HOURS = 3 * 3600_000;

const browser = await chromium.launch(await chromiumOptions(["--enable-precise-memory-info"]));
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.addInitScript(() => {
  window.__tasks = { over50: 0, longest: 0, count: 0 };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      const t = window.__tasks;
      t.count++; t.longest = Math.max(t.longest, e.duration);
      if (e.duration > 50) t.over50++;
    }
  }).observe({ type: "longtask", buffered: true });
  // What ran in each frame over 50 ms (Long Animation Frames: the scripts, by what invoked
  // them, and the frame's style and layout), to tell the console's own work from a GC or
  // the benchmark's own page.evaluate.
  window.__loaf = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        if (e.duration <= 50 || window.__loaf.length >= 50) continue;
        const scripts = e.scripts.map((s) => `${s.invoker || s.invokerType} ${s.sourceFunctionName || ""} ${(s.sourceURL || "").split("/").pop()} ${s.duration.toFixed(0)} ms`.replace(/\s+/g, " "));
        window.__loaf.push(`at ${(e.startTime / 1000).toFixed(0)} s: ${e.duration.toFixed(0)} ms (blocking ${e.blockingDuration.toFixed(0)}, render ${(e.renderStart ? e.startTime + e.duration - e.renderStart : 0).toFixed(0)}): ${scripts.join("; ") || "no script"}`);
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {}
});
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));

const total = (await sr("referrals?page_size=1")).num_records_total;
await sandbox("DELETE", "requests");
await signInConsole(page);
await page.getByRole("button", { name: "Referral program" }).click();
await page.locator("[data-testid=last-sync]").waitFor({ timeout: 60_000 });

const sample = () => page.evaluate(() => ({
  wasm: window.wasmBindings?.wasm_memory_bytes?.() ?? 0,
  heap: performance.memory?.usedJSHeapSize ?? 0,
  nodes: document.getElementsByTagName("*").length,
  tasks: { ...window.__tasks },
  progress: document.querySelector("[data-testid=sync-progress]")?.textContent ?? "",
}));

// Preview: the first PREVIEW referrals, then start from what it has seen.
let t = Date.now();
await page.getByRole("button", { name: "Preview the sync" }).click();
await page.waitForFunction((n) => {
  const m = /^(\d+) of (\d+) referrals checked/.exec(document.querySelector("[data-testid=sync-preview] [role=status]")?.textContent ?? "");
  return m && Number(m[2]) > 0 && (Number(m[1]) >= n || m[1] === m[2]);
}, PREVIEW, { timeout: HOURS, polling: 500 });
const previewMs = Date.now() - t;
const stopPreview = page.locator("[data-testid=stop-preview]");
if (await stopPreview.isVisible()) await stopPreview.click();
const start = page.getByRole("button", { name: "Start the sync" });
await start.waitFor({ timeout: HOURS });

t = Date.now();
await start.click();
const samples = [];
let resumes = 0;
for (;;) {
  const s = await sample();
  samples.push({ at: Date.now() - t, ...s });
  console.log(`${((Date.now() - t) / 1000).toFixed(0)} s · ${s.progress} · wasm ${(s.wasm / 1048576).toFixed(1)} MiB · JS heap ${(s.heap / 1048576).toFixed(1)} MiB · ${s.nodes} elements · longest task ${s.tasks.longest.toFixed(0)} ms (${s.tasks.over50} over 50 ms)`);
  if (await page.locator("[data-testid=sync-finished]").isVisible()) break;
  const resume = page.getByRole("button", { name: "Resume the sync" });
  if (await resume.isVisible()) { resumes++; await resume.click(); }
  if (Date.now() - t > HOURS) throw new Error("the sync did not finish within 3 hours");
  await page.waitForTimeout(Number(process.env.SAMPLE_MS ?? 15_000));
}
const runMs = Date.now() - t;
const end = await sample();
const state = await sandbox("GET", "state");
const w = samples.map((s) => s.wasm), h = samples.map((s) => s.heap);
const mib = (b) => (b / 1048576).toFixed(1);
const tenth = samples[Math.floor(samples.length / 10)] ?? samples[0];
console.log(`\nsync of ${total} referrals: preview of ${PREVIEW} in ${(previewMs / 1000).toFixed(1)} s; run ${(runMs / 1000).toFixed(0)} s (${(total / (runMs / 1000)).toFixed(1)} referrals/s), ${resumes} resumes`);
console.log(`wasm memory: ${mib(tenth.wasm)} MiB at a tenth of the run → ${mib(Math.max(...w))} MiB at the end (high-water mark)`);
console.log(`JS heap: ${mib(tenth.heap)} MiB at a tenth → ${mib(end.heap)} MiB at the end (max sampled ${mib(Math.max(...h))} MiB); ${end.nodes} elements`);
console.log(`main thread: ${end.tasks.count} long tasks, the longest ${end.tasks.longest.toFixed(0)} ms, ${end.tasks.over50} over 50 ms`);
const loaf = await page.evaluate(() => window.__loaf);
if (loaf.length) console.log(`frames over 50 ms (what ran in them):\n  ${loaf.join("\n  ")}`);
console.log(`upstream calls: ${state.requests}; JobDiva now holds ${state.jobdiva.candidates} candidates and ${state.jobdiva.notes} notes`);
console.log(`final: ${end.progress}`);
if (errors.length) console.log(`page errors: ${errors.join(" | ")}`);
await browser.close();
