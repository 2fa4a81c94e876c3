// WCAG 2.1 AA as axe-core checks it (contrast, names, roles, landmarks), on
// the widget in each of its states and on the landing page; and the widget
// used with the keyboard alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withDemoAndBrowser, phone, report, violations } from "./harness.mjs";

const session = withDemoAndBrowser();

for (const [name, options] of [
  ["open, minor", { age: 14, at: "2026-11-28T16:00:00+01:00" }],
  ["closed", { age: 14, at: "2026-11-28T23:30:00+01:00" }],
  ["adult", { age: 30, consent: false }],
  ["emergency", { category: "threats", age: 12 }],
]) {
  test(`the widget meets WCAG 2.1 AA: ${name}`, async () => {
    const page = await phone(session.browser);
    await report(page, session.demo.piaf, options);
    assert.deepEqual(await violations(page, "relais-safe-button"), []);
    await page.context().close();
  });
}

test("the landing page meets WCAG 2.1 AA", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { age: 14, at: "2026-11-28T16:00:00+01:00" });
  await page.locator("relais-safe-button a[data-choice=contact_helpline]").click();
  await page.waitForURL(/\/h\//);
  assert.deepEqual(await violations(page, null), []);
  await page.context().close();
});

test("the contact form meets WCAG 2.1 AA", async () => {
  const page = await phone(session.browser);
  await page.goto(`${session.demo.relais}/contact/fr-3018`);
  assert.deepEqual(await violations(page, null), []);
  await page.context().close();
});

test("the widget works with the keyboard alone", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { age: 14, consent: false });
  const names = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    names.push(await page.evaluate(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el ? el.textContent.trim() : "";
    }));
  }
  assert.deepEqual(names.slice(0, 3), ["Signaler à Piaf", "Parler au 3018", "Appeler le 3018"]);
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await assert.doesNotReject(page.getByText("L'équipe de Piaf va examiner ton signalement.").waitFor());
  await page.context().close();
});
