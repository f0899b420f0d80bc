/**
 * A minimal PNG reader for screenshot checks: 8-bit RGB / RGBA, non-interlaced (what
 * Chromium's DevTools screenshots are). Decodes the pixels with node:zlib and undoes the
 * per-row filters, so a test can measure how much of an area is actually drawn.
 */
import { inflateSync } from 'node:zlib';

export interface Png {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). */
  channels: number;
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(buf: Buffer): Png {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8]!;
      const colorType = body[9]!;
      const interlace = body[12]!;
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${depth}, colour type ${colorType}, interlace ${interlace}`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[dst + x - channels]! : 0;
      const b = y > 0 ? pixels[dst - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[dst - stride + x - channels]! : 0;
      let v = raw[src + x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      pixels[dst + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

export interface RegionStats {
  pixels: number;
  /** Distinct RGB colours. */
  colours: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
  /** Standard deviation of the luminance. */
  lumaStd: number;
}

/** Statistics of the rectangle [x, x + w) x [y, y + h), clipped to the image. */
export function regionStats(png: Png, x: number, y: number, w: number, h: number): RegionStats {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(png.width, Math.floor(x + w));
  const y1 = Math.min(png.height, Math.floor(y + h));
  const colours = new Set<number>();
  let n = 0;
  let inked = 0;
  let sum = 0;
  let sumSq = 0;
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const i = (yy * png.width + xx) * png.channels;
      const r = png.pixels[i]!;
      const g = png.pixels[i + 1]!;
      const b = png.pixels[i + 2]!;
      colours.add((r << 16) | (g << 8) | b);
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += luma;
      sumSq += luma * luma;
      if (luma < 235) inked++;
      n++;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  return { pixels: n, colours: colours.size, inked: n > 0 ? inked / n : 0, lumaStd: n > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0 };
}
