// A child writes to the helpline on WhatsApp (the phone is Piaf's stand-in for
// Meta): the conversation waits in the same queue as a chat, a listener takes
// it in the same pane, sees where the app's window stands, answers, and the
// reply reaches the phone, its ticks coming back to the pane. The line is open
// around the clock here (a directory of its own), so that the test runs at any hour.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { withDemoAndBrowser, phone, screenshots, violations } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const directory = join(mkdtempSync(join(tmpdir(), "relais-messaging-")), "helplines.toml");
writeFileSync(directory, readFileSync(join(root, "data", "helplines.toml"), "utf8")
  .replace('hours = "mon-sun 09:00-23:00"', 'hours = "24/7"'));
const session = withDemoAndBrowser({ RELAIS_DIRECTORY__PATH: directory });

test("a WhatsApp conversation reaches the counsellor's pane and the reply reaches the phone", async () => {
  // The child's phone, on Meta's side.
  const whatsapp = await phone(session.browser);
  await whatsapp.goto(`${session.demo.piaf}/meta`);
  await whatsapp.fill("#text", "Bonjour, un garçon menace de publier mes photos si je ne lui en envoie pas d'autres");
  await whatsapp.getByRole("button", { name: "Envoyer" }).click();
  await whatsapp.getByTestId("phone").getByText("menace de publier").waitFor();
  await whatsapp.screenshot({ path: join(screenshots, "messaging-phone.png"), fullPage: true });

  // A listener takes the next contact: the WhatsApp conversation, in the chat panes.
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
  const listener = await context.newPage();
  await listener.goto(`${session.demo.relais}/console/login`);
  await listener.fill("input[name=name]", "ecoutant");
  await listener.fill("input[name=password]", session.demo.staff.ecoutant);
  await listener.getByRole("button", { name: "Se connecter" }).click();
  await listener.getByTestId("who").waitFor();
  // The webhook is taken in behind its 200: the queue shows it within moments.
  for (let i = 0; i < 150; i++) {
    await listener.locator("form[action='/console/take-next'] button").click();
    if (/\/console\/chats/.test(listener.url())) break;
    await listener.waitForTimeout(200);
  }
  await listener.waitForURL(/\/console\/chats/);
  const pane = listener.locator(".chat-pane", { hasText: "menace de publier" });
  await assert.doesNotReject(pane.waitFor());
  const sender = await pane.getByTestId("app-sender").textContent();
  assert.match(sender, /WhatsApp · \+33 6•• •• •• 78/, "the number, masked");
  assert.doesNotMatch(await listener.content(), /33612345678/, "never the whole number");
  await assert.doesNotReject(pane.getByTestId("app-window").getByText("pour répondre librement", { exact: false }).waitFor());

  // The reply leaves through the outbox and reaches the phone; the pane shows it read.
  await pane.getByTestId("reply").fill("Tu as bien fait d'écrire. Ne lui envoie rien : on va t'aider à faire retirer les photos.");
  await pane.getByTestId("reply-send").click();
  const reply = pane.locator("li.counsellor", { hasText: "Ne lui envoie rien" });
  await assert.doesNotReject(reply.locator("[data-role=delivery]", { hasText: "lu" }).waitFor({ timeout: 20000 }));
  await listener.screenshot({ path: join(screenshots, "messaging-pane.png"), fullPage: true });
  assert.deepEqual(await violations(listener, "#chats"), [], "the pane meets WCAG 2.1 AA");
  await whatsapp.reload();
  await assert.doesNotReject(whatsapp.getByTestId("phone").getByText("Ne lui envoie rien", { exact: false }).waitFor());
  await whatsapp.screenshot({ path: join(screenshots, "messaging-reply-on-phone.png"), fullPage: true });

  // "STOP": the conversation ends in the pane, and nothing more leaves.
  await whatsapp.fill("#text", "STOP");
  await whatsapp.getByRole("button", { name: "Envoyer" }).click();
  await assert.doesNotReject(pane.locator("[data-role=state]", { hasText: "terminée" }).waitFor({ timeout: 20000 }));
  await context.close();
});
