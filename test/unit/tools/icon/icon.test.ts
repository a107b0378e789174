// The app icon: the committed PNG is what tools/icon draws, a valid PNG, and the renderer links it as
// its favicon.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { APP_ICON_PATH, APP_ROOT, TRAY_TEMPLATE_PATH } from '../../../../src-main/electron/app-icon.ts';
import { ICON_SIZE, iconPng, TRAY_SIZE, trayTemplatePng } from '../../../../tools/icon/make-icon.ts';
import { encodePng, pngSize } from '../../../../tools/icon/png.ts';

/** The chunks of a PNG, each CRC checked. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

describe('the PNG encoder', () => {
  it('writes IHDR, IDAT and IEND with valid CRCs, and the pixels come back from the deflated rows', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng(3, 2, rgba);
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([...parts[0]!.data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    const rows = inflateSync(parts[1]!.data);
    expect(rows).toHaveLength(2 * (3 * 4 + 1));
    expect([...rows.subarray(1, 13), ...rows.subarray(14, 26)]).toEqual([...rgba]);
    expect(() => encodePng(3, 2, rgba.subarray(1))).toThrow(/Expected 24 bytes/);
    expect(pngSize(Buffer.from('not a png at all, not at all'))).toBeNull();
  });
});

describe('the app icon', () => {
  it('is committed exactly as tools/icon draws it, 512 × 512 with transparent corners and an opaque middle', () => {
    const committed = readFileSync(APP_ICON_PATH);
    expect(committed.equals(iconPng()), 'resources/icon.png is stale: run node tools/icon/make-icon.ts').toBe(true);
    expect(pngSize(committed)).toEqual({ width: ICON_SIZE, height: ICON_SIZE });
    const rows = inflateSync(chunks(committed).find((c) => c.type === 'IDAT')!.data);
    const alpha = (x: number, y: number) => rows[y * (ICON_SIZE * 4 + 1) + 1 + x * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(ICON_SIZE / 2, ICON_SIZE / 2)).toBe(255);
  }, 30_000); // drawing 512 × 512 at 16 samples a pixel takes seconds on a busy 2-core machine

  it('is the renderer’s favicon, linked from index.html to the same file', () => {
    const html = readFileSync(join(APP_ROOT, 'src-renderer', 'index.html'), 'utf8');
    const href = /<link rel="icon" type="image\/png" href="([^"]+)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    expect(resolve(dirname(join(APP_ROOT, 'src-renderer', 'index.html')), href!)).toBe(APP_ICON_PATH);
  });
});

describe('the macOS tray template', () => {
  it('is committed as drawn, 16 and 32 px, black with its shape in alpha and the clasp cut out', () => {
    for (const [scale, file] of [[1, TRAY_TEMPLATE_PATH], [2, TRAY_TEMPLATE_PATH.replace('.png', '@2x.png')]] as const) {
      const committed = readFileSync(file);
      expect(committed.equals(trayTemplatePng(scale)), `${file} is stale: run node tools/icon/make-icon.ts`).toBe(true);
      const size = TRAY_SIZE * scale;
      expect(pngSize(committed)).toEqual({ width: size, height: size });
      const rows = inflateSync(chunks(committed).find((c) => c.type === 'IDAT')!.data);
      const px = (x: number, y: number) => [...rows.subarray(y * (size * 4 + 1) + 1 + x * 4, y * (size * 4 + 1) + 1 + x * 4 + 4)];
      const all = Array.from({ length: size * size }, (_, i) => px(i % size, Math.floor(i / size)));
      expect(all.every(([r, g, b]) => r === 0 && g === 0 && b === 0)).toBe(true); // a template is black: the system tints it
      expect(px(0, 0)[3]).toBe(0);
      expect(px(Math.round((200 / 512) * size), Math.round((300 / 512) * size))[3]).toBe(255); // the wallet's body
      expect(px(Math.floor((352 / 512) * size), Math.floor((278 / 512) * size))[3]).toBeLessThan(255); // the clasp
    }
  });
});
