// The widget under a careful platform's Content-Security-Policy, the two-choice
// page in an app's frame, and a page elsewhere that may not frame it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, report, screenshots, takePolicyViolations } from "./harness.mjs";

const session = withDemoAndBrowser();

test("the widget is whole and styled on a page that allows only Relais's script and calls", async () => {
  const page = await phone(session.browser);
  const policies = [];
  page.on("response", (r) => {
    if (r.url().endsWith("/report") && r.request().method() === "POST") policies.push(r.headers()["content-security-policy"]);
  });
  await report(page, session.demo.piaf, { age: 14, at: "2026-11-28T16:00:00+01:00" });
  const [policy] = policies;
  assert.match(policy, new RegExp(`script-src ${session.demo.relais};`));
  assert.match(policy, new RegExp(`connect-src ${session.demo.relais};`));
  assert.doesNotMatch(policy, /unsafe-inline/);
  assert.doesNotMatch(policy, new RegExp(`style-src[^;]*${session.demo.relais}`), "no style from Relais needed");

  const button = page.locator("relais-safe-button").getByText("Signaler à Piaf");
  const style = await button.evaluate((el) => {
    const s = getComputedStyle(el);
    return { minHeight: parseFloat(s.minHeight), radius: parseFloat(s.borderTopLeftRadius), display: s.display };
  });
  assert.ok(style.minHeight >= 44, `a 44 px touch target: ${JSON.stringify(style)}`);
  assert.ok(style.radius > 0, `the widget's own styles apply: ${JSON.stringify(style)}`);
  await page.screenshot({ path: join(screenshots, "widget-strict-policy.png"), fullPage: true });

  // "Report to Piaf" leads to the page Piaf registered, in the whole window.
  await button.click();
  await page.waitForURL(/\/reported\?post=1$/);
  await assert.doesNotReject(page.getByTestId("reported").waitFor());
  await page.context().close();
});

test("in an app's frame, the two-choice page shows; framed elsewhere, it is refused", async () => {
  const page = await phone(session.browser);
  await page.goto(`${session.demo.piaf}/report?post=1&view=frame`);
  await page.check("input[name=role][value=victim]");
  await page.fill("input[name=age]", "14");
  await page.getByTestId("submit").click();
  const frame = page.frameLocator("iframe[data-testid=in-app]");
  await assert.doesNotReject(frame.locator("relais-safe-button section").waitFor());
  await assert.doesNotReject(frame.getByText("Signaler à Piaf").waitFor());
  await page.screenshot({ path: join(screenshots, "widget-in-app-frame.png"), fullPage: true });
  const src = await page.getByTestId("in-app").getAttribute("src");
  await frame.getByText("Signaler à Piaf").click();
  await page.waitForURL(/\/reported\?post=1$/);
  await page.context().close();

  // The same page, framed by a site the platform never registered.
  const stranger = await phone(session.browser);
  await stranger.route("https://elsewhere.example/**", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>x</title><iframe src="${src}"></iframe>` }));
  await stranger.goto("https://elsewhere.example/", { waitUntil: "load" });
  const framed = stranger.frames().find((f) => f !== stranger.mainFrame());
  // Chromium puts its error page in place of a frame its ancestors' policy refuses.
  assert.equal(framed.url(), "chrome-error://chromewebdata/", "refused by frame-ancestors");
  assert.equal(await framed.locator("relais-safe-button").count(), 0, "nothing of Relais inside");
  await stranger.context().close();
});

test("the console runs under its policy: no inline script or style refused", async () => {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${session.demo.relais}/console/login`);
  await page.fill("input[name=name]", "superviseur");
  await page.fill("input[name=password]", session.demo.staff.superviseur);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByTestId("who").waitFor();
  for (const path of ["/console", "/console/dashboard", "/console/audit"]) {
    const response = await page.goto(`${session.demo.relais}${path}`);
    assert.equal(response.status(), 200, path);
    assert.doesNotMatch(response.headers()["content-security-policy"], /unsafe-inline/, path);
  }
  assert.deepEqual(takePolicyViolations(/./), [], "nothing refused on the console's pages");
  await context.close();
});
