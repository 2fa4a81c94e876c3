// A counsellor's day, in a browser: sign in, open the case a platform handed
// over with the code the child reads out, see the platform's context, write a
// note, transfer to a jurist; the jurist finds it in the queue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, report, screenshots, violations } from "./harness.mjs";

const session = withDemoAndBrowser();

const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

async function signIn(page, name) {
  await page.goto(`${session.demo.relais}/console/login`);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=password]", session.demo.staff[name]);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByTestId("who").waitFor();
}

test("a listener opens a handed-over report, notes it and transfers it to a jurist", async () => {
  // The child, on Piaf, shares the report and reaches the landing page with a code.
  const child = await phone(session.browser);
  await report(child, session.demo.piaf, { age: 14, at: "2026-11-28T16:00:00+01:00" });
  await child.locator("relais-safe-button a[data-choice=contact_helpline]").click();
  const code = await child.getByTestId("handoff-code").textContent();
  await child.context().close();

  // The listener types the code the child reads out.
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, "ecoutant");
  await page.fill("#code", code.toLowerCase());
  await page.getByRole("button", { name: "Ouvrir le dossier", exact: true }).click();
  await page.getByTestId("platform-context").waitFor();
  assert.match(await page.getByTestId("platform-context").textContent(), /Transmis par Piaf/);
  assert.match(await page.getByTestId("evidence").textContent(), /https:\/\/piaf\.example\/p\/1/);
  await page.fill("textarea[name=text]", "Harcèlement depuis la rentrée ; conseillé de garder des captures.");
  await page.getByRole("button", { name: "Enregistrer la note" }).click();
  await page.getByTestId("note").waitFor();
  // The child sent a screenshot by other means: it is attached, hashed and listed.
  await page.setInputFiles("#ev-file", { name: "capture.png", mimeType: "image/png", buffer: Buffer.from(ONE_PIXEL_PNG, "base64") });
  await page.getByTestId("add-evidence").click();
  await page.getByTestId("evidence-item").nth(1).waitFor();
  assert.match(await page.getByTestId("evidence").textContent(), /image\/png[\s\S]*SHA-256 [0-9a-f]{64}/);
  await page.screenshot({ path: join(screenshots, "console-case.png"), fullPage: true });
  await page.selectOption("select[name=to]", "jurist");
  await page.getByTestId("transfer").click();
  await page.getByText("Dossier transféré").waitFor();
  await context.close();

  // The jurist finds it first in the queue, takes it and reads the note.
  const jurist = await (await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" })).newPage();
  await signIn(jurist, "juriste");
  assert.equal(await jurist.getByTestId("queue-length").textContent(), "(1)");
  await jurist.screenshot({ path: join(screenshots, "console-queue.png"), fullPage: true });
  await jurist.getByTestId("take-next").click();
  await jurist.getByTestId("note").waitFor();
  assert.match(await jurist.getByTestId("note").textContent(), /conseillé de garder des captures/);
  await jurist.context().close();
});

test("the supervisor's dashboard", async () => {
  const page = await (await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" })).newPage();
  await signIn(page, "superviseur");
  await page.getByRole("link", { name: "Tableau de bord" }).click();
  await page.getByTestId("chart").waitFor();
  await page.screenshot({ path: join(screenshots, "console-dashboard.png"), fullPage: true });
  await page.context().close();
});

test("the queue follows new cases without reloading the page", async () => {
  const page = await (await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" })).newPage();
  await signIn(page, "ecoutant");
  const before = Number((await page.getByTestId("queue-length").textContent()).replace(/\D/g, ""));

  // A child leaves a message through the web form meanwhile.
  const child = await phone(session.browser);
  await child.goto(`${session.demo.relais}/contact/fr-3018`);
  await child.fill("textarea[name=what]", "On se moque de moi dans un groupe de la classe.");
  await child.getByRole("button", { name: "Envoyer" }).click();
  await child.getByTestId("case-code").waitFor();
  await child.context().close();

  await page.waitForFunction(
    (expected) => document.querySelector("[data-testid=queue-length]").textContent === expected,
    `(${before + 1})`,
    { timeout: 15000 },
  );
  await page.context().close();
});

test("the console in English, at the flip of a switch", async () => {
  const page = await (await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" })).newPage();
  await signIn(page, "psychologue");
  await page.getByTestId("language").click();
  await page.getByRole("button", { name: "Take next" }).waitFor();
  assert.equal(await page.title(), "3018 console");
  await page.screenshot({ path: join(screenshots, "console-queue-en.png"), fullPage: true });
  await page.getByTestId("language").click();
  await page.getByRole("button", { name: "Prendre le suivant" }).waitFor();
  await page.context().close();
});

test("a refusal is a page in the reader's language, not a line of text", async () => {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, "ecoutant");
  const refused = await page.goto(`${session.demo.relais}/console/dashboard`);
  assert.equal(refused.status(), 403);
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Action refusée");
  assert.match(await page.getByTestId("reason").textContent(), /réservé aux superviseur·es/);
  assert.deepEqual(await violations(page, null), []);
  await page.screenshot({ path: join(screenshots, "console-refusal.png"), fullPage: true });
  // The same refusal for a counsellor who reads the console in English.
  await context.addCookies([{ name: "relais_console_lang", value: "en", url: session.demo.relais }]);
  await page.reload();
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Not allowed");
  await page.getByRole("link", { name: "Back to the console" }).click();
  await page.getByRole("button", { name: "Take next" }).waitFor();
  await context.close();
});
