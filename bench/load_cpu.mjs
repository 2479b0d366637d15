// bench/load_cpu.sh's two halves.
//   node bench/load_cpu.mjs loads                      cold loads; prints each one's window (ns, CLOCK_MONOTONIC)
//   node bench/load_cpu.mjs report WINDOWS TIMEHIST    CPU per process and thread inside those windows
import { readFileSync } from "node:fs";

if (process.argv[2] === "loads") {
  const { launch, openUntilReady } = await import("./tab_load.mjs");
  const browser = await launch();
  // Round 0 is not counted: a browser's first navigation pays for its own start.
  for (let i = 0; i <= Number(process.env.RUNS ?? 6); i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const from = process.hrtime.bigint();
    await openUntilReady(page, process.env.HOST_URL, "5000000101");
    const to = process.hrtime.bigint();
    if (i > 0) console.log(`${from} ${to}`);
    await context.close();
  }
  await browser.close();
} else {
  const [, , , windowsFile, timehistFile] = process.argv;
  const windows = readFileSync(windowsFile, "utf8").trim().split("\n").map((l) => l.split(" ").map((n) => Number(BigInt(n) / 1000n) / 1e6));
  const n = windows.length;
  const span = windows.reduce((a, [from, to]) => a + (to - from), 0) * 1000;
  // `perf sched timehist`: time, cpu, task (comm[tid] or comm[tid/pid]), wait, scheduling delay, run time (ms).
  const runs = new Map(), delays = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  for (const line of readFileSync(timehistFile, "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^\d+\.\d+$/.test(f[0])) continue;
    const end = Number(f[0]), [delay, run] = [Number(f.at(-2)), Number(f.at(-1))];
    const task = f.slice(2, -3).join(" ");
    const m = /^(.*)\[(\d+)(?:\/(\d+))?\]$/.exec(task);
    const [comm, tid, pid] = m ? [m[1], m[2], m[3] ?? m[2]] : [task, "-", "-"];
    const start = end - run / 1000;
    for (const [from, to] of windows) {
      const overlap = Math.min(to, end) - Math.max(from, start);
      if (overlap > 0) add(runs, `${pid}\t${comm === "<idle>" ? "idle" : comm.replace(/\d+$/, "")}`, overlap * 1000);
      if (start >= from && start <= to) add(delays, comm.replace(/\d+$/, ""), delay);
    }
  }
  // Each process by what it is, from its threads (the page's renderer runs the request worker);
  // processes of a kind summed, so that one that lives for a single load counts once per load.
  const threadsOf = new Map();
  for (const [key, ms] of runs) {
    const [pid, thread] = key.split("\t");
    add(threadsOf.get(pid) ?? threadsOf.set(pid, new Map()).get(pid), thread, ms);
  }
  const kind = (t) => t.has("idle") ? "idle" : t.has("DedicatedWorker") ? "renderer of the page and the tab" : t.has("Compositor") && t.has("chromium") ? "other renderers" : t.has("VizCompositorTh") ? "GPU process" : t.has("Chrome_IOThread") ? "browser process" : t.has("tokio-rt-worker") ? "sandbox" : t.has("node") ? "node (Playwright)" : t.has("Chrome_ChildIOT") ? "Chromium utilities (network)" : "everything else";
  const kinds = new Map();
  for (const [, threads] of threadsOf) {
    const k = kinds.get(kind(threads)) ?? kinds.set(kind(threads), { total: 0, threads: new Map() }).get(kind(threads));
    for (const [t, ms] of threads) { k.total += ms; add(k.threads, t, ms); }
  }
  console.log(`${n} cold loads, navigation → everything ready: ${(span / n).toFixed(0)} ms a load, so ${(2 * span / n).toFixed(0)} ms of CPU on two cores`);
  console.log("CPU per load (ms) in the loads' windows, by process and its busiest threads:");
  for (const [name, k] of [...kinds].sort((a, b) => b[1].total - a[1].total)) {
    const threads = [...k.threads].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([t, ms]) => `${t} ${(ms / n).toFixed(1)}`).join(", ");
    console.log(`${(k.total / n).toFixed(1).padStart(8)}  ${name.padEnd(34)} ${name === "idle" ? "" : threads}`);
  }
  console.log("waiting for a CPU (scheduling delay) per load, ms: " + [...delays].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([t, ms]) => `${t} ${(ms / n).toFixed(0)}`).join(", "));
}
