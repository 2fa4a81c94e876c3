// The live chat as people use it: a child on a phone waits and sees the queue
// move, writes with a listener (typing shown both ways), is passed to a jurist,
// loses the network and comes back into the same conversation, and leaves with
// the quick exit. The line is open around the clock here (a directory of its
// own), so that the test runs at any hour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { withDemoAndBrowser, phone, screenshots, violations } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const directory = join(mkdtempSync(join(tmpdir(), "relais-chat-")), "helplines.toml");
writeFileSync(directory, readFileSync(join(root, "data", "helplines.toml"), "utf8")
  .replace('hours = "mon-sun 09:00-23:00"', 'hours = "24/7"'));
const session = withDemoAndBrowser({ RELAIS_DIRECTORY__PATH: directory });

async function console_(name) {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${session.demo.relais}/console/login`);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=password]", session.demo.staff[name]);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByTestId("who").waitFor();
  return page;
}

async function startChat(page, { message, age = "13_17" } = {}) {
  await page.goto(`${session.demo.relais}/chat/fr-3018`);
  await page.check(`input[name=age_band][value="${age}"]`);
  if (message) await page.fill("#first", message);
  await page.getByTestId("start").click();
  await page.locator("#conversation").waitFor();
}

test("a child writes with a listener, is passed to a jurist, reconnects, and leaves fast", async () => {
  // Two children wait; the second sees the queue move when the first is taken.
  const first = await phone(session.browser);
  await startChat(first, { message: "Bonjour, quelqu'un peut m'aider ?" });
  const child = await phone(session.browser);
  await startChat(child, { message: "On publie des photos de moi sur Piaf et tout le monde se moque." });
  await assert.doesNotReject(child.getByText("Tu es 2e dans la file.", { exact: false }).waitFor({ timeout: 15000 }));
  assert.deepEqual(await violations(child, null), [], "the waiting page meets WCAG 2.1 AA");
  await child.screenshot({ path: join(screenshots, "chat-waiting.png"), fullPage: true });

  const listener = await console_("ecoutant");
  await listener.locator("form[action='/console/take-next'] button").click();
  await listener.waitForURL(/\/console\/chats/);
  await assert.doesNotReject(child.getByText("Tu es le prochain ou la prochaine", { exact: false }).waitFor({ timeout: 15000 }));
  // The listener answers the first child, and takes the second as the next contact.
  await listener.goto(`${session.demo.relais}/console`);
  await listener.locator("form[action='/console/take-next'] button").click();
  await listener.waitForURL(/\/console\/chats/);
  const pane = listener.locator(".chat-pane", { hasText: "photos de moi" });
  await assert.doesNotReject(pane.waitFor());
  await assert.doesNotReject(child.getByText("Tu parles maintenant avec un·e écoutant·e.").waitFor());

  // Typing is shown, then the message.
  await pane.getByTestId("reply").pressSequentially("Je suis là. Tu veux me dire ce qui se passe ?", { delay: 10 });
  await assert.doesNotReject(child.getByTestId("typing").waitFor());
  await pane.getByTestId("reply-send").click();
  await assert.doesNotReject(child.getByText("Je suis là. Tu veux me dire ce qui se passe ?").waitFor());
  await child.fill("#text", "Ils partagent ce lien : https://piaf.example/p/1");
  await assert.doesNotReject(pane.getByText("L'enfant écrit", { exact: false }).waitFor());
  await child.getByTestId("send").click();
  await assert.doesNotReject(pane.getByText("https://piaf.example/p/1", { exact: false }).waitFor());
  await child.screenshot({ path: join(screenshots, "chat-conversation.png"), fullPage: true });
  assert.deepEqual(await violations(child, null), [], "the conversation meets WCAG 2.1 AA");
  // The link the child pasted, taken as evidence in one click.
  await pane.getByTestId("add-link").click();
  await assert.doesNotReject(pane.getByText("Lien ajouté aux pièces.").waitFor());
  await listener.screenshot({ path: join(screenshots, "chat-console.png"), fullPage: true });
  assert.deepEqual(await violations(listener, "#chats"), [], "the counsellor's pane meets WCAG 2.1 AA");

  // Passed to a jurist: the child is told, and the jurist takes it with the transcript.
  await pane.locator("select[name=to]").selectOption("jurist");
  await pane.getByTestId("chat-transfer").click();
  await assert.doesNotReject(child.getByText("un·e juriste", { exact: false }).first().waitFor());
  const jurist = await console_("juriste");
  await jurist.locator("form[action='/console/take-next'] button").click();
  await jurist.waitForURL(/\/console\/chats/);
  const juristPane = jurist.locator(".chat-pane");
  await assert.doesNotReject(juristPane.getByText("photos de moi", { exact: false }).waitFor());

  // The child's network drops; the jurist writes meanwhile; the child comes back into the same conversation.
  await child.context().setOffline(true);
  await child.reload().catch(() => {});
  await juristPane.getByTestId("reply").fill("Bonjour, je suis juriste. Garde bien les captures.");
  await juristPane.getByTestId("reply-send").click();
  await child.context().setOffline(false);
  await child.reload();
  await assert.doesNotReject(child.getByText("Bonjour, je suis juriste. Garde bien les captures.").waitFor({ timeout: 15000 }));
  await assert.doesNotReject(child.getByText("On publie des photos de moi", { exact: false }).waitFor());

  // The quick exit: a neutral page in its place, nothing of the conversation left in the browser.
  await child.route("https://www.google.com/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Google</title><p>neutral</p>" }));
  await child.keyboard.press("Escape");
  await child.waitForURL(/^https:\/\/www\.google\.com\//);
  await child.goto(`${session.demo.relais}/chat/fr-3018`);
  assert.equal(await child.evaluate(() => sessionStorage.length), 0, "nothing kept");
  await assert.doesNotReject(child.getByTestId("start").waitFor(), "a fresh start, no conversation");
  // The jurist's pane says the child left.
  await assert.doesNotReject(juristPane.getByText("La conversation est terminée.").waitFor());
  for (const page of [first, child, listener, jurist]) await page.context().close();
});

test("where WebSockets are blocked, the chat goes on over a stream", async () => {
  const child = await phone(session.browser);
  await child.goto(`${session.demo.relais}/chat/fr-3018?transport=stream`);
  await child.getByTestId("skip").click();
  await child.locator("#conversation").waitFor();
  await child.fill("#text", "Par le flux");
  await child.getByTestId("send").click();
  await assert.doesNotReject(child.locator("ol.messages li.child", { hasText: "Par le flux" }).waitFor());
  assert.equal(await child.locator("#chat").getAttribute("data-transport"), "stream");
  await child.getByRole("button", { name: "Terminer" }).click();
  await assert.doesNotReject(child.getByTestId("ended").waitFor());
  assert.match(await child.getByTestId("chat-code").textContent(), /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await child.screenshot({ path: join(screenshots, "chat-ended.png"), fullPage: true });
  await child.context().close();
});

test("the chat page is whole at 320 px, and says when the line is closed", async () => {
  const context = await session.browser.newContext({ viewport: { width: 320, height: 640 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${session.demo.relais}/chat/fr-3018`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(overflow, false, "nothing wider than the screen");
  assert.deepEqual(await violations(page, null), []);
  await page.screenshot({ path: join(screenshots, "chat-start-320.png"), fullPage: true });
  await context.close();
});
