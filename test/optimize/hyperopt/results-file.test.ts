import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import {
  listResultsFiles,
  newResultsPath,
  pickResultsFile,
  readResultsFile,
  resolveResultsFile,
  ResultsWriter,
  RESULTS_KIND,
  RESULTS_VERSION,
  type EpochLine,
  type ResultsHeader,
} from '../../../framework/optimize/hyperopt/results-file.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('keel-ho-results-');
});
afterEach(() => tmp.cleanup());

const header = {
  kind: RESULTS_KIND,
  version: RESULTS_VERSION,
  createdAt: '2024-01-01T00:00:00.000Z',
  epochs: 10,
  spec: { strategy: { name: 'S' }, searchSpace: { dimensions: [] } },
  configHash: 'x',
  dataHashes: {},
  samplerBatchSize: 8,
  node: 'v20',
} as unknown as ResultsHeader;

function epoch(n: number, loss: number | null = -n): EpochLine {
  return {
    kind: 'epoch',
    epoch: n,
    params: { a: n },
    paramsDetails: { buy: { a: n } },
    loss,
    values: [loss],
    failed: loss === null,
    belowMinTrades: false,
    metrics: null,
    seed: 1,
    durationMs: 1,
    worker: 0,
    finishedAt: '2024-01-01T00:00:00.000Z',
  };
}

function writeRun(lines: EpochLine[]): string {
  const file = newResultsPath(tmp.dir, 'S', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
  const w = ResultsWriter.create(file, header);
  for (const l of lines) w.append(l);
  w.close();
  return file;
}

describe('results file', () => {
  it('is named <strategy>_<time>.jsonl and never overwrites an existing run', () => {
    const a = writeRun([]);
    expect(path.basename(a)).toBe('S_2024-01-02_03-04-05.jsonl');
    const b = writeRun([]);
    expect(path.basename(b)).toBe('S_2024-01-02_03-04-05_2.jsonl');
  });

  it('holds the header then one line per epoch, NaN written as null', () => {
    const file = writeRun([epoch(2), epoch(1, NaN)]);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
    const r = readResultsFile(file);
    expect(r.header.kind).toBe('keel-hyperopt');
    expect(r.epochs.map((e) => e.epoch)).toEqual([2, 1]);
    expect(r.epochs[1]!.loss).toBeNull();
    expect(r.epochs[1]!.values).toEqual([null]);
    expect(r.skippedLastLine).toBeNull();
    expect(r.validBytes).toBe(Buffer.byteLength(text));
  });

  it('skips a cut-off last line, and resume cuts it off before appending', () => {
    const file = writeRun([epoch(1), epoch(2)]);
    const good = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '{"kind":"epoch","epoch":3,"par');
    const r = readResultsFile(file, { warn: false });
    expect(r.skippedLastLine).toBe(4);
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const w = ResultsWriter.resume(r);
    w.append(epoch(3));
    w.close();
    const after = fs.readFileSync(file, 'utf8');
    expect(after.startsWith(good)).toBe(true);
    expect(readResultsFile(file).epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('accepts a complete last line without its newline and adds the newline on resume', () => {
    const file = writeRun([epoch(1)]);
    fs.appendFileSync(file, JSON.stringify(epoch(2)));
    const r = readResultsFile(file);
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(r.needsNewline).toBe(true);
    const w = ResultsWriter.resume(r);
    w.append(epoch(3));
    w.close();
    expect(readResultsFile(file).epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('refuses a bad line anywhere but at the end, naming the line', () => {
    const file = writeRun([epoch(1), epoch(2), epoch(3)]);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.slice(0, 20);
    fs.writeFileSync(file, lines.join('\n'));
    expect(() => readResultsFile(file)).toThrow(UsageError);
    expect(() => readResultsFile(file)).toThrow(/line 3 is not valid JSON/);
  });

  it('refuses an epoch recorded twice and a line that is not an epoch, naming the lines', () => {
    const dup = writeRun([epoch(1), epoch(2), epoch(1), epoch(4)]);
    expect(() => readResultsFile(dup)).toThrow(/line 4 repeats epoch 1 \(already on line 2\)/);
    const odd = writeRun([epoch(1)]);
    fs.appendFileSync(odd, `${JSON.stringify({ kind: 'epoch', epoch: 0, params: {}, values: [] })}\n${JSON.stringify(epoch(2))}\n`);
    expect(() => readResultsFile(odd)).toThrow(/line 3 has epoch 0; expected a whole number >= 1/);
  });

  it('refuses an empty file and a file whose first line is not a Keel header', () => {
    const empty = path.join(tmp.dir, 'empty.jsonl');
    fs.writeFileSync(empty, '');
    expect(() => readResultsFile(empty)).toThrow(/is empty/);
    const other = path.join(tmp.dir, 'other.jsonl');
    fs.writeFileSync(other, '{"kind":"something-else"}\n');
    expect(() => readResultsFile(other)).toThrow(/line 1 \(the header\) is not a Keel hyperopt header/);
    const cut = path.join(tmp.dir, 'cut.jsonl');
    fs.writeFileSync(cut, '{"kind":"keel-hyp');
    expect(() => readResultsFile(cut)).toThrow(/line 1 \(the header\) is not valid JSON/);
  });

  it('finds a run by path, by name with or without .jsonl, and the newest run', () => {
    const a = writeRun([epoch(1)]);
    const b = writeRun([epoch(1)]);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(a, past, past);
    expect(resolveResultsFile(a, '/nonexistent')).toBe(a);
    expect(resolveResultsFile(path.basename(b), tmp.dir)).toBe(b);
    expect(resolveResultsFile(path.basename(b, '.jsonl'), tmp.dir)).toBe(b);
    expect(listResultsFiles(tmp.dir)).toEqual([b, a]);
    expect(pickResultsFile(undefined, tmp.dir)).toBe(b);
    expect(() => resolveResultsFile('nope', tmp.dir)).toThrow(/no hyperopt results file "nope".*recent runs in/);
    expect(() => pickResultsFile(undefined, path.join(tmp.dir, 'none'))).toThrow(/no hyperopt results in/);
  });
});
