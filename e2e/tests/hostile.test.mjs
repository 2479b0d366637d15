// Hostile input (issue 13): text from the upstreams cannot break the tab's layout or reorder the
// text around it, and answers without a reason still say who failed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, tabFrame, resetSandbox, sandbox, SANDBOX_URL, HOST_URL } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await resetSandbox(); await browser?.close(); });

test("a 100 KB name and a right-to-left override: the page does not widen, and the override stays inside the name", async () => {
  await resetSandbox();
  const r = await fetch(`${SANDBOX_URL}/_sandbox/jobdiva/candidates/5000000101`, {
    method: "PUT", headers: { "content-type": "application/json" },
    body: JSON.stringify({ firstName: "A".repeat(100_000), lastName: "Johnson\u202E moc.liame", city: "B".repeat(20_000) }),
  });
  assert.equal(r.status, 204);
  for (const width of [1280, 360]) {
    const page = await newPage(browser, { width, height: 800 });
    await page.goto(`${HOST_URL}/?candidateId=5000000101&tab=refassured`);
    const frame = await tabFrame(page);
    const name = frame.locator("[data-testid=candidate-name]");
    await name.waitFor({ timeout: 15000 });
    assert.equal((await name.textContent()).length, 100_000 + 1 + "Johnson\u202E moc.liame".length, "the whole name is there");
    const { scroll, inner, bidi } = await frame.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
      bidi: getComputedStyle(document.querySelector("[data-testid=candidate-name]")).unicodeBidi,
    }));
    assert.ok(scroll <= inner, `at ${width} px the tab is ${scroll} px wide in a ${inner} px frame`);
    assert.equal(bidi, "isolate");
    assert.deepEqual(page.errors, []);
  }
});
