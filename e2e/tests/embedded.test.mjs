// The tab inside the mock JobDiva candidate record (a different origin, as in production).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, tabFrame, sandbox, hold, release, heldAtLeast, HOST_URL, SANDBOX_URL, API_KEY, ARTIFACTS } from "./helpers.mjs";

/** Every request the page sends to RefAssured's API, as `METHOD url body`, in order. */
function apiRequests(page) {
  const sent = [];
  page.on("request", (r) => { if (r.url().includes("/refassured/api/")) sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ""}`); });
  return sent;
}

/** The requests of `sent` that went out more than once. */
const sentTwice = (sent) => sent.filter((r, i) => sent.indexOf(r) !== i);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the tab shows the host's candidate and the key leaves the tab's address", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?candidateId=5000000101`);
  const hostCandidate = await page.textContent("#host-candidate-id");
  const frame = await tabFrame(page);
  const shown = await frame.locator("[data-testid=candidate-id]").textContent({ timeout: 15000 });
  assert.equal(shown, hostCandidate);
  assert.equal(shown, "5000000101");
  // Host and tab are different origins.
  assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin);
  // The key was in the iframe's fragment; after boot it is gone from the address.
  const href = await frame.evaluate(() => location.href);
  assert.ok(!href.includes("key="), href);
  assert.ok(!href.includes(API_KEY), href);
  assert.ok(href.includes("candidateId=5000000101"), href);
  for (const id of ["references", "opt-ins", "referral"]) {
    await frame.locator(`section#${id} h2`).waitFor();
  }
  await page.screenshot({ path: `${ARTIFACTS}/embedded.png`, fullPage: true });
  assert.deepEqual(page.errors, []);
});

test("every request of a load goes out once: the first wave starts before the first render and the panels share it", async () => {
  // Every RefAssured answer is held until the panels are drawn and loading: whatever they ask
  // then must join the requests already in flight, not go out again.
  await hold({ upstream: "refassured" });
  try {
    const page = await newPage(browser);
    const sent = apiRequests(page);
    const everywhere = [];
    page.on("request", (r) => everywhere.push(r.url()));
    await page.goto(`${HOST_URL}/?candidateId=5000000101`);
    const frame = await tabFrame(page);
    for (const id of ["references", "referral", "opt-ins"]) await frame.locator(`#${id} [data-state=loading]`).waitFor({ timeout: 15000 });
    // While the first wave is out, the tab rehearses its load over canned answers
    // (docs/performance.md): it sends nothing, and marks nothing as ready.
    await frame.waitForFunction(() => performance.getEntriesByName("ra:rehearsed").length, null, { timeout: 15000 });
    await heldAtLeast(4);
    await release();
    await frame.waitForFunction(() => ["candidate", "references", "referral", "opt-ins", "ambassador"].every((p) => performance.getEntriesByName(`ra:ready:${p}`).length), null, { timeout: 30000 });
    await frame.locator("[data-testid=opt-in]").first().waitFor();
    const twice = sentTwice(sent);
    assert.deepEqual(twice, [], `sent twice:\n${twice.join("\n")}`);
    assert.ok(sent.some((r) => r.includes("searchCandidateProfile")), "the opt-ins' duplicate checks ran");
    assert.ok(sent.some((r) => r.includes("/referrals?")), "the referral was looked up");
    assert.ok(sent.some((r) => r.includes("/program/invites?")), "the ambassador standing was looked up");
    assert.deepEqual(everywhere.filter((u) => !u.startsWith("blob:") && !u.startsWith(HOST_URL) && !u.startsWith(SANDBOX_URL)), [], "requests elsewhere");
    const marks = await frame.evaluate(() => ["skeleton", "ready:candidate", "ready:references", "ready:referral", "ready:opt-ins", "ready:ambassador", "rehearsed"].map((n) => performance.getEntriesByName(`ra:${n}`).length));
    assert.deepEqual(marks, [1, 1, 1, 1, 1, 1, 1], "each mark once");
    // The first requests left before the tab had drawn anything.
    const [first, skeleton] = await frame.evaluate(() => [Math.min(...performance.getEntriesByType("resource").filter((r) => r.initiatorType === "fetch").map((r) => r.startTime)), performance.getEntriesByName("ra:skeleton")[0].startTime]);
    assert.ok(first < skeleton, `first request at ${first} ms, skeleton at ${skeleton} ms`);
    assert.deepEqual(page.errors, []);
  } finally {
    await sandbox("DELETE", "faults");
  }
});

