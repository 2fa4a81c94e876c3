// The advice a child reads before or after talking to someone: the
// self-check ends on the right sheet, which says what to do now and how to
// reach the line; the parents' version speaks to an adult.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDemoAndBrowser, phone, screenshots, violations } from "./harness.mjs";

const session = withDemoAndBrowser();

test("the self-check ends on the right sheet, readable on a phone", async () => {
  const page = await phone(session.browser);
  await page.goto(`${session.demo.relais}/conseils`);
  assert.deepEqual(await violations(page, null), [], "the advice index meets WCAG 2.1 AA");
  await page.getByTestId("self-check-link").click();
  await page.waitForURL(/\/suis-je-harcele/);
  await page.check("input[name=chantage]");
  await page.check("input[name=messages]");
  await page.screenshot({ path: join(screenshots, "advice-self-check.png"), fullPage: true });
  await page.getByTestId("self-check-send").click();
  await page.getByTestId("self-check-result").waitFor();
  assert.match(page.url(), /chantage=oui/, "the answers travel in the page's address, never posted");
  await page.getByTestId("self-check-sheet").click();
  await page.waitForURL(/\/conseils\/sextortion/);
  await assert.doesNotReject(page.getByText("Ne paie pas et n'envoie rien d'autre", { exact: false }).waitFor());
  assert.deepEqual(await violations(page, null), [], "the sheet meets WCAG 2.1 AA");
  await page.screenshot({ path: join(screenshots, "advice-sheet.png"), fullPage: true });
  await page.getByText("Version pour les parents").click();
  await assert.doesNotReject(page.getByText("Votre enfant subit un chantage aux images").waitFor());
  await page.context().close();
});
