// The tab as a standalone page: the admin enters the key (checked with RefAssured) and finds a candidate.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, axe, SANDBOX_URL, API_KEY, ARTIFACTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("settings form: validation, a refused key, then the candidate's tab, from the keyboard", async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  await page.goto(`${SANDBOX_URL}/app/console/`);
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

  // A key pasted from rich text: a character no key has is refused with its place (never a
  // frozen "Checking the key…"); a 10 KB candidate id is quoted short.
  await page.getByLabel("RefAssured API key").fill("sandbox-апи-key");
  await page.getByLabel("JobDiva candidate id (optional)").fill("9".repeat(10_000) + "x");
  await page.getByRole("button", { name: "Continue" }).click();
  assert.match(await page.getByRole("alert").textContent(), /character no RefAssured key has \(character 9\)/);
  await page.getByLabel("RefAssured API key").fill(API_KEY);
  await page.getByRole("button", { name: "Continue" }).click();
  const quoted = await page.getByRole("alert").textContent();
  assert.match(quoted, /is not a JobDiva candidate id/);
  assert.ok(quoted.length < 200, `quoted short: ${quoted.length} characters`);
  await page.getByLabel("JobDiva candidate id (optional)").fill("5000000101");
  // What a paste adds around it (a zero-width space, a newline) is dropped.
  await page.getByLabel("RefAssured API key").fill(`\u200B${API_KEY}\u200B `);
  await page.getByLabel("JobDiva candidate id (optional)").focus();
  // Tab order: candidate id → email → "Direct access" (closed) → Continue.
  for (const want of ["user-email", "", "BUTTON"]) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
    if (want) assert.equal(at, want);
  }
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
  await page.goto(`${SANDBOX_URL}/app/console/`);
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

test("direct access: the admin's JobDiva sign-in and Staffing Referrals token are checked, then used instead of the relay", async () => {
  const page = await newPage(browser);
  await page.goto(`${SANDBOX_URL}/app/console/`);
  await page.getByLabel("RefAssured API key").fill(API_KEY);
  await page.getByLabel("JobDiva candidate id (optional)").fill("5000000101");
  await page.getByText("Direct access (admins, optional)").click();
  assert.equal(await page.getByLabel("JobDiva API address").inputValue(), `${SANDBOX_URL}/jobdiva`);
  await page.getByLabel("JobDiva client id").fill("1000");
  await page.getByLabel("JobDiva API user").fill("api@refassured.com");
  await page.getByLabel("JobDiva API password").fill("wrong");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByText(/JobDiva refused the sign-in.*Invalid username\/password/).waitFor({ timeout: 15000 });

  await page.getByLabel("JobDiva API password").fill("sandbox");
  await page.getByLabel("Staffing Referrals API token").fill("sandbox-sr-token");
  await fetch(`${SANDBOX_URL}/_sandbox/requests`, { method: "DELETE" });
  await page.getByRole("button", { name: "Continue" }).click();
  await page.locator("[data-testid=candidate-name]").waitFor({ timeout: 15000 });
  await page.locator("[data-testid=referral-status]").waitFor({ timeout: 15000 });
  const log = await (await fetch(`${SANDBOX_URL}/_sandbox/requests`)).json();
  const paths = log.map((e) => e.path);
  assert.ok(paths.includes("/jobdiva/apiv2/v2/login"), "signed in to JobDiva directly");
  assert.ok(paths.includes("/jobdiva/apiv2/bi/CandidateDetail"));
  assert.ok(paths.some((p) => p.startsWith("/staffingreferrals/api/v1/users")));
  assert.ok(!paths.some((p) => p.includes("/relay/")), `no relayed call: ${paths.filter((p) => p.includes("/relay/")).join(", ")}`);
  assert.deepEqual(page.errors, []);
});

test("a tab address with a candidate but no key opens the console, which asks for the key and keeps the candidate", async () => {
  const page = await newPage(browser);
  await page.goto(`${SANDBOX_URL}/app/?candidateId=5000000103`);
  await page.getByLabel("JobDiva candidate id (optional)").waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).pathname, "/app/console/");
  assert.equal(await page.getByLabel("JobDiva candidate id (optional)").inputValue(), "5000000103");
  assert.equal(await page.getByLabel("RefAssured API key").inputValue(), "");
});
