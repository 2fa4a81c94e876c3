// The quick exit on every public page: one visible button and the Escape key
// put a neutral site in the page's place; the back button does not return to
// it, and what the page kept in the tab's session storage is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, screenshots } from "./harness.mjs";

const session = withDemoAndBrowser();
const NEUTRAL = /^https:\/\/www\.google\.com\/search/;

async function neutralPhone() {
  const page = await phone(session.browser);
  await page.route("https://www.google.com/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Météo</title><p>neutral</p>" }));
  return page;
}

const pages = [
  ["the landing page", "/h/ABCD-EFGH"],
  ["the web form", "/contact/fr-3018"],
  ["the call-back form", "/callback/fr-3018"],
  ["the follow-up page", "/suivi"],
  ["the chat", "/chat/fr-3018"],
  ["a refusal", "/contact/nowhere"],
  ["the advice", "/conseils/harassment"],
  ["the self-check", "/suis-je-harcele"],
];

for (const [what, path] of pages) {
  test(`${what} has the quick exit, and the back button does not return to it`, async () => {
    const page = await neutralPhone();
    await page.goto("about:blank");
    await page.goto(`${session.demo.relais}${path}`);
    const button = page.locator("[data-quick-exit]");
    assert.equal(await button.count(), 1, `${what}: one quick exit`);
    assert.ok(await button.isVisible(), `${what}: visible`);
    assert.match(await button.textContent(), /Quitter/);
    await page.evaluate(() => sessionStorage.setItem("relais-test", "something the page kept"));
    if (path === "/suivi") await page.screenshot({ path: join(screenshots, "quick-exit-followup.png") });
    await button.click();
    await page.waitForURL(NEUTRAL);
    await page.goBack();
    assert.equal(page.url(), "about:blank", `${what}: the back button skips the page`);
    await page.goto(`${session.demo.relais}${path}`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("relais-test")), null, `${what}: storage cleared`);
    await page.context().close();
  });
}

test("the Escape key leaves as the button does", async () => {
  const page = await neutralPhone();
  await page.goto("about:blank");
  await page.goto(`${session.demo.relais}/contact/fr-3018`);
  await page.fill("textarea[name=what]", "ce que j'allais écrire");
  await page.keyboard.press("Escape");
  await page.waitForURL(NEUTRAL);
  await page.goBack();
  assert.equal(page.url(), "about:blank");
  await page.context().close();
});
