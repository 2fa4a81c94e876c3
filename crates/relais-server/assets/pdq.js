/*
 * PDQ, Meta's perceptual image hash, computed in the child's browser so that
 * no byte of a picture ever leaves the phone: only its 64-hexadecimal-digit
 * hash does. The same algorithm as the crate relais-pdq (and Meta's C++
 * reference), step for step in single precision: every operation is rounded
 * with Math.fround exactly where the reference rounds to a float, so that the
 * same pixels give the same bits and the same quality. The browser test holds
 * this file to the reference's hashes on Meta's test images.
 */
const f = Math.fround;
const LUMA_R = f(0.299), LUMA_G = f(0.587), LUMA_B = f(0.114);
export const MIN_DIMENSION = 5;
export const MIN_QUALITY = 50;

/* Rows 1 to 16 of the 64-point DCT-II basis, computed in double, kept in single. */
const DCT = (() => {
  const scale = f(Math.sqrt(2 / 64));
  const d = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) d[i * 64 + j] = f(scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1)));
  }
  return d;
})();

/* Luma of RGBA pixels (as a canvas gives them); alpha is ignored, as the reference ignores it. */
export function lumaFromRgba(rgba, width, height) {
  const luma = new Float32Array(width * height);
  for (let p = 0, q = 0; p < luma.length; p++, q += 4) {
    luma[p] = f(f(f(LUMA_R * rgba[q]) + f(LUMA_G * rgba[q + 1])) + f(LUMA_B * rgba[q + 2]));
  }
  return luma;
}

/* A moving mean, the window shrinking at both ends (the reference's box1DFloat). */
function box1d(input, inOff, output, outOff, length, stride, window) {
  const half = Math.floor((window + 2) / 2);
  const phase1 = half - 1, phase2 = window - half + 1, phase3 = Math.max(0, length - window), phase4 = half - 1;
  let li = 0, ri = 0, oi = 0, sum = 0, size = 0;
  for (let i = 0; i < phase1; i++) { sum = f(sum + input[inOff + ri]); size++; ri += stride; }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[inOff + ri]); size++;
    output[outOff + oi] = f(sum / size); ri += stride; oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[inOff + ri]); sum = f(sum - input[inOff + li]);
    output[outOff + oi] = f(sum / size); li += stride; ri += stride; oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[inOff + li]); size--;
    output[outOff + oi] = f(sum / size); li += stride; oi += stride;
  }
}

function dct16(luma, width, height) {
  const small = new Float32Array(64 * 64);
  if (width === 64 && height === 64) {
    small.set(luma);
  } else {
    const alongRows = Math.ceil(width / 128), alongCols = Math.ceil(height / 128);
    const other = new Float32Array(luma.length);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < height; i++) box1d(luma, i * width, other, i * width, width, 1, alongRows);
      for (let j = 0; j < width; j++) box1d(other, j, luma, j, height, width, alongCols);
    }
    for (let i = 0; i < 64; i++) {
      const row = Math.floor(((i + 0.5) * height) / 64);
      for (let j = 0; j < 64; j++) small[i * 64 + j] = luma[row * width + Math.floor(((j + 0.5) * width) / 64)];
    }
  }
  // Quality: steps between neighbours in hundredths of full scale, truncated.
  const step = (u, v) => Math.abs(Math.trunc(f(f(f(u - v) * 100) / 255)));
  let sum = 0;
  for (let i = 0; i < 63; i++) for (let j = 0; j < 64; j++) sum += step(small[i * 64 + j], small[(i + 1) * 64 + j]);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 63; j++) sum += step(small[i * 64 + j], small[i * 64 + j + 1]);
  const quality = Math.min(100, Math.floor(sum / 90));
  // D · A · Dᵀ, summed in the reference's order.
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(DCT[i * 64 + k] * small[k * 64 + j]));
      t[i * 64 + j] = s;
    }
  }
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(t[i * 64 + k] * DCT[j * 64 + k]));
      b[i * 16 + j] = s;
    }
  }
  return { b, quality };
}

/* Bits above the lower median, written as the reference prints them. */
function bits(b) {
  const median = Float32Array.from(b).sort()[127];
  const bytes = new Uint8Array(32);
  for (let k = 0; k < 256; k++) {
    if (b[k] > median) bytes[2 * (15 - (k >> 4)) + ((k & 15) < 8 ? 1 : 0)] |= 1 << (k & 7);
  }
  return Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join("");
}

const TURNS = {
  rot90: (i, j, v) => [j, i, j & 1 ? v : -v],
  rot180: (i, j, v) => [i, j, (i + j) & 1 ? -v : v],
  rot270: (i, j, v) => [j, i, i & 1 ? v : -v],
  flipx: (i, j, v) => [i, j, i & 1 ? v : -v],
  flipy: (i, j, v) => [i, j, j & 1 ? v : -v],
  flipp: (i, j, v) => [j, i, v],
  flipm: (i, j, v) => [j, i, (i + j) & 1 ? -v : v],
};

/*
 * The hash of RGBA pixels, its quality (0 to 100) and, when `dihedral`, the
 * seven hashes of the picture turned and flipped. Null under 5 pixels a side.
 */
export function pdq(rgba, width, height, { dihedral = false } = {}) {
  if (width < MIN_DIMENSION || height < MIN_DIMENSION) return null;
  const { b, quality } = dct16(lumaFromRgba(rgba, width, height), width, height);
  const out = { hash: bits(b), quality };
  if (dihedral) {
    out.dihedral = {};
    for (const [name, turn] of Object.entries(TURNS)) {
      const turned = new Float32Array(256);
      for (let i = 0; i < 16; i++) {
        for (let j = 0; j < 16; j++) {
          const [ti, tj, v] = turn(i, j, b[i * 16 + j]);
          turned[ti * 16 + tj] = v;
        }
      }
      out.dihedral[name] = bits(turned);
    }
  }
  return out;
}
