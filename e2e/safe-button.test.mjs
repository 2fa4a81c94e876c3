// The safe button as a child, a parent and an adult meet it on Piaf.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, report, screenshots } from "./harness.mjs";

const session = withDemoAndBrowser();

test("a 14-year-old reporting harassment during opening hours reaches the 3018 without retelling", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { age: 14, at: "2026-11-28T16:00:00+01:00" });
  const widget = page.locator("relais-safe-button");
  await assert.doesNotReject(widget.getByText("Signaler à Piaf").waitFor());
  const call = widget.locator("a[data-kind=call]");
  assert.equal(await call.getAttribute("href"), "tel:3018");
  assert.equal(await call.getAttribute("aria-disabled"), null, "the call button is live");
  assert.match(await widget.getByTestId("hours").textContent(), /Ouvert jusqu'à 23:00/);
  await page.screenshot({ path: join(screenshots, "widget-minor-open.png"), fullPage: true });

  await widget.locator("a[data-choice=contact_helpline]").click();
  await page.waitForURL(/\/h\/[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}\?lang=fr$/);
  await assert.doesNotReject(page.getByText("Nous avons déjà ce que tu as signalé sur Piaf.").waitFor());
  const code = await page.getByTestId("handoff-code").textContent();
  assert.match(code, /^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  assert.ok(new URL(page.url()).pathname.endsWith(code));
  await page.screenshot({ path: join(screenshots, "landing-page.png"), fullPage: true });
  await page.context().close();
});

test("an adult sees no 3018 button, and the services made for adults", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { age: 30, consent: false, at: "2026-11-28T16:00:00+01:00" });
  const widget = page.locator("relais-safe-button");
  assert.equal(await widget.locator("[data-testid=helpline]").count(), 0);
  assert.equal(await widget.locator("section a[href='tel:3018']").count(), 0);
  await assert.doesNotReject(widget.getByText("France Victimes (116 006)", { exact: false }).waitFor());
  await assert.doesNotReject(widget.getByText("PHAROS", { exact: false }).waitFor());
  await page.screenshot({ path: join(screenshots, "widget-adult.png"), fullPage: true });
  await page.context().close();
});

test("at 23:30 Paris time the line says closed, opens at 09:00, and offers the web form", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { age: 15, at: "2026-11-28T23:30:00+01:00" });
  const widget = page.locator("relais-safe-button");
  assert.equal(await widget.getByTestId("hours").textContent(), "Fermé pour le moment. Ouverture demain à 09:00.");
  assert.equal(await widget.locator("a[data-kind=call]").getAttribute("aria-disabled"), "true");
  assert.equal(await widget.locator("a[data-kind=web]").getAttribute("aria-disabled"), null);
  assert.equal(await widget.locator("a[data-kind=callback]").getAttribute("aria-disabled"), null);
  await page.screenshot({ path: join(screenshots, "widget-closed.png"), fullPage: true });
  // The web form answers even at night: it opens a case the listeners find in the morning.
  await widget.locator("a[data-kind=web]").click();
  await page.waitForURL(/\/contact\/fr-3018$/);
  await page.fill("textarea[name=what]", "Quelqu'un a créé un faux compte avec mes photos.");
  await page.check("input[name=age_band][value='13_17']");
  await page.screenshot({ path: join(screenshots, "contact-form.png"), fullPage: true });
  await page.getByRole("button", { name: "Envoyer" }).click();
  await assert.doesNotReject(page.getByTestId("case-code").waitFor());
  assert.match(await page.getByTestId("case-code").textContent(), /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await page.context().close();
});

test("a threats report shows the emergency numbers first", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { category: "threats", age: 13, at: "2026-11-28T16:00:00+01:00" });
  const widget = page.locator("relais-safe-button");
  const links = await widget.locator("section a, section button").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("href") || n.textContent));
  assert.deepEqual(links.slice(0, 2), ["tel:112", "tel:17"], `emergency numbers first, got ${links}`);
  await assert.doesNotReject(widget.getByText("En danger ? Appelle maintenant :").waitFor());
  assert.ok(links.includes("tel:3018"), "the 3018 is there too for a minor");
  await page.screenshot({ path: join(screenshots, "widget-emergency.png"), fullPage: true });
  await page.context().close();
});

test("the platform keeps its own report path", async () => {
  const page = await phone(session.browser);
  await report(page, session.demo.piaf, { age: 16, consent: false });
  await page.locator("relais-safe-button").getByText("Signaler à Piaf").click();
  await assert.doesNotReject(page.getByText("L'équipe de Piaf va examiner ton signalement.").waitFor());
  await page.context().close();
});
