// Two or more builds of the tab compared load by load in one sitting (prints figures; not a
// test). Run by bench/ab_loads.sh. Cold loads alternate between the builds (A B, then B A, ...),
// so that the machine's drift over the sitting weighs on each build alike: eight sequential
// runs of bench/time_to_content.sh over one day read 1.067x to 1.226x, more spread than most
// changes it was asked to judge (docs/performance.md, "Session 20"). Each load's two chains of
// requests are also timed from its sandbox's log (docs/performance.md, "Session 21"): the
// opt-ins' answer to their duplicate checks, and the applicant's to the referral.
import { PANELS, launch, openUntilReady, secondWave } from "./tab_load.mjs";

// TARGETS: "label=host,sandbox ..." (the mock JobDiva page's address and its sandbox's).
const targets = process.env.TARGETS.split(" ").map((t) => { const [label, rest] = t.split("="); return [label, ...rest.split(",")]; });
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const CANDIDATE = process.env.CANDIDATE ?? "5000000101";
const browser = await launch();
const results = Object.fromEntries(targets.map(([label]) => [label, []]));

// Round -1 is not counted: a browser's first navigations pay for its own start.
for (let i = -1; i < ROUNDS; i++) {
  for (const [label, host, sandbox] of i % 2 ? [...targets].reverse() : targets) {
    await fetch(`${sandbox}/_sandbox/requests`, { method: "DELETE" });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
    await context.addInitScript(() => {
      window.__long = [];
      try {
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
      } catch {}
    });
    const frame = await openUntilReady(await context.newPage(), host, CANDIDATE, [...PANELS, "ambassador"]);
    const load = await frame.evaluate((panels) => {
      const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
      const boot = at("ra:wasm-start");
      const optIns = performance.getEntriesByType("resource").find((r) => /\/opt-ins\?/.test(r.name));
      const ready = Object.fromEntries([...panels, "ambassador"].map((p) => [p, at(`ra:ready:${p}`) - boot]));
      return {
        boot, ready, everything: Math.max(...panels.map((p) => ready[p])),
        optInsAnswered: optIns.responseEnd - boot,
        long: window.__long.filter(([, d]) => d > 50).map(([s, d]) => `${(s - boot).toFixed(0)}+${d.toFixed(0)}`),
      };
    }, PANELS);
    if (i >= 0) results[label].push({ ...load, chains: chains(load, await (await fetch(`${sandbox}/_sandbox/requests?upstream=refassured`)).json()) });
    await context.close();
  }
}
await browser.close();

/** The load's two chains, in ms, from its sandbox's log: each answer to its follow-up's leaving
 * (the sandbox's clock), the duplicate checks' spread, and the last follow-up's answer to its
 * panel shown (the tab's clock, set to the sandbox's by the opt-ins' answer, which both saw end). */
function chains(load, log) {
  const one = (re) => log.find((e) => re.test(`${e.path}?${e.query}`));
  const [optIns, applicant, referrals] = [/\/opt-ins\?/, /\/users\?.*role_name=applicant/, /\/referrals\?/].map(one);
  // NaN where a chain is not in the load (a candidate without pending opt-ins or applicant).
  const checks = secondWave(log) ?? { first: NaN, last: NaN, answered: NaN };
  const toTab = load.optInsAnswered - (optIns?.end_ms ?? NaN);
  return {
    checksLeave: checks.first,
    checksSpread: checks.last - checks.first,
    checksShown: load.ready["opt-ins"] - (load.optInsAnswered + checks.answered),
    referralLeaves: (referrals?.start_ms ?? NaN) - (applicant?.end_ms ?? NaN),
    referralShown: load.ready.referral - ((referrals?.end_ms ?? NaN) + toTab),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${ROUNDS} cold loads of each build, alternated; medians in ms (from the navigation unless said)`);
for (const [label] of targets) {
  const r = results[label];
  const panels = Object.keys(r[0].ready).map((p) => `${p} ${median(r.map((x) => x.ready[p])).toFixed(0)}`).join(", ");
  console.log(`${label}: boot ${median(r.map((x) => x.boot)).toFixed(0)}; everything ready ${median(r.map((x) => x.boot + x.everything)).toFixed(0)} (boot + ${median(r.map((x) => x.everything)).toFixed(0)}); opt-ins ready ${median(r.map((x) => x.ready["opt-ins"] - x.optInsAnswered)).toFixed(0)} after their answer`);
  console.log(`  ready after boot: ${panels}`);
  const c = (k) => { const xs = r.map((x) => x.chains[k]).filter(Number.isFinite); return xs.length ? median(xs).toFixed(0) : "–"; };
  console.log(`  chains: opt-ins answered → duplicate checks leave ${c("checksLeave")}, spread ${c("checksSpread")}, last answered → shown ${c("checksShown")}; applicant answered → referral leaves ${c("referralLeaves")}, answered → shown ${c("referralShown")}`);
  console.log(`  loads with a task over 50 ms: ${r.filter((x) => x.long.length).length} of ${r.length} (start after boot + duration: ${r.flatMap((x) => x.long).join(" ") || "none"})`);
}
const [first] = targets[0];
for (const [label] of targets.slice(1)) {
  const d = results[label].map((x, i) => x.boot + x.everything - (results[first][i].boot + results[first][i].everything));
  console.log(`${label} − ${first}, everything ready, the same round's loads paired: median ${median(d).toFixed(0)} ms; ${label} sooner in ${d.filter((x) => x < 0).length} of ${d.length}`);
}
