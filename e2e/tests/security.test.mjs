// The headers the tab is served with (static/headers, docs/deploy.md), enforced by the browser:
// who may frame it, what it may load, and a release served by a plain static server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, newPage, resetSandbox, SANDBOX_URL, HOST_URL, API_KEY } from "./helpers.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let browser;
const servers = [];
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); for (const s of servers) s.close(); });

/// A server on 127.0.0.1 (a free port) answering with `handler`; resolves to its origin.
function serve(handler) {
  return new Promise((resolve) => {
    const s = createServer(handler);
    servers.push(s);
    s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${s.address().port}`));
  });
}

/// A page that frames `src`, as a JobDiva record does.
const framing = (src) => (_req, res) => {
  res.writeHead(200, { "content-type": "text/html" });
  res.end(`<!doctype html><title>host</title><iframe id="tab" src="${src}" width="900" height="700"></iframe>`);
};

const tabAddress = (origin) => `${origin}/app/?candidateId=5000000101&userEmail=rachel.recruiter%40agency.example&userId=301#key=${API_KEY}`;

test("the tab is served with its security headers; hashed assets are immutable and wasm is application/wasm", async () => {
  const r = await fetch(`${SANDBOX_URL}/app/`);
  const csp = r.headers.get("content-security-policy");
  const host = new URL(HOST_URL);
  assert.match(csp, new RegExp(`frame-ancestors ${HOST_URL} http://localhost:${host.port};`));
  for (const d of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval' 'sha256-", "object-src 'none'", "base-uri 'none'", "connect-src 'self'", "worker-src blob:"]) {
    assert.ok(csp.includes(d), `${d} in ${csp}`);
  }
  assert.ok(!csp.includes("unsafe-inline"), csp);
  assert.equal(r.headers.get("referrer-policy"), "no-referrer");
  assert.equal(r.headers.get("x-content-type-options"), "nosniff");
  assert.match(r.headers.get("permissions-policy"), /camera=\(\), .*microphone=\(\)/);
  assert.equal(r.headers.get("cache-control"), "no-cache");
  const wasm = (await r.text()).match(/\/app\/[\w-]+_bg\.wasm/)[0];
  const w = await fetch(`${SANDBOX_URL}${wasm}`);
  assert.equal(w.headers.get("content-type"), "application/wasm");
  assert.match(w.headers.get("cache-control"), /immutable/);
  assert.equal(w.headers.get("x-content-type-options"), "nosniff");
  // The admin console is a page of its own, which nothing may frame.
  const c = await fetch(`${SANDBOX_URL}/app/console/`);
  const consoleCsp = c.headers.get("content-security-policy");
  assert.ok(consoleCsp.includes("frame-ancestors 'none';"), consoleCsp);
  assert.match(await c.text(), /\/app\/console\/refassured-console-[0-9a-f]+_bg\.wasm/);
});

test("a foreign page cannot frame the tab: the browser refuses it", async () => {
  await resetSandbox();
  const foreign = await serve(framing(tabAddress(SANDBOX_URL)));
  const page = await newPage(browser);
  await page.goto(foreign);
  const frame = await (await page.waitForSelector("#tab")).contentFrame();
  await frame.waitForLoadState("load");
  // Chromium replaces a frame refused by frame-ancestors with its error page.
  assert.match(frame.url(), /^chrome-error:/, `the frame loaded ${frame.url()}`);
  assert.equal(await frame.locator("[data-testid=candidate-name]").count(), 0);
  const calls = await (await fetch(`${SANDBOX_URL}/_sandbox/requests?upstream=refassured`)).json();
  assert.equal(calls.length, 0, "the framed tab never ran, so it never used the key");
});

test("the allowed JobDiva page frames the tab, and nothing the tab does breaks its policy", async () => {
  await resetSandbox();
  const page = await newPage(browser);
  await page.goto(`${HOST_URL}/?candidateId=5000000101&tab=refassured`);
  const frame = await (await page.waitForSelector("#refassured-frame[src]")).contentFrame();
  await frame.locator("[data-testid=candidate-name]").waitFor({ timeout: 15000 });
  await frame.locator("#references [data-state=ready]").waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, [], "no CSP violation, no error");
});

/// Serves `dir` as a plain static host would, with the headers of its `_headers` file.
function staticHost(dir) {
  const rules = [];
  let current;
  for (const line of readFileSync(join(dir, "_headers"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    if (!line.startsWith(" ")) { current = { pattern: new RegExp(`^${line.trim().replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`), headers: [] }; rules.push(current); continue; }
    const [name, ...rest] = line.trim().split(": ");
    current.headers.push([name, rest.join(": ")]);
  }
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
  return serve((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) { res.writeHead(404); return res.end(); }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404); return res.end(); }
    const headers = { "content-type": types[extname(file)] ?? "application/octet-stream" };
    for (const r of rules) if (r.pattern.test(path)) for (const [n, v] of r.headers) headers[n.toLowerCase()] = v;
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
}

test("the release, served by a plain static server with its shipped headers, passes the smoke flow", async () => {
  await resetSandbox();
  // A JobDiva page on its own origin, framing the release (whose origin is known once it is served).
  const release = { origin: "" };
  const hostOrigin = await serve((req, res) => framing(tabAddress(release.origin))(req, res));
  const out = mkdtempSync(join(tmpdir(), "refassured-release-"));
  const config = join(out, "release.env");
  writeFileSync(config, [
    `REFASSURED_API_BASE=${SANDBOX_URL}/refassured`,
    `ALLOWED_HOST_ORIGINS=${hostOrigin}`,
    `JOBDIVA_CANDIDATE_URL=${hostOrigin}/?candidateId={id}`,
    `JOBDIVA_CONTACT_URL=${hostOrigin}/?contactId={id}`,
    `JOBDIVA_API_BASE=${SANDBOX_URL}/jobdiva`,
    "STAFFINGREFERRALS_API_BASE=none",
    "TIMEOUT_MS=15000",
  ].join("\n"));
  const tool = join(ROOT, "target/release/release");
  const args = (dir) => ["--dist", join(ROOT, "dist"), "--config", config, "--out", join(out, dir)];
  // A bad value is refused, by name, and nothing is written.
  assert.throws(() => execFileSync(tool, args("bad"), { env: { ...process.env, TIMEOUT_MS: "soon" }, stdio: "pipe" }),
    (e) => /TIMEOUT_MS=soon/.test(String(e.stderr)));
  assert.ok(!existsSync(join(out, "bad")));
  execFileSync(tool, args("release"), { stdio: "pipe" });
  release.origin = await staticHost(join(out, "release"));

  const r = await fetch(`${release.origin}/app/index.html`);
  const csp = r.headers.get("content-security-policy");
  assert.ok(csp.includes(`frame-ancestors ${hostOrigin};`), csp);
  assert.ok(csp.includes(`connect-src 'self' ${new URL(SANDBOX_URL).origin}`), csp);
  const page = await newPage(browser);
  await page.goto(hostOrigin);
  const frame = await (await page.waitForSelector("#tab")).contentFrame();
  await frame.locator("[data-testid=candidate-name]").waitFor({ timeout: 20000 });
  assert.equal(await frame.locator("[data-testid=candidate-name]").textContent(), "Ava Johnson");
  await frame.locator("#references [data-state=ready]").waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, [], "no CSP violation, no error");
  // Another origin (the sandbox's own mock page is one) may not frame this release.
  const foreign = await serve(framing(tabAddress(release.origin)));
  const other = await newPage(browser);
  await other.goto(foreign);
  const refused = await (await other.waitForSelector("#tab")).contentFrame();
  await refused.waitForLoadState("load");
  assert.match(refused.url(), /^chrome-error:/);
  // The release's console: nothing may frame it, it may reach the direct-access bases, and it
  // starts under its policy.
  const c = await fetch(`${release.origin}/app/console/`);
  const consoleCsp = c.headers.get("content-security-policy");
  assert.ok(consoleCsp.includes("frame-ancestors 'none';"), consoleCsp);
  const admin = await newPage(browser);
  await admin.goto(`${release.origin}/app/console/`);
  await admin.getByLabel("RefAssured API key").waitFor({ timeout: 20000 });
  assert.deepEqual(admin.errors, [], "no CSP violation, no error");
});
