// Generates Cifra's PNG icons (a white "7" on teal) with pngjs; run once, output committed.
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
function icon(size, safe) {
  const png = new PNG({ width: size, height: size });
  const pad = safe ? size * 0.2 : size * 0.12;
  const inner = size - 2 * pad;
  const stroke = inner * 0.14;
  // Segments of a "7": top bar, then a diagonal down-left.
  const segs = [
    [pad + inner * 0.15, pad + inner * 0.2, pad + inner * 0.85, pad + inner * 0.2],
    [pad + inner * 0.85, pad + inner * 0.2, pad + inner * 0.4, pad + inner * 0.88],
  ];
  const dist = (px, py, [x1, y1, x2, y2]) => {
    const dx = x2 - x1,
      dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
  };
  const r = size * 0.18;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const cx = Math.min(x, size - 1 - x),
        cy = Math.min(y, size - 1 - y);
      const inCorner = !safe && cx < r && cy < r && Math.hypot(r - cx, r - cy) > r;
      const d = Math.min(...segs.map((s) => dist(x + 0.5, y + 0.5, s)));
      const ink = Math.max(0, Math.min(1, stroke / 2 - d + 0.5));
      const bg = [15, 118, 110];
      png.data[i] = Math.round(bg[0] + (255 - bg[0]) * ink);
      png.data[i + 1] = Math.round(bg[1] + (255 - bg[1]) * ink);
      png.data[i + 2] = Math.round(bg[2] + (255 - bg[2]) * ink);
      png.data[i + 3] = inCorner ? 0 : 255;
    }
  return PNG.sync.write(png);
}
const out = process.argv[2];
writeFileSync(`${out}/icon-192.png`, icon(192, false));
writeFileSync(`${out}/icon-512.png`, icon(512, false));
writeFileSync(`${out}/icon-maskable-512.png`, icon(512, true));
writeFileSync(`${out}/apple-touch-icon.png`, icon(180, true));