test("the first wave leaves with the page, before the app has started, and the app takes its answers", async () => {
  const page = await newPage(browser);
  // The app's code is held back until the shell's requests have been answered.
  let letGo;
  const appHeld = new Promise((r) => { letGo = r; });
  await page.route(/_bg\.wasm$/, async (route) => { await appHeld; await route.continue(); });
  const sent = apiRequests(page);
  let answered = 0, allSix;
  const sixAnswered = new Promise((r) => { allSix = r; });
  page.on("requestfinished", (r) => { if (r.url().includes("/refassured/api/") && ++answered === 6) allSix(); });
  await page.goto(`${HOST_URL}/?candidateId=5000000101`);
  const frame = await tabFrame(page);
  await sixAnswered;
  const before = await frame.evaluate(() => [window.raFirstWave?.size, performance.getEntriesByName("ra:wasm-start").length]);
  assert.deepEqual(before, [6, 0], "the shell's six requests were answered before the app started");
  assert.equal(sent.length, 6);
  letGo();
  await frame.waitForFunction(() => ["candidate", "references", "referral", "opt-ins", "ambassador"].every((p) => performance.getEntriesByName(`ra:ready:${p}`).length), null, { timeout: 30000 });
  await frame.locator("[data-testid=opt-in]").first().waitFor();
  assert.equal(await frame.evaluate(() => window.raFirstWave.size), 0, "the app took each of the shell's answers");
  const twice = sentTwice(sent);
  assert.deepEqual(twice, [], `sent twice:\n${twice.join("\n")}`);
  assert.ok(sent.length > 6, "the second wave went out from the app");
  assert.equal(await frame.locator("[data-testid=candidate-id]").textContent(), "5000000101");
  assert.deepEqual(page.errors, []);
});

test("the candidate shown last: the ambassador standing that appears with it still takes the first wave's answers", async () => {
  // The candidate's JobDiva record is held until every other panel has shown: its arrival then
  // shows the last panel (which releases the first wave) and, in the same render, mounts the
  // ambassador standing, which asks for two answers the first wave holds.
  await hold({ upstream: "jobdiva", route: "CandidateDetail" });
  try {
    const page = await newPage(browser);
    const sent = apiRequests(page);
    await page.goto(`${HOST_URL}/?candidateId=5000000101`);
    const frame = await tabFrame(page);
    await frame.waitForFunction(() => ["references", "referral", "opt-ins"].every((p) => performance.getEntriesByName(`ra:ready:${p}`).length), null, { timeout: 30000 });
    assert.equal(await frame.evaluate(() => performance.getEntriesByName("ra:ready:candidate").length), 0, "the candidate is still held");
    await heldAtLeast(1);
    await release();
    await frame.waitForFunction(() => ["candidate", "ambassador"].every((p) => performance.getEntriesByName(`ra:ready:${p}`).length), null, { timeout: 30000 });
    const twice = sentTwice(sent);
    assert.deepEqual(twice, [], `sent twice:\n${twice.join("\n")}`);
    assert.ok(sent.some((r) => r.includes("/program/invites?")), "the ambassador standing was looked up");
    assert.deepEqual(page.errors, []);
  } finally {
    await sandbox("DELETE", "faults");
  }
});

test("the opt-ins' duplicate checks leave from a worker; without one, or when it fails, from the page, once each", async () => {
  const decisions = {};
  const cases = [
    ["a worker", null],
    ["no Worker in the browser", () => { delete window.Worker; }],
    // A worker whose script throws at once: the requests it was given go from the page.
    ["a worker that fails", () => {
      const W = window.Worker;
      window.Worker = class extends W { constructor() { super(URL.createObjectURL(new Blob(["throw new Error('broken worker')"], { type: "text/javascript" }))); } };
    }],
  ];
  for (const [label, init] of cases) {
    const page = await newPage(browser);
    if (init) await page.addInitScript(init);
    const sent = apiRequests(page);
    await page.goto(`${HOST_URL}/?candidateId=5000000101`);
    const frame = await tabFrame(page);
    await frame.waitForFunction(() => performance.getEntriesByName("ra:ready:opt-ins").length, null, { timeout: 30000 });
    decisions[label] = await frame.locator("[data-testid=opt-in] [data-testid=decision]").allTextContents();
    const twice = sentTwice(sent);
    assert.deepEqual(twice, [], `${label}: sent twice:\n${twice.join("\n")}`);
    assert.ok(sent.some((r) => r.includes("searchCandidateProfile")), `${label}: the duplicate checks ran`);
    const workers = page.workers().filter((w) => w.url().startsWith("blob:"));
    assert.equal(workers.length > 0, label === "a worker", `${label}: ${workers.length} worker(s)`);
    assert.deepEqual(page.errors, [], label);
    await page.context().close();
  }
  assert.ok(decisions["a worker"].length >= 3, decisions["a worker"].join(" | "));
  assert.deepEqual(decisions["no Worker in the browser"], decisions["a worker"]);
  assert.deepEqual(decisions["a worker that fails"], decisions["a worker"]);
});

