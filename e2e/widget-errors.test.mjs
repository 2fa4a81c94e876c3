// When the widget cannot show its answer, the platform's own content stays in
// view and the platform is told why (`relais-error`), so that it can mint a
// fresh token: the element then asks again by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withDemoAndBrowser, phone } from "./harness.mjs";

const session = withDemoAndBrowser();

async function host(page, token) {
  await page.setContent(`<!doctype html><meta charset="utf-8">
    <relais-safe-button token="${token}"><a id="own" href="tel:3018">Appeler le 3018</a></relais-safe-button>`);
  await page.evaluate(() => {
    window.errors = [];
    document.addEventListener("relais-error", (e) => window.errors.push(e.detail));
  });
  await page.addScriptTag({ url: `${session.demo.relais}/widget.js` });
}

async function mint() {
  const r = await fetch(`${session.demo.relais}/v1/widget-tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.demo.key}`, "content-type": "application/json" },
    body: JSON.stringify({ report_ref: "r-1", country: "FR", category: "harassment", reporter: { role: "victim", age: 14 } }),
  });
  assert.equal(r.status, 201);
  return (await r.json()).token;
}

test("an expired token shows the platform's own content and fires relais-error; a fresh one renders", async () => {
  const page = await phone(session.browser);
  await host(page, "wt2.expired-or-forged");
  await page.waitForFunction(() => window.errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.errors[0]), { reason: "token_expired", status: 401 });
  assert.ok(await page.locator("#own").isVisible(), "the platform's fallback is shown");
  // The platform mints a fresh token and sets it: the element asks again.
  const token = await mint();
  await page.locator("relais-safe-button").evaluate((el, t) => el.setAttribute("token", t), token);
  await assert.doesNotReject(page.locator("relais-safe-button").getByText("Signaler à Piaf").waitFor());
  await page.context().close();
});

test("a network failure and a refused attribute are told apart", async () => {
  const page = await phone(session.browser);
  await page.route(/\/v1\/widget\/referral/, (route) => route.abort());
  await host(page, await mint());
  await page.waitForFunction(() => window.errors.length > 0);
  assert.equal(await page.evaluate(() => window.errors[0].reason), "network");
  await page.unroute(/\/v1\/widget\/referral/);
  await page.locator("relais-safe-button").evaluate((el) => el.setAttribute("country", "DE"));
  await page.waitForFunction(() => window.errors.length > 1);
  assert.deepEqual(await page.evaluate(() => window.errors[1]), { reason: "invalid", status: 422 });
  await page.context().close();
});
