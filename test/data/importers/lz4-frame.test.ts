import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeLz4Frame, Lz4FormatError } from '../../../framework/data/importers/lz4-frame.ts';
import { xxh32 } from '../../../framework/data/importers/xxh32.ts';
import { sharedDataPath } from '../../helpers/shared-data.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

const enc = new TextEncoder();

/** A frame around the given raw block bytes (no checksums unless asked), built per the spec. */
function frame(blocks: { data: number[]; uncompressed?: boolean }[], opts: { contentSize?: number; contentChecksumOf?: Uint8Array } = {}): Uint8Array {
  const out: number[] = [0x04, 0x22, 0x4d, 0x18];
  let flg = 0x40 | 0x20; // version 01, independent blocks
  if (opts.contentSize !== undefined) flg |= 0x08;
  if (opts.contentChecksumOf) flg |= 0x04;
  const desc = [flg, 0x40]; // block max 64 KB
  if (opts.contentSize !== undefined) {
    const cs = opts.contentSize;
    desc.push(cs & 0xff, (cs >>> 8) & 0xff, (cs >>> 16) & 0xff, (cs >>> 24) & 0xff, 0, 0, 0, 0);
  }
  out.push(...desc, (xxh32(Uint8Array.from(desc)) >>> 8) & 0xff);
  for (const b of blocks) {
    const size = b.data.length | (b.uncompressed ? 0x80000000 : 0);
    out.push(size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, (size >>> 24) & 0xff, ...b.data);
  }
  out.push(0, 0, 0, 0);
  if (opts.contentChecksumOf) {
    const h = xxh32(opts.contentChecksumOf);
    out.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff);
  }
  return Uint8Array.from(out);
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('xxh32', () => {
  it('matches the reference test vectors', () => {
    expect(xxh32(enc.encode(''))).toBe(0x02cc5d05);
    expect(xxh32(enc.encode('a'))).toBe(0x550d7456);
    expect(xxh32(enc.encode('abc'))).toBe(0x32d153ff);
    expect(xxh32(enc.encode('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
  });
});

describe('decodeLz4Frame on hand-built frames', () => {
  it('decodes literals, an overlapping match (run-length) and an uncompressed block', () => {
    // token 0x35: 3 literals "abc", match length 5+4 = 9 at offset 3 -> "abc" + "abcabcabc"; then a literals-only end sequence "!"
    const block = [0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x21];
    const expected = 'abcabcabcabc!XYZ';
    const f = frame([{ data: block }, { data: [0x58, 0x59, 0x5a], uncompressed: true }], {
      contentSize: expected.length,
      contentChecksumOf: enc.encode(expected),
    });
    expect(text(decodeLz4Frame(f))).toBe(expected);
  });

  it('decodes extended literal and match lengths (the 255-continuation bytes)', () => {
    const literals = Array.from({ length: 15 + 255 + 10 }, (_, i) => 97 + (i % 26));
    // token 0xFF: literal length 15 + 255 + 10, match length 15 + 4 + 255 + 1; offset 1 repeats the last byte
    const block = [0xff, 255, 10, ...literals, 0x01, 0x00, 255, 1, 0x10, 0x2e];
    const out = text(decodeLz4Frame(frame([{ data: block }])));
    const lit = String.fromCharCode(...literals);
    expect(out).toBe(lit + lit[lit.length - 1]!.repeat(15 + 4 + 255 + 1) + '.');
  });

  it('rejects a bad magic number, a bad header checksum, a bad content checksum and truncation', () => {
    const good = frame([{ data: [0x10, 0x41] }], { contentChecksumOf: enc.encode('A') });
    expect(text(decodeLz4Frame(good))).toBe('A');
    const badMagic = good.slice();
    badMagic[0] = 0;
    expect(() => decodeLz4Frame(badMagic)).toThrow(/not an LZ4 frame/);
    const badHeader = good.slice();
    badHeader[6] = badHeader[6]! ^ 0xff;
    expect(() => decodeLz4Frame(badHeader)).toThrow(/header checksum/);
    const badContent = good.slice();
    badContent[badContent.length - 1] = badContent[badContent.length - 1]! ^ 0xff;
    expect(() => decodeLz4Frame(badContent)).toThrow(/content checksum/);
    expect(() => decodeLz4Frame(good.subarray(0, good.length - 6))).toThrow(Lz4FormatError);
  });

  it('rejects a match that reaches before the start of the output', () => {
    expect(() => decodeLz4Frame(frame([{ data: [0x10, 0x41, 0x05, 0x00, 0x10, 0x41] }]))).toThrow(/offset/);
  });
});

// The lz4 command-line tool (Debian package lz4, on our machines) writes reference frames
// with every option combination; real Freqtrade feathers are covered in importers.test.ts.
const hasLz4Cli = spawnSync('lz4', ['--version']).status === 0;
describe.skipIf(!hasLz4Cli)('decodeLz4Frame on frames written by the lz4 tool', () => {
  const tmp = makeTempDir('keel-lz4-');
  afterAll(() => tmp.cleanup());
  const input = readFileSync(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.json')).subarray(0, 700_000);
  const src = path.join(tmp.dir, 'src.bin');
  writeFileSync(src, input);
  const variants: Record<string, string[]> = {
    'linked 64 KB blocks, no checksums': ['-B4', '-BD', '--no-frame-crc'],
    'independent 4 MB blocks, content size, content checksum': ['-B7', '-BI', '--content-size'],
    'block checksums, fastest level': ['-B5', '-BX', '-1'],
    'high compression': ['-B6', '-9'],
  };
  for (const [name, flags] of Object.entries(variants)) {
    it(name, () => {
      const dst = path.join(tmp.dir, `${name.replace(/\W+/g, '_')}.lz4`);
      execFileSync('lz4', ['-q', '-f', ...flags, src, dst]);
      const out = decodeLz4Frame(readFileSync(dst));
      expect(Buffer.from(out).equals(input)).toBe(true);
    });
  }
});
