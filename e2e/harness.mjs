// Starts `relais demo` (Relais and Piaf, on ports the system picks) in a
// temporary data directory, and Debian's Chromium through playwright-core.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const screenshots = join(root, "e2e", "screenshots");

export async function startDemo(env = {}) {
  const binary = process.env.RELAIS_BIN || join(root, "target", "debug", "relais");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run cargo build -p relais first`);
  const dataDir = mkdtempSync(join(tmpdir(), "relais-e2e-"));
  const child = spawn(binary, ["demo", "--listen", "127.0.0.1:0", "--platform-listen", "127.0.0.1:0", "--data-dir", dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: "warn", ...env },
  });
  child.stderr.on("data", () => {});
  const urls = await new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`relais demo did not start:\n${text}`)), 30000);
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const piaf = text.match(/Piaf, a social network\s+(http:\/\/\S+?)\/\s/);
      const relais = text.match(/API description\s+(http:\/\/\S+?)\/openapi\.json/);
      // The key is the last line printed: wait for the whole of it, its line ended.
      const key = (text.match(/^(rl_live_\S+)\n/m) || [])[1];
      if (piaf && relais && key) {
        clearTimeout(timer);
        const staff = {};
        for (const m of text.matchAll(/^\s+(ecoutant|psychologue|juriste|superviseur|admin)\s+(\S+)\s+\(/gm)) staff[m[1]] = m[2];
        resolve({ piaf: piaf[1], relais: relais[1], staff, key });
      }
    });
    child.on("exit", (code) => reject(new Error(`relais demo exited with ${code}:\n${text}`)));
  });
  return {
    ...urls,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What Chromium refused under a page's Content-Security-Policy, on every page of every
 * context: Relais's pages and Piaf's must run under their policies with nothing refused.
 * A test that expects a refusal takes it out with `takePolicyViolations`.
 */
const policyViolations = [];

export function takePolicyViolations(pattern) {
  const taken = policyViolations.filter((v) => pattern.test(v));
  policyViolations.splice(0, policyViolations.length, ...policyViolations.filter((v) => !pattern.test(v)));
  return taken;
}

function watchPolicy(page) {
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Content-Security-Policy/.test(text)) policyViolations.push(`${page.url()}: ${text}`);
  });
}

export async function startBrowser() {
  mkdirSync(screenshots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on("page", watchPolicy);
    return context;
  };
  return browser;
}

/** A phone-sized page in French, as a 14-year-old would hold it. */
export async function phone(browser, locale = "fr-FR") {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** Fills Piaf's report flow and submits it. */
export async function report(page, piaf, { category = "harassment", role = "victim", age, consent = true, at, country, lang } = {}) {
  const query = new URLSearchParams(Object.entries({ at, country, lang }).filter(([, v]) => v !== undefined));
  await page.goto(`${piaf}/?${query}`);
  await page.getByTestId("report").click();
  await page.selectOption("select[name=category]", category);
  await page.check(`input[name=role][value=${role}]`);
  if (age !== undefined) await page.fill("input[name=age]", String(age));
  if (consent) await page.check("input[name=consent]");
  await page.getByTestId("submit").click();
  await page.locator("relais-safe-button section").waitFor();
}

/** Starts the demo (with settings from `env`) and a browser before a file's tests, and stops them after. */
export function withDemoAndBrowser(env = {}) {
  const session = {};
  before(async () => {
    session.demo = await startDemo(env);
    session.browser = await startBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.demo?.stop();
    const refused = takePolicyViolations(/./);
    if (refused.length) throw new Error(`a page broke its Content-Security-Policy:\n${refused.join("\n")}`);
  });
  return session;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 AA violations as axe-core finds them, in `selector` (or the whole page). */
export async function violations(page, selector) {
  // Evaluated through the DevTools protocol: an inline script tag would be refused by the page's policy.
  await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include: [[include]] } : document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }, selector);
}
