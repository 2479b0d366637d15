// Where a load's main-thread time goes: Chromium's trace of cold loads of the tab inside the
// mock JobDiva page, summarised per task (which frame, what ran in it). Prints figures; not a
// test. Run by bench/time_to_content.sh with TRACE=1 (or alone, given SANDBOX_URL / HOST_URL).
import { launch, openUntilReady } from "./tab_load.mjs";

const HOST = process.env.HOST_URL, RUNS = Number(process.env.TRACE_RUNS ?? 3);
const CANDIDATE = process.env.CANDIDATE ?? "5000000101";
const browser = await launch();
// PROFILE=1 adds V8's sampling profiler: self time per function inside tasks of 20 ms or more (PROFILE_MIN_MS)
// (wasm functions are named only in a module built with its name section kept).
const PROFILE = !!process.env.PROFILE;
const categories = [...(PROFILE ? ["disabled-by-default-v8.cpu_profiler"] : []), "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8", "disabled-by-default-v8.compile", "v8.wasm", "blink.user_timing", "loading", "toplevel"];

async function traced() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await browser.startTracing(page, { categories });
  await openUntilReady(page, HOST, CANDIDATE);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  return trace.traceEvents ?? trace;
}

/** The renderer's main threads, their top-level tasks (≥ 5 ms) and what ran inside each. */
function summarise(events) {
  const mains = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === "X");
  const marks = events.filter((e) => e.cat?.includes("blink.user_timing") && /^ra:/.test(e.name)).sort((a, b) => a.ts - b.ts);
  const t0 = marks.find((m) => m.name === "ra:wasm-start")?.ts ?? Math.min(...onMain.map((e) => e.ts));
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur >= 5000).sort((a, b) => a.ts - b.ts);
  const lines = [];
  for (const t of tasks) {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e.dur >= 1000);
    const by = new Map();
    for (const e of inside) {
      const what = e.name === "FunctionCall" ? `FunctionCall ${e.args?.data?.functionName || ""}`.trim()
        : e.name === "EvaluateScript" ? `EvaluateScript ${(e.args?.data?.url ?? "").split("/").pop()}`
        : e.name === "TimerFire" ? "TimerFire" : e.name;
      by.set(what, (by.get(what) ?? 0) + e.dur);
    }
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join("; ");
    const frame = inside.map((e) => e.args?.data?.frame ?? e.args?.beginData?.frame).find(Boolean) ?? "";
    lines.push(`  ${((t.ts - t0) / 1000).toFixed(0).padStart(6)} ms  ${(t.dur / 1000).toFixed(1).padStart(5)} ms  [${frame.slice(0, 6)}] ${top}`);
  }
  // Only the main threads' profiles: a worker of the same renderer has a profile of its own
  // (same process, another thread), whose samples would read as the task's.
  const mainProfiles = new Set(events.filter((e) => e.name === "Profile" && mains.has(`${e.pid}:${e.tid}`)).map((e) => e.id));
  if (PROFILE) lines.push(...profile(events.filter((e) => (e.name !== "ProfileChunk" && e.name !== "Profile") || mainProfiles.has(e.id)), tasks.filter((t) => t.dur >= Number(process.env.PROFILE_MIN_MS ?? 20) * 1000), t0));
  // The module's functions compiled on first call (V8 compiles wasm lazily, and Chrome does not
  // cache this module's code between loads): how many, and the main thread's time in it.
  const lazy = onMain.filter((e) => e.name === "wasm.CompileLazy");
  lines.push(`  compiled on first call (wasm.CompileLazy) on the main thread: ${lazy.length} functions, ${(lazy.reduce((a, e) => a + e.dur, 0) / 1000).toFixed(1)} ms`);
  const markLines = marks.map((m) => `${m.name} ${((m.ts - t0) / 1000).toFixed(0)}`).join(", ");
  return { lines, markLines };
}

/** Self time per function (sampled) inside the given tasks. */
function profile(events, tasks, t0) {
  const nodes = new Map(), out = [];
  const samples = [];
  for (const e of events.filter((e) => e.name === "ProfileChunk")) {
    const d = e.args?.data?.cpuProfile ?? {};
    for (const n of d.nodes ?? []) nodes.set(`${e.id}:${n.id}`, n.callFrame?.functionName || `(${n.callFrame?.url?.split("/").pop() ?? "?"})`);
    const deltas = e.args?.data?.timeDeltas ?? [];
    const ids = d.samples ?? [];
    samples.push({ id: e.id, ids, deltas });
  }
  // Sample times: the chunks of one profile continue each other from its ProfileStart.
  const starts = new Map(events.filter((e) => e.name === "Profile").map((e) => [e.id, e.args?.data?.startTime ?? e.ts]));
  const timed = [];
  const clock = new Map();
  for (const { id, ids, deltas } of samples) {
    let t = clock.get(id) ?? starts.get(id) ?? 0;
    ids.forEach((n, i) => { t += deltas[i] ?? 0; timed.push([t, nodes.get(`${id}:${n}`) ?? "?"]); });
    clock.set(id, t);
  }
  for (const task of tasks) {
    const by = new Map();
    let n = 0;
    for (const [t, f] of timed) if (t >= task.ts && t <= task.ts + task.dur) { by.set(f, (by.get(f) ?? 0) + 1); n++; }
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, c]) => `${(100 * c / n).toFixed(0)}% ${f.slice(0, 90)}`);
    out.push(`    profile of the task at ${((task.ts - t0) / 1000).toFixed(0)} ms (${n} samples): ${top.join(" | ")}`);
  }
  return out;
}

for (let i = 0; i < RUNS + 1; i++) {
  const events = await traced();
  if (i === 0) continue; // warms the sandbox and the disk cache; not counted
  const { lines, markLines } = summarise(events);
  console.log(`\ntraced cold load ${i}: main-thread tasks of 5 ms or more (ms from ra:wasm-start; duration; frame; what ran inside, ms)`);
  console.log(lines.join("\n"));
  console.log(`  marks: ${markLines}`);
}
await browser.close();
