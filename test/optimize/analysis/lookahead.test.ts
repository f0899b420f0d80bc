import { describe, expect, it } from 'vitest';
import { lookaheadAnalysis } from '../../../framework/optimize/analysis/lookahead.ts';
import { discoverStrategies } from '../../../framework/strategy/registry.ts';
import { FIXTURE_DIR, SAMPLE_DIR, subject } from './helpers.ts';

// Two weeks of the bundled 5m data (~4,000 candles per pair): enough signals, seconds of work.
const SLICE = '20230301-20230315';
const PAIRS = ['BTC/USDT', 'ETH/USDT'];

describe('lookahead analysis on the bundled data', () => {
  it('catches BiasedLookahead: names next_close and close_norm (not the honest sma20) and the changed signals', async () => {
    const s = await subject('BiasedLookahead', SAMPLE_DIR, SLICE, PAIRS);
    const r = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 10, freshStrategy: s.freshStrategy });
    expect(r.verdict).toBe('bias');
    expect(r.hasBias).toBe(true);
    expect(r.biasedColumns.map((c) => c.column)).toEqual(['next_close', 'close_norm']);
    expect(r.entriesChecked).toBe(10);
    expect(r.exitsChecked).toBe(10);
    // Every entry needs the next close, which a run ending on the signal candle does not have.
    expect(r.biasedEntries).toBe(10);
    expect(r.biasedExits).toBeGreaterThan(0);
    const next = r.biasedColumns[0]!;
    expect(next.runs).toBe(r.runs);
    // The first difference is on the cut candle itself: a real close in the full run, NaN once cut.
    expect(next.example.time).toBe(next.example.truncatedAt);
    expect(next.example.truncated).toBe('NaN');
    expect(Number(next.example.full)).toBeGreaterThan(0);
    expect(r.entryExample?.changes).toEqual([
      { column: 'enter_long', full: '1', truncated: '0' },
      { column: 'enter_tag', full: '"knows_next_close"', truncated: 'null' },
    ]);
    expect(r.exitExample?.changes.map((c) => c.column)).toContain('exit_long');
  });

  it.each(['SmaCross', 'RsiMeanReversion', 'BollingerBreakout', 'MacdTrend', 'CallbacksDemo'])(
    '%s is clean: same signals and bit-identical indicators on every truncated run',
    async (name) => {
      const s = await subject(name, SAMPLE_DIR, SLICE, PAIRS);
      const r = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 8, freshStrategy: s.freshStrategy });
      expect(r.entriesChecked + r.exitsChecked).toBeGreaterThanOrEqual(10);
      expect(r.entriesChecked).toBeGreaterThan(0);
      expect(r.exitsChecked).toBeGreaterThan(0);
      expect(r.biasedColumns).toEqual([]);
      expect([r.biasedEntries, r.biasedExits]).toEqual([0, 0]);
      expect(r.verdict).toBe('no_bias');
    },
  );

  it('catches lookahead used only inside a signal rule (no indicator column shows it)', async () => {
    const s = await subject('SignalOnlyLookahead', FIXTURE_DIR, SLICE, ['BTC/USDT']);
    const r = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 10, freshStrategy: s.freshStrategy });
    expect(r.biasedColumns).toEqual([]);
    expect(r.biasedEntries).toBe(10);
    expect(r.biasedExits).toBe(10);
    expect(r.verdict).toBe('bias');
  });

  it('catches lookahead inside an informative populate, through the merged 1h column', async () => {
    const s = await subject('InformativeLookahead', FIXTURE_DIR, SLICE, ['BTC/USDT']);
    const r = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 6, freshStrategy: s.freshStrategy });
    // The merged 1h candles and sma3_1h only ever show closed 1h candles: not biased.
    expect(r.biasedColumns.map((c) => c.column)).toEqual(['next_close_1h']);
    expect(r.verdict).toBe('bias');
  });

  it('compares bit for bit by default; a relative tolerance absorbs float noise', async () => {
    const s = await subject('LengthNoise', FIXTURE_DIR, SLICE, ['BTC/USDT']);
    const strict = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 5 });
    expect(strict.biasedColumns.map((c) => c.column)).toEqual(['noisy']);
    const tolerant = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 5, relativeTolerance: 1e-12 });
    expect(tolerant.biasedColumns).toEqual([]);
    expect(tolerant.verdict).toBe('no_bias');
  });

  it('gives no verdict with fewer signals than the minimum, but still reports what it found', async () => {
    // Two hours: a handful of SmaCross signals at most.
    const s = await subject('SmaCross', SAMPLE_DIR, '1677628800-1677636000', ['BTC/USDT']);
    const r = await lookaheadAnalysis(s.strategy, s.windows, { minimumSignals: 10 });
    expect(r.entriesFound + r.exitsFound).toBeLessThan(10);
    expect(r.verdict).toBe('too_few_signals');
    expect(r.hasBias).toBe(false);

    const b = await subject('BiasedLookahead', SAMPLE_DIR, '1677628800-1677636000', ['BTC/USDT']);
    const rb = await lookaheadAnalysis(b.strategy, b.windows, { minimumSignals: 1000 });
    expect(rb.verdict).toBe('bias');
  });

  it('checks the targeted number spread over the range, or the first ones', async () => {
    const s = await subject('SmaCross', SAMPLE_DIR, SLICE, ['BTC/USDT']);
    const spread = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 3 });
    const first = await lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 3, selection: 'first' });
    expect(spread.entriesChecked).toBe(3);
    expect(first.entriesChecked).toBe(3);
    expect(spread.entriesFound).toBeGreaterThan(3);
  });

  it('refuses options that make no sense', async () => {
    const s = await subject('SmaCross', SAMPLE_DIR, SLICE, ['BTC/USDT']);
    await expect(lookaheadAnalysis(s.strategy, s.windows, { targetedSignals: 0 })).rejects.toThrow(/targeted signals/);
    await expect(lookaheadAnalysis(s.strategy, s.windows, { minimumSignals: -1 })).rejects.toThrow(/minimum signals/);
    await expect(lookaheadAnalysis(s.strategy, s.windows, { relativeTolerance: -1 })).rejects.toThrow(/tolerance/);
  });

  it('the biased sample loads next to the five sample strategies without problems', async () => {
    const d = await discoverStrategies(SAMPLE_DIR);
    expect(d.problems).toEqual([]);
    expect(d.strategies.map((s) => s.name).sort()).toEqual(
      ['BiasedLookahead', 'BollingerBreakout', 'CallbacksDemo', 'MacdTrend', 'RsiMeanReversion', 'SmaCross'],
    );
  });
});
