// Shared set-up for the end-to-end tests: headless Debian Chromium via playwright-core,
// against the sandbox that scripts/test.sh started.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SANDBOX_URL = process.env.SANDBOX_URL ?? "http://127.0.0.1:18787";
export const HOST_URL = process.env.HOST_URL ?? "http://127.0.0.1:18788";
export const API_KEY = "sandbox-api-key";
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/// Back to the seeded data: earlier test layers change the sandbox.
export async function resetSandbox() {
  const r = await fetch(`${SANDBOX_URL}/_sandbox/reset`, { method: "POST" });
  if (!r.ok) throw new Error(`sandbox reset failed: ${r.status}`);
}

export async function launch() {
  await resetSandbox();
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ],
  });
}

/// A fresh page that fails the test on any uncaught error or wasm panic in any frame.
export async function newPage(browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && /panicked|RuntimeError|unreachable/.test(m.text())) page.errors.push(m.text());
  });
  return page;
}

/// The frame of the tab inside the mock JobDiva page.
export async function tabFrame(page) {
  const handle = await page.waitForSelector("#refassured-frame[src]");
  const frame = await handle.contentFrame();
  await frame.waitForLoadState("domcontentloaded");
  return frame;
}
