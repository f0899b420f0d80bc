/**
 * LZ4 frame decoder (format spec: lz4/lz4 doc/lz4_Frame_format.md and lz4_Block_format.md).
 *
 * Why hand-written: apache-arrow JS reads compressed IPC only through a codec registered in
 * its `compressionRegistry`, and ships none. Freqtrade's feather files are LZ4_FRAME
 * compressed, and decoding (not encoding) is all we need, so ~150 lines here avoid a native
 * or unmaintained dependency. Header, block and content checksums (xxHash32) are verified
 * when the frame carries them, so a corrupt file fails loudly instead of yielding bad prices.
 */
import { xxh32 } from './xxh32.ts';

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_SIZES: Record<number, number> = { 4: 65_536, 5: 262_144, 6: 1_048_576, 7: 4_194_304 };

export class Lz4FormatError extends Error {}

/**
 * Decode one or more concatenated LZ4 frames (skippable frames are skipped).
 * `sizeHint` (e.g. the uncompressed length Arrow stores before each buffer) avoids regrowing.
 */
export function decodeLz4Frame(input: Uint8Array, sizeHint = 0): Uint8Array {
  let out: Uint8Array = new Uint8Array(Math.max(sizeHint, 64));
  let outPos = 0;
  let pos = 0;
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const need = (n: number, what: string): void => {
    if (pos + n > input.length) throw new Lz4FormatError(`truncated LZ4 frame: ${what} at byte ${pos}`);
  };

  while (pos < input.length) {
    need(4, 'magic number');
    const magic = view.getUint32(pos, true);
    pos += 4;
    if (((magic & SKIPPABLE_MAGIC_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      need(4, 'skippable frame size');
      pos += 4 + view.getUint32(pos, true);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Lz4FormatError(`not an LZ4 frame: magic 0x${magic.toString(16)} at byte ${pos - 4}`);

    need(3, 'frame descriptor');
    const descStart = pos;
    const flg = input[pos++]!;
    const bd = input[pos++]!;
    if (flg >> 6 !== 1) throw new Lz4FormatError(`unsupported LZ4 frame version ${flg >> 6}`);
    const blockChecksum = (flg & 0x10) !== 0;
    const hasContentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const hasDictId = (flg & 0x01) !== 0;
    const blockMax = BLOCK_MAX_SIZES[(bd >> 4) & 0x7];
    if (blockMax === undefined) throw new Lz4FormatError(`invalid LZ4 block maximum size code ${(bd >> 4) & 0x7}`);
    let contentSize = -1;
    if (hasContentSize) {
      need(8, 'content size');
      contentSize = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 4_294_967_296;
      pos += 8;
    }
    if (hasDictId) throw new Lz4FormatError('LZ4 frames with a dictionary are not supported');
    need(1, 'header checksum');
    const headerChecksum = (xxh32(input, descStart, pos - descStart) >>> 8) & 0xff;
    if (headerChecksum !== input[pos]) throw new Lz4FormatError('LZ4 frame header checksum mismatch');
    pos++;

    const frameStart = outPos;
    if (contentSize >= 0 && out.length < outPos + contentSize) out = grow(out, outPos + contentSize);
    for (;;) {
      need(4, 'block size');
      const word = view.getUint32(pos, true);
      pos += 4;
      if (word === 0) break; // EndMark
      const size = word & 0x7fffffff;
      if (size > blockMax) throw new Lz4FormatError(`LZ4 block of ${size} bytes exceeds the frame maximum ${blockMax}`);
      need(size, 'block data');
      if (out.length < outPos + blockMax) out = grow(out, outPos + blockMax);
      if (word & 0x80000000) {
        out.set(input.subarray(pos, pos + size), outPos);
        outPos += size;
      } else {
        outPos = decodeBlock(input, pos, pos + size, out, outPos, outPos + blockMax);
      }
      if (blockChecksum) {
        need(4, 'block checksum');
        if (xxh32(input, pos, size) !== view.getUint32(pos + size, true)) {
          throw new Lz4FormatError('LZ4 block checksum mismatch');
        }
        pos += 4;
      }
      pos += size;
    }
    if (contentChecksum) {
      need(4, 'content checksum');
      if (xxh32(out, frameStart, outPos - frameStart) !== view.getUint32(pos, true)) {
        throw new Lz4FormatError('LZ4 content checksum mismatch');
      }
      pos += 4;
    }
    if (contentSize >= 0 && outPos - frameStart !== contentSize) {
      throw new Lz4FormatError(`LZ4 frame decoded to ${outPos - frameStart} bytes; its header says ${contentSize}`);
    }
  }
  return outPos === out.length ? out : out.subarray(0, outPos);
}

function grow(buf: Uint8Array, min: number): Uint8Array {
  const next = new Uint8Array(Math.max(min, buf.length * 2));
  next.set(buf);
  return next;
}

/**
 * Decode one LZ4 block in src[start, end) into dst at dstPos; matches may reach back into
 * earlier blocks of the same frame (linked blocks), which live in the same `dst`.
 * Returns the new write position.
 */
function decodeBlock(src: Uint8Array, start: number, end: number, dst: Uint8Array, dstPos: number, dstLimit: number): number {
  let s = start;
  let d = dstPos;
  while (s < end) {
    const token = src[s++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (s >= end) throw new Lz4FormatError('truncated LZ4 literal length');
        b = src[s++]!;
        literals += b;
      } while (b === 255);
    }
    if (s + literals > end || d + literals > dstLimit) throw new Lz4FormatError('LZ4 literal run out of bounds');
    // Short runs are faster byte by byte than through a subarray + set.
    if (literals < 32) for (let i = 0; i < literals; i++) dst[d++] = src[s++]!;
    else {
      dst.set(src.subarray(s, s + literals), d);
      s += literals;
      d += literals;
    }
    if (s === end) break; // the last sequence has literals only
    if (s + 2 > end) throw new Lz4FormatError('truncated LZ4 match offset');
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    if (offset === 0 || offset > d) throw new Lz4FormatError(`invalid LZ4 match offset ${offset}`);
    let matchLen = (token & 15) + 4;
    if (matchLen === 19) {
      let b: number;
      do {
        if (s >= end) throw new Lz4FormatError('truncated LZ4 match length');
        b = src[s++]!;
        matchLen += b;
      } while (b === 255);
    }
    if (d + matchLen > dstLimit) throw new Lz4FormatError('LZ4 match runs past the block maximum size');
    let from = d - offset;
    if (offset >= matchLen && matchLen >= 32) {
      dst.copyWithin(d, from, from + matchLen);
      d += matchLen;
    } else {
      // Overlapping copy (offset < length) repeats the pattern; must go byte by byte.
      for (let i = 0; i < matchLen; i++) dst[d++] = dst[from++]!;
    }
  }
  return d;
}
