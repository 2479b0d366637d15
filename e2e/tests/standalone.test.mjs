// The tab as a standalone page: the admin enters the key (checked with RefAssured) and finds a candidate.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, axe, SANDBOX_URL, API_KEY, ARTIFACTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("settings form: validation, a refused key, then the candidate's tab, from the keyboard", async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(`${SANDBOX_URL}/app/`);
  await page.getByLabel("RefAssured API key").waitFor({ timeout: 15000 });
  await page.screenshot({ path: `${ARTIFACTS}/standalone-settings.png`, fullPage: true });
  assert.deepEqual(await axe(page.mainFrame()), []);

  await page.getByLabel("RefAssured API key").fill(API_KEY);
  await page.getByLabel("JobDiva candidate id (optional)").fill("not-a-number");
  await page.keyboard.press("Enter");
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /not a JobDiva candidate id/);

  // A revoked key is refused by RefAssured, with where to get a current one.
  await page.getByLabel("RefAssured API key").fill("revoked-api-key");
  await page.getByLabel("JobDiva candidate id (optional)").fill("5000000101");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByText("RefAssured refused this API key").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /Settings → ATS Integration → JobDiva/);

  await page.getByLabel("RefAssured API key").fill(API_KEY);
  await page.getByLabel("JobDiva candidate id (optional)").focus();
  await page.keyboard.press("Tab"); // to the hint-less email field
  await page.keyboard.press("Tab"); // to the button
  await page.keyboard.press("Enter");
  await page.locator("[data-testid=candidate-name]").waitFor({ timeout: 15000 });
  assert.equal(await page.locator("[data-testid=candidate-id]").textContent(), "5000000101");
  assert.equal(await page.locator("[data-testid=candidate-name]").textContent(), "Ava Johnson");
  await page.locator("#references [data-state=ready]").waitFor();
  // No horizontal scrolling at 360 px.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  await page.screenshot({ path: `${ARTIFACTS}/standalone-tab.png`, fullPage: true });
  assert.deepEqual(page.errors, []);
});

test("no candidate id: search JobDiva and pick one; the key stays for the session", async () => {
  const page = await newPage(browser);
  await page.goto(`${SANDBOX_URL}/app/`);
  await page.getByLabel("RefAssured API key").fill(API_KEY);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Name, email or phone").fill("ke");
  await page.keyboard.press("Enter");
  await page.getByText("Type at least 3 characters").waitFor();
  await page.getByLabel("Name, email or phone").fill("kevin");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: /Kevin Osei/ }).click();
  assert.equal(await page.locator("[data-testid=candidate-name]").textContent({ timeout: 15000 }), "Kevin Osei");
  await page.getByRole("button", { name: "Change candidate" }).click();
  await page.getByLabel("Name, email or phone").fill("nobody-like-this");
  await page.keyboard.press("Enter");
  await page.getByText("No candidate in JobDiva matches that.").waitFor();
  await page.getByRole("button", { name: "Back" }).click();
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), API_KEY);
  await page.reload();
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), API_KEY, "kept in sessionStorage");
  assert.deepEqual(page.errors, []);
});

test("an address with a candidate but no key asks for the key and keeps the candidate", async () => {
  const page = await newPage(browser);
  await page.goto(`${SANDBOX_URL}/app/?candidateId=5000000103`);
  await page.getByLabel("JobDiva candidate id (optional)").waitFor({ timeout: 15000 });
  assert.equal(await page.getByLabel("JobDiva candidate id (optional)").inputValue(), "5000000103");
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), "");
});
