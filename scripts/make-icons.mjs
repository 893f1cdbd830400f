// Draws the toolbar and store icons (extension/icons/iconN.png): a rounded
// slate square with the lines of a clean page. Run once after changing the
// drawing; the PNGs are committed.
//   node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { crc32 } from './lib/zip.mjs';

const SIZES = [16, 32, 48, 128];
const BG = [0x3b, 0x4a, 0x66];
const FG = [0xfa, 0xf7, 0xf0];
const ACCENT = [0xe8, 0xa3, 0x3d];

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** png encodes RGBA pixels (Uint8Array of w*h*4) as a PNG file. */
export function png(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * w * 4, w * 4).copy(raw, y * (w * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Coverage of pixel (x, y) by a rounded rectangle, 4x4 supersampled.
function cover(x, y, r) {
  let n = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const px = x + (i + 0.5) / 4;
      const py = y + (j + 0.5) / 4;
      if (r(px, py)) n++;
    }
  }
  return n / 16;
}

function roundRect(x0, y0, x1, y1, rad) {
  return (px, py) => {
    if (px < x0 || px > x1 || py < y0 || py > y1) return false;
    const cx = Math.min(Math.max(px, x0 + rad), x1 - rad);
    const cy = Math.min(Math.max(py, y0 + rad), y1 - rad);
    return (px - cx) ** 2 + (py - cy) ** 2 <= rad * rad;
  };
}

function draw(s) {
  const px = new Uint8Array(s * s * 4);
  const u = s / 16;
  const shapes = [
    { color: BG, test: roundRect(0, 0, s, s, 3.2 * u) },
    // title line in the accent colour, then text lines
    { color: ACCENT, test: roundRect(3 * u, 3.2 * u, 13 * u, 5.2 * u, 0.8 * u) },
    { color: FG, test: roundRect(3 * u, 7 * u, 13 * u, 8.4 * u, 0.6 * u) },
    { color: FG, test: roundRect(3 * u, 9.6 * u, 13 * u, 11 * u, 0.6 * u) },
    { color: FG, test: roundRect(3 * u, 12.2 * u, 9.5 * u, 13.6 * u, 0.6 * u) },
  ];
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      let rgb = [0, 0, 0];
      let a = 0;
      for (const { color, test } of shapes) {
        const c = cover(x, y, test);
        if (c === 0) continue;
        rgb = a === 0 ? [...color] : rgb.map((v, i) => v * (1 - c) + color[i] * c);
        a = a + c * (1 - a);
      }
      const o = (y * s + x) * 4;
      px[o] = Math.round(rgb[0]);
      px[o + 1] = Math.round(rgb[1]);
      px[o + 2] = Math.round(rgb[2]);
      px[o + 3] = Math.round(a * 255);
    }
  }
  return px;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const s of SIZES) {
    const out = new URL(`../extension/icons/icon${s}.png`, import.meta.url);
    writeFileSync(out, png(s, s, draw(s)));
    console.log(out.pathname);
  }
}
