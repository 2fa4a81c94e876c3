// A child abroad, or one whose phone speaks another language, reads Relais in
// their own: the widget on the platform's page, the landing page, the chat,
// the forms and the advice, every word from the translation files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, report, screenshots, violations } from "./harness.mjs";

const session = withDemoAndBrowser();

test("a German child on Piaf reaches the German line, in German", async () => {
  const page = await phone(session.browser, "de-DE");
  await report(page, session.demo.piaf, { age: 13, country: "DE", lang: "de-DE", consent: false, at: "2026-12-01T15:00:00+01:00" });
  const widget = page.locator("relais-safe-button");
  await assert.doesNotReject(widget.getByText("Was möchtest du tun?").waitFor());
  assert.equal(await widget.locator("section").getAttribute("lang"), "de");
  await assert.doesNotReject(widget.getByText("Bei Piaf melden").waitFor());
  const call = widget.locator("a[data-kind=call]");
  assert.equal(await call.getAttribute("href"), "tel:116111", "Nummer gegen Kummer, not the 3018");
  assert.match(await call.textContent(), /Nummer gegen Kummer anrufen/);
  assert.match(await widget.getByTestId("hours").textContent(), /Geöffnet bis 20:00/);
  assert.deepEqual(await violations(page, "relais-safe-button"), [], "the German widget meets WCAG 2.1 AA");
  await page.screenshot({ path: join(screenshots, "widget-de.png"), fullPage: true });
  await page.context().close();
});

test("a parent on a Spanish phone is answered formally, up to the landing page", async () => {
  const page = await phone(session.browser, "es-ES");
  await report(page, session.demo.piaf, { role: "parent", age: 12, lang: "es-ES", at: "2026-11-28T16:00:00+01:00" });
  const widget = page.locator("relais-safe-button");
  await assert.doesNotReject(widget.getByText("¿Qué quiere hacer?").waitFor());
  await widget.locator("a[data-choice=contact_helpline]").click();
  await page.waitForURL(/\/h\/[0-9A-Z-]+\?lang=es$/);
  await assert.doesNotReject(page.getByText("Su código").waitFor());
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  await page.screenshot({ path: join(screenshots, "landing-es.png"), fullPage: true });
  await page.context().close();
});

test("a phone in Polish gets the chat, the form and the advice in Polish", async () => {
  const page = await phone(session.browser, "pl-PL");
  const relais = session.demo.relais;
  for (const path of ["/chat/fr-3018", "/contact/fr-3018", "/suis-je-harcele", "/conseils"]) {
    await page.goto(`${relais}${path}`);
    assert.equal(await page.locator("html").getAttribute("lang"), "pl", path);
    assert.equal(await page.locator("[data-quick-exit]").count(), 1, `${path} keeps its quick exit`);
    assert.deepEqual(await violations(page, null), [], `${path} in Polish meets WCAG 2.1 AA`);
  }
  // The sheets are the helpline's, in French and English: read in English, and said so.
  await page.goto(`${relais}/conseils/harassment`);
  await assert.doesNotReject(page.getByTestId("other-language").waitFor());
  assert.equal(await page.locator("article").getAttribute("lang"), "en");
  await page.screenshot({ path: join(screenshots, "advice-pl.png"), fullPage: true });
  await page.context().close();
});
