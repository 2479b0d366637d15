// The tab as a standalone page: the admin enters the key and a candidate.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, SANDBOX_URL, API_KEY, ARTIFACTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("settings form: validation, then the candidate's tab, from the keyboard", async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(`${SANDBOX_URL}/app/`);
  await page.getByLabel("RefAssured API key").waitFor({ timeout: 15000 });
  await page.screenshot({ path: `${ARTIFACTS}/standalone-settings.png`, fullPage: true });

  await page.getByLabel("RefAssured API key").fill(API_KEY);
  await page.getByLabel("JobDiva candidate id").fill("not-a-number");
  await page.keyboard.press("Enter");
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /not a JobDiva candidate id/);

  await page.getByLabel("JobDiva candidate id").fill("5000000101");
  await page.keyboard.press("Tab"); // to the email field
  await page.keyboard.press("Tab"); // to the button
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("[data-testid=candidate-id]").textContent(), "5000000101");
  // No horizontal scrolling at 360 px.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  await page.screenshot({ path: `${ARTIFACTS}/standalone-tab.png`, fullPage: true });

  // The key is kept for the session: changing candidate keeps it filled in.
  await page.getByRole("button", { name: "Change candidate" }).click();
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), API_KEY);
  await page.reload();
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), API_KEY);
  assert.deepEqual(page.errors, []);
});

test("an address with a candidate but no key asks for the key and keeps the candidate", async () => {
  const page = await newPage(browser);
  await page.goto(`${SANDBOX_URL}/app/?candidateId=5000000103`);
  await page.getByLabel("JobDiva candidate id").waitFor({ timeout: 15000 });
  assert.equal(await page.getByLabel("JobDiva candidate id").inputValue(), "5000000103");
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), "");
});
