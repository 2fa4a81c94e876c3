/*
 * The protection page: each photo the child picks is decoded in the browser
 * (upright by its EXIF orientation), hashed with PDQ (pdq.js), and forgotten;
 * only the hashes go to the server, with the case's code and word. The child
 * is not shown the photo. A photo whose hash has a quality under 50 is
 * refused here, in the child's words, before anything is sent; an animated one is
 * hashed by its first frame, and the page says so.
 */
import { pdq, MIN_QUALITY } from "/assets/pdq.js";

const form = document.getElementById("protect");
const result = document.getElementById("protect-result");
const input = document.getElementById("photos");
const words = form.dataset;
const MAX = 20;

/* The RGBA pixels of a file, as the browser decodes it, with no colour conversion. */
async function pixels(file) {
  const bitmap = await createImageBitmap(file, {
    imageOrientation: "from-image", premultiplyAlpha: "none", colorSpaceConversion: "none",
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const size = [bitmap.width, bitmap.height];
  bitmap.close();
  return { data, width: size[0], height: size[1] };
}

/* What happened, a line each (what was sent, then a note per photo left out or changed), so that
   a child reads one thing at a time. */
const say = (...lines) => {
  result.replaceChildren(...lines.map((line) => {
    const p = document.createElement("p");
    p.textContent = line;
    return p;
  }));
};

/* Whether a file holds more than one frame (an animated GIF, WebP or PNG): its first is what is hashed. */
async function animated(file) {
  if (!("ImageDecoder" in self)) return false;
  try {
    const data = new Uint8Array(await file.arrayBuffer());
    // The file's own bytes say what it is; a phone's file picker may not.
    const starts = (text, at = 0) => [...text].every((c, i) => data[at + i] === c.charCodeAt(0));
    const type = starts("GIF8") ? "image/gif" : starts("WEBP", 8) ? "image/webp" : starts("\x89PNG") ? "image/png" : "";
    if (!type) return false;
    const decoder = new ImageDecoder({ data, type });
    await decoder.tracks.ready;
    await decoder.completed;
    const frames = decoder.tracks.selectedTrack ? decoder.tracks.selectedTrack.frameCount : 1;
    decoder.close();
    return frames > 1;
  } catch (_) {
    return false;
  }
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const files = [...input.files];
  if (files.length > MAX) return say(words.tooMany);
  say(words.working);
  const images = [];
  const notes = [];
  for (const file of files) {
    let hashed = null;
    try {
      const { data, width, height } = await pixels(file);
      hashed = pdq(data, width, height, { dihedral: true });
    } catch (_) {
      notes.push(`${file.name} — ${words.notImage}`);
      continue;
    }
    if (!hashed || hashed.quality < MIN_QUALITY) {
      notes.push(`${file.name} — ${words.blurry}`);
      continue;
    }
    images.push({ hash: hashed.hash, quality: hashed.quality, dihedral: Object.values(hashed.dihedral) });
    if (await animated(file)) notes.push(`${file.name} — ${words.animated}`);
  }
  // The photos are not kept by the page once hashed.
  input.value = "";
  if (!images.length) return say(...notes);
  let response;
  try {
    response = await fetch("/proteger/empreintes", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: form.code.value.trim(), word: form.word.value.trim(), images }),
    });
  } catch (_) {
    return say(words.failed);
  }
  if (response.status === 201) {
    const { added } = await response.json();
    say(words.sent.replace("{count}", String(added)), ...notes);
  } else if (response.status === 422 && ((await response.json().catch(() => ({}))).errors || []).some((x) => x.field === "code")) {
    say(words.noMatch);
  } else {
    say(words.failed);
  }
});
