// A jurist files a trusted-flagger notice from a case; Piaf, the stand-in
// platform, receives it signed, removes the content and says so; the case
// page shows the decision and the time it took.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, report, screenshots } from "./harness.mjs";

const session = withDemoAndBrowser();

test("a jurist's notice is decided by the platform and the case page shows it", async () => {
  const child = await phone(session.browser);
  await report(child, session.demo.piaf, { age: 15, at: "2026-11-28T16:00:00+01:00" });
  await child.locator("relais-safe-button a[data-choice=contact_helpline]").click();
  const code = await child.getByTestId("handoff-code").textContent();
  await child.context().close();

  const page = await (await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" })).newPage();
  await page.goto(`${session.demo.relais}/console/login`);
  await page.fill("input[name=name]", "juriste");
  await page.fill("input[name=password]", session.demo.staff.juriste);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByTestId("who").waitFor();
  await page.fill("#code", code);
  await page.getByRole("button", { name: "Ouvrir le dossier", exact: true }).click();
  await page.getByTestId("notices").waitFor();

  await page.fill("#notice-explanation", "Publication humiliante visant une élève de 15 ans, partagée dans sa classe.");
  await page.getByTestId("draft-notice").click();
  await page.getByTestId("approve-notice").click();

  // Piaf acknowledges after a second and decides a few seconds later.
  const deadline = Date.now() + 20000;
  while (!(await page.getByTestId("decision").count())) {
    assert.ok(Date.now() < deadline, "no decision came back within 20 s");
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.equal(await page.getByTestId("decision").textContent(), "DECISION_VISIBILITY_CONTENT_REMOVED");
  const times = await page.getByTestId("notice-time").allTextContents();
  assert.ok(times.some((t) => /^reçue en \d+ min$/.test(t)), times.join(" | "));
  assert.ok(times.some((t) => /^décidée en \d+ min$/.test(t)), times.join(" | "));
  assert.match(await page.getByTestId("notice").textContent(), /Piaf · décidée/);
  await page.locator("#notices").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshots, "console-notice.png"), fullPage: true });
  await page.context().close();
});
