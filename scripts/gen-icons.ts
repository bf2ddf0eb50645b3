/**
 * Draws the extension's icon (a key on a rounded square) at each size the manifest names and writes
 * PNGs to public/icons. Run once with `npx tsx scripts/gen-icons.ts`; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function icon(size: number): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const s = size / 128; // design on a 128 grid
  const inRounded = (x: number, y: number) => {
    const r = 26 * s;
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const inKey = (x: number, y: number) => {
    const bx = 44 * s,
      by = 64 * s;
    const d = Math.hypot(x - bx, y - by);
    if (d <= 24 * s && d >= 11 * s) return true; // bow
    if (y >= by - 7 * s && y <= by + 7 * s && x >= bx + 20 * s && x <= 108 * s) return true; // shaft
    if (x >= 84 * s && x <= 94 * s && y >= by && y <= by + 22 * s) return true; // tooth
    if (x >= 98 * s && x <= 108 * s && y >= by && y <= by + 16 * s) return true; // tooth
    return false;
  };
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const cx = x + 0.5,
        cy = y + 0.5;
      if (!inRounded(cx, cy)) continue;
      const [r, g, b] = inKey(cx, cy) ? [255, 255, 255] : [0x1d, 0x4e, 0xd8];
      px[i] = r;
      px[i + 1] = g;
      px[i + 2] = b;
      px[i + 3] = 255;
    }
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`../public/icons/icon-${size}.png`, import.meta.url), icon(size));
console.log('icons written to public/icons');