test("the host resizes the iframe to the tab's reported height", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/`);
  const frame = await tabFrame(page);
  await frame.locator("[data-testid=candidate-id]").waitFor();
  // The tab grows while its panels load: compare once everything has arrived and the duplicate
  // checks are done (conditions, not a fixed wait), then wait for the host to get that height.
  await frame.locator("#references [data-state=ready]").waitFor({ timeout: 15000 });
  await frame.waitForFunction(() => !document.querySelector("[data-state=loading]") && !/Checking JobDiva/.test(document.body.textContent), null, { timeout: 15000 });
  const content = await frame.evaluate(() => document.body.scrollHeight);
  await page.waitForFunction((h) => Number(document.getElementById("refassured-frame").dataset.resized) === h, content, { timeout: 10000 });
  const styled = await page.$eval("#refassured-frame", (f) => parseFloat(f.style.height));
  assert.equal(styled, Math.max(160, content));
  assert.deepEqual(page.errors, []);
});

test("context by postMessage from an allowed origin", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?embed=message&candidateId=5000000102`);
  const frame = await tabFrame(page);
  assert.ok(!frame.url().includes("candidateId"), "the address carries no context in this mode");
  assert.equal(await frame.locator("[data-testid=candidate-id]").textContent({ timeout: 15000 }), "5000000102");
  // The tab rehearses its load here too, and marks the candidate ready once.
  await frame.waitForFunction(() => performance.getEntriesByName("ra:rehearsed").length, null, { timeout: 15000 });
  await frame.waitForFunction(() => performance.getEntriesByName("ra:ready:candidate").length, null, { timeout: 15000 });
  assert.equal(await frame.evaluate(() => performance.getEntriesByName("ra:ready:candidate").length), 1);
  assert.deepEqual(page.errors, []);
});

test("a page that is not an allowed host gets no context accepted: it cannot even frame the tab", async () => {
  // The app framed by a page on the sandbox's own origin, which is not on the allow-list. The
  // allow-list is also the page's frame-ancestors (static/headers), so the browser refuses the
  // frame before the tab could listen to the page's message.
  const page = await newPage(browser);
  await page.goto(`${SANDBOX_URL}/health`);
  await page.setContent(`<iframe id="f" src="${SANDBOX_URL}/app/"></iframe>
    <script>addEventListener("message", (e) => { if (e.data?.type === "refassured:ready")
      e.source.postMessage({type: "refassured:context", candidateId: "666", apiKey: "stolen"}, "*"); });</script>`);
  const frame = await (await page.waitForSelector("#f")).contentFrame();
  await frame.waitForLoadState("load");
  assert.match(frame.url(), /^chrome-error:/, `the frame loaded ${frame.url()}`);
  assert.equal(await frame.locator("[data-testid=candidate-id]").count(), 0);
});

test("a bad candidate id shows what is wrong, not a blank tab", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?candidateId=12ab`);
  const frame = await tabFrame(page);
  const error = frame.locator("[data-testid=context-error]");
  await error.waitFor({ timeout: 15000 });
  assert.match(await error.textContent(), /“12ab” is not a JobDiva candidate id/);
  assert.deepEqual(page.errors, []);
});

test("a candidate JobDiva does not know is said plainly, and the other panels still work", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?candidateId=42`);
  const frame = await tabFrame(page);
  const unknown = frame.locator("[data-testid=candidate-unknown]");
  await unknown.waitFor({ timeout: 15000 });
  assert.match(await unknown.textContent(), /JobDiva has no candidate 42/);
  await frame.locator("#references [data-state=empty]").waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
});

test("a revoked key is said once, with where the admin replaces it", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?key=revoked-api-key`);
  const frame = await tabFrame(page);
  const screen = frame.locator("[data-testid=key-refused]");
  await screen.waitFor({ timeout: 15000 });
  assert.match(await screen.textContent(), /Manage RefAssured/);
  assert.equal(await frame.locator("section.panel").count(), 0, "no four copies of the same error");
  assert.deepEqual(page.errors, []);
});

test("a missing key says where the admin sets it", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?key=`);
  const frame = await tabFrame(page);
  const error = frame.locator("[data-testid=context-error]");
  await error.waitFor({ timeout: 15000 });
  assert.match(await error.textContent(), /Manage RefAssured/);
});

test("the host's tabs work from the keyboard and open the tab lazily", async () => {
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?tab=profile`);
  assert.equal(await page.$("#refassured-frame[src]"), null, "not loaded before the tab is opened");
  await page.focus("#tab-profile");
  await page.keyboard.press("ArrowLeft"); // wraps to the last tab: RefAssured
  assert.equal(await page.getAttribute("#tab-refassured", "aria-selected"), "true");
  const frame = await tabFrame(page);
  assert.equal(await frame.locator("[data-testid=candidate-id]").textContent({ timeout: 15000 }), "5000000101");
});
