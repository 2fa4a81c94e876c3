// A jurist files a trusted-flagger notice from a case; Piaf, the stand-in
// platform, receives it signed, removes the content and says so; the case
// page shows the decision and the time it took.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, report, screenshots, violations } from "./harness.mjs";

// Two attempts a second apart, so that a platform that is down gives a dead letter within the test.
const session = withDemoAndBrowser({
  RELAIS_NOTICES__MAX_ATTEMPTS: "2",
  RELAIS_NOTICES__BASE_BACKOFF_SECONDS: "1",
  RELAIS_NOTICES__MAX_BACKOFF_SECONDS: "1",
});

/** A case opened by the jurist from a child's report on Piaf; the console page, on it. */
async function caseFromPiaf(age) {
  const child = await phone(session.browser);
  await report(child, session.demo.piaf, { age, at: "2026-11-28T16:00:00+01:00" });
  await child.locator("relais-safe-button a[data-choice=contact_helpline]").click();
  const code = await child.getByTestId("handoff-code").textContent();
  await child.context().close();
  const page = await signIn("juriste");
  await page.fill("#code", code);
  await page.getByRole("button", { name: "Ouvrir le dossier", exact: true }).click();
  await page.getByTestId("notices").waitFor();
  return page;
}

async function signIn(name) {
  const page = await (await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" })).newPage();
  await page.goto(`${session.demo.relais}/console/login`);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=password]", session.demo.staff[name]);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByTestId("who").waitFor();
  return page;
}

/** Reloads until `testId` shows, for at most 20 s. */
async function reloadUntil(page, testId, what) {
  const deadline = Date.now() + 20000;
  while (!(await page.getByTestId(testId).count())) {
    assert.ok(Date.now() < deadline, `${what} within 20 s`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

test("a jurist's notice is decided by the platform and the case page shows it", async () => {
  const page = await caseFromPiaf(15);

  await page.fill("#notice-explanation", "Publication humiliante visant une élève de 15 ans, partagée dans sa classe.");
  await page.getByTestId("draft-notice").click();
  await page.getByTestId("approve-notice").click();

  // Piaf acknowledges after a second and decides a few seconds later.
  await reloadUntil(page, "decision", "a decision came back");
  assert.equal(await page.getByTestId("decision").textContent(), "DECISION_VISIBILITY_CONTENT_REMOVED");
  const times = await page.getByTestId("notice-time").allTextContents();
  assert.ok(times.some((t) => /^reçue en \d+ min$/.test(t)), times.join(" | "));
  assert.ok(times.some((t) => /^décidée en \d+ min$/.test(t)), times.join(" | "));
  assert.match(await page.getByTestId("notice").textContent(), /Piaf · décidée/);
  await page.locator("#notices").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshots, "console-notice.png"), fullPage: true });
  assert.deepEqual(await violations(page, null), [], "the case page meets WCAG 2.1 AA");
  await page.context().close();
});

test("a notice Piaf could not take is raised to the supervisor, who sends it again", async () => {
  // Piaf's moderation desk takes its inbox down.
  const desk = await (await session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-FR" })).newPage();
  await desk.goto(`${session.demo.piaf}/inbox`);
  await desk.check("input[name=down]");
  await desk.getByRole("button", { name: "Appliquer" }).click();
  assert.ok(await desk.isChecked("input[name=down]"), "the desk shows the inbox down");
  await desk.screenshot({ path: join(screenshots, "piaf-desk.png"), fullPage: true });

  const jurist = await caseFromPiaf(14);
  await jurist.fill("#notice-explanation", "Menaces répétées contre un élève de 14 ans.");
  await jurist.getByTestId("draft-notice").click();
  await jurist.getByTestId("approve-notice").click();
  await reloadUntil(jurist, "redeliver", "the notice given up on");
  assert.match(await jurist.getByTestId("fallback").textContent(), /trust-and-safety@piaf\.example/);

  // Piaf is back; the supervisor sends the notice again from the dashboard.
  await desk.uncheck("input[name=down]");
  await desk.getByRole("button", { name: "Appliquer" }).click();
  const supervisor = await signIn("superviseur");
  await supervisor.goto(`${session.demo.relais}/console/dashboard`);
  const card = supervisor.getByTestId("undelivered");
  assert.match(await card.textContent(), /HTTP 503/);
  await card.scrollIntoViewIfNeeded();
  await supervisor.screenshot({ path: join(screenshots, "console-undelivered.png"), fullPage: true });
  assert.deepEqual(await violations(supervisor, null), [], "the dashboard meets WCAG 2.1 AA");
  assert.deepEqual(await violations(desk, null), [], "Piaf's desk meets WCAG 2.1 AA");
  await card.getByTestId("redeliver").click();
  assert.equal(await supervisor.getByTestId("undelivered").count(), 0, "the list is empty again");

  await reloadUntil(jurist, "decision", "the decision after sending again");
  assert.equal(await jurist.getByTestId("decision").textContent(), "DECISION_VISIBILITY_CONTENT_REMOVED");
  for (const page of [desk, jurist, supervisor]) await page.context().close();
});
