// The app icon, drawn in code: a wallet in the app's accent blue on the dark window colour, a card
// tucked in it and the brand's diamond as the clasp. Designed on a 512 grid, scaled to any size, with
// 4×4 supersampling for smooth edges.
type Rgb = readonly [number, number, number];

interface Layer {
  contains(x: number, y: number): boolean;
  colour(x: number, y: number): Rgb;
}

const hex = (value: string): Rgb => [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16)) as unknown as Rgb;
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * Math.min(1, Math.max(0, t))) as unknown as Rgb;

function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number) {
  return (x: number, y: number) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + radius - x, x - (x1 - radius), 0);
    const dy = Math.max(y0 + radius - y, y - (y1 - radius), 0);
    return dx * dx + dy * dy <= radius * radius;
  };
}

/** A vertical gradient from `top` at y0 to `bottom` at y1. */
const vertical = (top: string, bottom: string, y0: number, y1: number) => (_x: number, y: number) => mix(hex(top), hex(bottom), (y - y0) / (y1 - y0));
const flat = (colour: string) => () => hex(colour);

/** Topmost first. */
const LAYERS: Layer[] = [
  // The clasp: the brand's diamond.
  { contains: (x, y) => Math.abs(x - 352) + Math.abs(y - 268) <= 20, colour: flat('#ffffff') },
  // The strap the clasp sits on, standing out of the wallet's right side.
  { contains: roundedRect(300, 226, 416, 310, 28), colour: vertical('#2f6fed', '#2456c9', 226, 310) },
  // The wallet body.
  { contains: roundedRect(96, 170, 400, 380, 40), colour: vertical('#6f9bff', '#2f6fed', 170, 380) },
  // Two cards tucked in behind it.
  { contains: roundedRect(150, 118, 350, 230, 20), colour: flat('#e6e9ee') },
  { contains: roundedRect(126, 140, 326, 250, 20), colour: flat('#9aa4b2') },
  // The tile: the dark window background, a little lighter at the top.
  { contains: roundedRect(32, 32, 480, 480, 104), colour: vertical('#232b36', '#111418', 32, 480) },
];

const SAMPLES = 4;

/**
 * The menu-bar (tray) template for macOS: the wallet's silhouette (body, strap and a card, the clasp cut out) in black,
 * its shape only in alpha, so the system tints it for light and dark menu bars. No tile: it sits on the bar.
 */
const CLASP: Layer = { contains: (x, y) => Math.abs(x - 352) + Math.abs(y - 278) <= 24, colour: flat('#000000') };
const CARD_GAP: Layer = { contains: roundedRect(60, 146, 400, 172, 0), colour: flat('#000000') };
const TEMPLATE_LAYERS: Layer[] = [
  CLASP,
  { contains: roundedRect(300, 226, 440, 330, 30), colour: flat('#000000') },
  { contains: roundedRect(40, 172, 420, 420, 48), colour: flat('#000000') },
  CARD_GAP,
  // A card tucked in: what makes the silhouette a wallet.
  { contains: roundedRect(110, 70, 340, 200, 20), colour: flat('#000000') },
];

/** The tray template as straight-alpha RGBA pixels: black, with the clasp transparent. */
export function renderTrayTemplate(size: number): Uint8Array {
  return render(size, TEMPLATE_LAYERS, (layer) => layer !== CLASP && layer !== CARD_GAP);
}

/** The icon as straight-alpha RGBA pixels, `size` × `size`. */
export function renderIcon(size: number): Uint8Array {
  return render(size, LAYERS, () => true);
}

/** Supersampled pixels of the topmost layer at each point; `opaque` says whether that layer paints. */
function render(size: number, layers: Layer[], opaque: (layer: Layer) => boolean): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const scale = 512 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) * scale;
          const y = (py + (sy + 0.5) / SAMPLES) * scale;
          const layer = layers.find((l) => l.contains(x, y));
          if (!layer || !opaque(layer)) continue;
          const colour = layer.colour(x, y);
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      pixels[at] = Math.round(r / covered);
      pixels[at + 1] = Math.round(g / covered);
      pixels[at + 2] = Math.round(b / covered);
      pixels[at + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return pixels;
}
