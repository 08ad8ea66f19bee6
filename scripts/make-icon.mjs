// Draws the extension icon (images/icon.png, 128x128): three pipeline stages joined by a pipe, the last one
// checked. Plain Node (zlib for the PNG), so the icon is rebuilt from source: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges

const BACKGROUND = [20, 52, 89];
const PIPE = [226, 232, 240];
const STAGE = [226, 232, 240];
const DONE = [52, 211, 153];
const MARK = [20, 52, 89];

function roundedSquare(x, y) {
  const r = 24;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

const stages = [
  { x: 28, y: 84, r: 13, color: STAGE },
  { x: 64, y: 44, r: 13, color: STAGE },
  { x: 100, y: 84, r: 16, color: DONE },
];

/** The colour at a point, or null outside the icon. */
function colorAt(x, y) {
  if (!roundedSquare(x, y)) return null;
  const last = stages[2];
  if (Math.hypot(x - last.x, y - last.y) <= last.r) {
    const tick = Math.min(distanceToSegment(x, y, 92, 84, 98, 90), distanceToSegment(x, y, 98, 90, 109, 78));
    return tick <= 2.6 ? MARK : DONE;
  }
  for (const s of stages) if (Math.hypot(x - s.x, y - s.y) <= s.r) return s.color;
  for (let i = 0; i < stages.length - 1; i++) {
    if (distanceToSegment(x, y, stages[i].x, stages[i].y, stages[i + 1].x, stages[i + 1].y) <= 4.5) return PIPE;
  }
  return BACKGROUND;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colorAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (c === null) continue;
        for (let k = 0; k < 3; k++) sum[k] += c[k];
        sum[3] += 255;
      }
    }
    const n = SAMPLES * SAMPLES;
    const covered = sum[3] / 255;
    const at = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let k = 0; k < 3; k++) raw[at + k] = covered ? Math.round(sum[k] / covered) : 0;
    raw[at + 3] = Math.round(sum[3] / n);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
