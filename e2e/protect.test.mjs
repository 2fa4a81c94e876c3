// A child protects an intimate photo: the page hashes it on the phone, in
// the browser, with the same PDQ as relais-pdq and Meta's reference; only the
// hashes leave the page, never a byte of the photo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { withDemoAndBrowser, phone, screenshots, violations } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const data = join(root, "crates", "relais-pdq", "tests", "data");
const reference = new Map(
  readFileSync(join(data, "same-pixels.txt"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"))
    .map((l) => { const [name, hash, quality] = l.split(" "); return [name, { hash, quality: Number(quality) }]; }),
);
const session = withDemoAndBrowser();

const distance = (a, b) => {
  let d = 0;
  for (let i = 0; i < 64; i++) { let x = parseInt(a[i], 16) ^ parseInt(b[i], 16); while (x) { d += x & 1; x >>= 1; } }
  return d;
};

test("the browser's PDQ gives relais-pdq's hashes on Meta's test images", async () => {
  const page = await phone(session.browser);
  await page.goto(`${session.demo.relais}/proteger`);
  const names = [...reference.keys()].filter((n) => !n.startsWith("animated"));
  const files = Object.fromEntries(names.map((n) => [n, readFileSync(join(data, n)).toString("base64")]));
  const hashed = await page.evaluate(async (files) => {
    const { pdq } = await import("/assets/pdq.js");
    const out = {};
    for (const [name, b64] of Object.entries(files)) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]), {
        imageOrientation: "from-image", premultiplyAlpha: "none", colorSpaceConversion: "none",
      });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(bitmap, 0, 0);
      const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      out[name] = pdq(rgba, bitmap.width, bitmap.height);
    }
    return out;
  }, files);
  const report = [];
  for (const name of names) {
    const expected = reference.get(name);
    const d = distance(hashed[name].hash, expected.hash);
    report.push(`${name}: ${d}`);
    // Lossless files decode to the same pixels in the browser: the same bits and quality.
    if (name.endsWith(".png")) {
      assert.equal(hashed[name].hash, expected.hash, name);
      assert.equal(hashed[name].quality, expected.quality, name);
    } else if (expected.quality >= 80) {
      assert.ok(d <= 10, `${name}: ${d} bits from relais-pdq (another JPEG decoder)`);
    }
  }
  console.log(report.join(", "));
  await page.context().close();
});

test("only the hashes leave the page, and a blurry photo is refused in words a child understands", async () => {
  const page = await phone(session.browser);
  const relais = session.demo.relais;
  await page.goto(`${relais}/contact/fr-3018`);
  await page.fill("textarea[name=what]", "Quelqu'un menace de publier une photo de moi.");
  await page.getByRole("button", { name: "Envoyer" }).click();
  const code = (await page.getByTestId("case-code").textContent()).trim();
  const word = (await page.getByTestId("case-word").textContent()).trim();
  await page.goto(`${relais}/suivi`);
  await page.fill("#code", code);
  await page.fill("#word", word);
  await page.getByRole("button", { name: "Voir où en est mon dossier" }).click();
  await page.getByTestId("protect-link").click();
  await page.getByTestId("protect-form").waitFor();
  assert.deepEqual(await violations(page, null), [], "the protection page meets WCAG 2.1 AA");

  // From here on, every request the page makes is recorded.
  const requests = [];
  page.on("request", (r) => requests.push({ url: r.url(), method: r.method(), body: r.postDataBuffer() }));
  const photos = ["q0122.jpg", "q0003.jpg", "c.png", "animated.gif"].map((n) => join(data, n));
  await page.getByTestId("protect-photos").setInputFiles(photos);
  await page.getByTestId("protect-send").click();
  const result = page.getByTestId("protect-result");
  await page.waitForFunction(() => document.querySelector("[data-testid=protect-result]").textContent.includes("C'est fait"));
  const said = await result.textContent();
  assert.match(said, /Empreintes ajoutées à ton dossier : 3\./);
  assert.match(said, /animated\.gif — C'est une image animée : seule sa première image a été protégée\./);
  assert.match(said, /q0003\.jpg — Cette photo est trop floue ou trop unie/);
  assert.equal(await page.locator("img").count(), 0, "the photo is never shown");
  assert.equal(await page.getByTestId("protect-photos").evaluate((i) => i.files.length), 0, "nor kept by the page");
  await page.screenshot({ path: join(screenshots, "protect.png"), fullPage: true });

  assert.equal(requests.length, 1, requests.map((r) => r.url).join("\n"));
  const [sent] = requests;
  assert.equal(sent.url, `${relais}/proteger/empreintes`);
  const body = JSON.parse(sent.body.toString("utf8"));
  assert.deepEqual(Object.keys(body).sort(), ["code", "images", "word"]);
  assert.deepEqual(Object.keys(body.images[0]).sort(), ["dihedral", "hash", "quality"]);
  // Hashes only: a few hundred bytes a photo, whatever the photo weighs.
  assert.ok(sent.body.length < 700 * body.images.length, `${sent.body.length} bytes for ${body.images.length} photos`);
  for (const image of body.images) {
    assert.match(image.hash, /^[0-9a-f]{64}$/);
    assert.equal(image.dihedral.length, 7);
  }
  // c.png is lossless: the browser sent exactly relais-pdq's hash of it.
  assert.ok(body.images.some((i) => i.hash === reference.get("c.png").hash), JSON.stringify(body.images));

  // Back on the page from the follow-up: the two photos, waiting to be checked.
  await page.goto(`${relais}/suivi`);
  await page.fill("#code", code);
  await page.fill("#word", word);
  await page.getByRole("button", { name: "Voir où en est mon dossier" }).click();
  await page.getByTestId("protect-link").click();
  assert.equal(await page.getByTestId("protected-photos").locator("li").count(), 3);
  await page.context().close();
});
