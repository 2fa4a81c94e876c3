// After a chat, the child may say how it went: three optional questions,
// anonymous, sent once. The line is open around the clock here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { withDemoAndBrowser, phone, screenshots, violations } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const directory = join(mkdtempSync(join(tmpdir(), "relais-survey-")), "helplines.toml");
writeFileSync(directory, readFileSync(join(root, "data", "helplines.toml"), "utf8")
  .replace('hours = "mon-sun 09:00-23:00"', 'hours = "24/7"'));
const session = withDemoAndBrowser({ RELAIS_DIRECTORY__PATH: directory });

test("at the end of a chat the child may answer three questions, once", async () => {
  const child = await phone(session.browser);
  await child.goto(`${session.demo.relais}/chat/fr-3018`);
  await child.check('input[name=age_band][value="13_17"]');
  await child.fill("#first", "Bonjour");
  await child.getByTestId("start").click();
  await child.locator("#conversation").waitFor();
  await child.locator("#end").click();
  const survey = child.getByTestId("survey");
  await assert.doesNotReject(survey.waitFor());
  await child.check('input[name=heard][value="yes"]');
  await child.check('input[name=knows_next][value="somewhat"]');
  assert.deepEqual(await violations(child, null), [], "the questions meet WCAG 2.1 AA");
  await child.screenshot({ path: join(screenshots, "survey-chat.png"), fullPage: true });
  await child.getByTestId("survey-send").click();
  await assert.doesNotReject(child.getByText("Merci. Tes réponses nous aident à mieux aider.").waitFor());
  // Reopened, the page does not ask again.
  await child.reload();
  await child.getByTestId("ended").waitFor();
  assert.equal(await survey.isHidden(), true);
  await child.context().close();
});
