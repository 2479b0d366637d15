// Chrome's cache of compiled WebAssembly: a recruiter opens record after record, and each load of
// the tab should take the module's compiled code from Chrome's cache when Chrome has kept it,
// rather than compile some 1,550 functions again on first call on the main thread
// (scripts/wasm-fetch-hook.sh; docs/performance.md, "Session 17").
//
// When V8 writes that cache is up to V8 (under its default settings this Chromium wrote none for
// the tab; docs/performance.md). The flags below make it write the cache as soon as anything is
// optimized, so the test checks what the page controls: that a cache which exists is used. It
// needs a kept profile: an incognito context has no code cache.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { HOST_URL, PANELS, launchKept, resetSandbox, tabFrame } from "./helpers.mjs";

const CACHE_AT_ONCE = "--js-flags=--wasm-caching-threshold=1 --wasm-caching-hard-threshold=1 --wasm-caching-timeout-ms=0";
let context;
before(async () => {
  await resetSandbox();
  context = await launchKept([CACHE_AT_ONCE]);
});
after(async () => { await context?.close(); });

/** One traced load of the tab in the mock JobDiva page, until every panel is ready: whether
 * Chrome served the module's compiled code from its cache, and how many of the module's
 * functions were compiled on first call on the renderer's main thread. */
async function load() {
  const page = await context.newPage();
  const browser = context.browser();
  await browser.startTracing(page, { categories: ["disabled-by-default-devtools.timeline", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "__metadata"] });
  let trace;
  try {
    await page.goto(`${HOST_URL}/?candidateId=5000000101`);
    const frame = await tabFrame(page);
    await frame.waitForFunction((panels) => panels.every((p) => performance.getEntriesByName(`ra:ready:${p}`).length), PANELS, { timeout: 30_000 });
  } finally {
    trace = JSON.parse((await browser.stopTracing()).toString());
    await page.close();
  }
  const events = trace.traceEvents ?? trace;
  const mains = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  return {
    hit: events.some((e) => e.name === "v8.wasm.moduleCacheHit" && /_bg\.wasm$/.test(e.args?.url ?? "")),
    compiledOnFirstCall: events.filter((e) => e.name === "wasm.CompileLazy" && mains.has(`${e.pid}:${e.tid}`)).length,
  };
}

test("a later load of the tab takes the module's compiled code from Chrome's cache", async () => {
  const first = await load();
  assert.ok(!first.hit, "the first load in a new profile has nothing cached");
  assert.ok(first.compiledOnFirstCall > 500, `the first load compiles the module's functions on first call (${first.compiledOnFirstCall})`);
  // Chrome writes the cache from the first load while it runs; which later load reads it first
  // depends on when the browser process has stored it, so a few loads are allowed.
  const later = [];
  while (later.length < 4 && !later.some((l) => l.hit)) later.push(await load());
  const hit = later.find((l) => l.hit);
  assert.ok(hit, `no later load used Chrome's code cache: ${JSON.stringify(later)} (is the .wasm fetched by a <link rel="preload"> again? scripts/wasm-fetch-hook.sh)`);
  assert.ok(hit.compiledOnFirstCall < first.compiledOnFirstCall / 2, `with the cache, fewer functions compiled on the main thread: ${hit.compiledOnFirstCall} against ${first.compiledOnFirstCall}`);
});
