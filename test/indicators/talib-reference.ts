/**
 * The TA-Lib reference files in ../shared/data/indicators (see its README.md): input OHLCV
 * plus TA-Lib's outputs, empty cells where TA-Lib outputs nothing. Shared by the agreement
 * test and by agreement-report.ts (which prints the figures quoted in docs/indicators.md).
 */
import { readFileSync } from 'node:fs';
import * as ta from '../../framework/indicators/index.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

export const TALIB_FILES = ['talib_orcl-1995-2014_1d.csv', 'talib_freqtrade_ETH_BTC-5m.csv'] as const;

export type Columns = Record<string, Float64Array>;

export function readTalibCsv(file: string): Columns {
  const text = readFileSync(sharedDataPath('indicators', file), 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const head = lines[0]!.split(',');
  const n = lines.length - 1;
  const cols: Columns = {};
  for (const h of head) if (h !== 'date') cols[h] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',');
    if (f.length !== head.length) throw new Error(`${file}: row ${i + 2} has ${f.length} fields, expected ${head.length}`);
    for (let j = 0; j < head.length; j++) {
      const h = head[j]!;
      if (h === 'date') continue;
      cols[h]![i] = f[j] === '' ? NaN : Number(f[j]);
    }
  }
  return cols;
}

/** Column -> our result on the file's OHLCV, with the parameters the README lists. */
export function computeOurs(cols: Columns): Record<string, Float64Array> {
  const h = cols.high!;
  const l = cols.low!;
  const c = cols.close!;
  const v = cols.volume!;
  const m = ta.macd(c, 12, 26, 9);
  const bb = ta.bbands(c, 20, 2, 2);
  const st = ta.stoch(h, l, c, 14, 3, 3);
  const sf = ta.stochf(h, l, c, 5, 3);
  const sr = ta.stochRsi(c, 14, 5, 3);
  const ar = ta.aroon(h, l, 14);
  return {
    sma_10: ta.sma(c, 10),
    sma_30: ta.sma(c, 30),
    ema_10: ta.ema(c, 10),
    ema_30: ta.ema(c, 30),
    wma_10: ta.wma(c, 10),
    rsi_14: ta.rsi(c, 14),
    macd_12_26_9: m.macd,
    macdsignal_12_26_9: m.signal,
    macdhist_12_26_9: m.hist,
    bb_upper_20_2: bb.upper,
    bb_middle_20_2: bb.middle,
    bb_lower_20_2: bb.lower,
    atr_14: ta.atr(h, l, c, 14),
    adx_14: ta.adx(h, l, c, 14),
    cci_14: ta.cci(h, l, c, 14),
    stoch_slowk_14_3_3: st.slowk,
    stoch_slowd_14_3_3: st.slowd,
    mfi_14: ta.mfi(h, l, c, v, 14),
    obv: ta.obv(c, v),
    dema_30: ta.dema(c, 30),
    tema_30: ta.tema(c, 30),
    natr_14: ta.natr(h, l, c, 14),
    plus_di_14: ta.plusDi(h, l, c, 14),
    minus_di_14: ta.minusDi(h, l, c, 14),
    stochf_fastk_5_3: sf.fastk,
    stochf_fastd_5_3: sf.fastd,
    stochrsi_fastk_14_5_3: sr.fastk,
    stochrsi_fastd_14_5_3: sr.fastd,
    roc_10: ta.roc(c, 10),
    willr_14: ta.willr(h, l, c, 14),
    'sar_0.02_0.2': ta.sar(h, l, 0.02, 0.2),
    // extras (not in the required core set)
    adxr_14: ta.adxr(h, l, c, 14),
    trix_30: ta.trix(c, 30),
    kama_30: ta.kama(c, 30),
    mom_10: ta.mom(c, 10),
    aroondown_14: ar.aroondown,
    aroonup_14: ar.aroonup,
    ultosc_7_14_28: ta.ultosc(h, l, c, 7, 14, 28),
    ad: ta.ad(h, l, c, v),
    adosc_3_10: ta.adosc(h, l, c, v, 3, 10),
  };
}

export const EXTRA_COLUMNS = new Set([
  'adxr_14',
  'trix_30',
  'kama_30',
  'mom_10',
  'aroondown_14',
  'aroonup_14',
  'ultosc_7_14_28',
  'ad',
  'adosc_3_10',
]);

export const REL_TOL = 1e-9;
/** Absolute floor, relative to the column's scale, for values that cross zero (MACD hist, CCI, ROC, ...). */
export const ABS_TOL_OF_SCALE = 1e-12;

export interface Agreement {
  rows: number;
  values: number; // rows where TA-Lib has a value
  nanMismatches: number; // rows where exactly one side is NaN
  firstNanMismatch: number; // -1 when none
  bitIdentical: number;
  maxRel: number; // max |a - b| / max(|a|, |b|) over rows with a value
  maxAbs: number;
  outOfTolerance: number; // rows beyond REL_TOL * |ref| + ABS_TOL_OF_SCALE * max|ref|
  firstOutOfTolerance: number;
}

export function compare(ours: Float64Array, ref: Float64Array): Agreement {
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const a = Math.abs(ref[i]!);
    if (a > scale) scale = a;
  }
  const absTol = ABS_TOL_OF_SCALE * scale;
  const r: Agreement = {
    rows: ref.length,
    values: 0,
    nanMismatches: ours.length === ref.length ? 0 : Math.abs(ours.length - ref.length),
    firstNanMismatch: -1,
    bitIdentical: 0,
    maxRel: 0,
    maxAbs: 0,
    outOfTolerance: 0,
    firstOutOfTolerance: -1,
  };
  for (let i = 0; i < Math.min(ours.length, ref.length); i++) {
    const a = ours[i]!;
    const b = ref[i]!;
    const aNan = a !== a;
    const bNan = b !== b;
    if (aNan !== bNan) {
      r.nanMismatches++;
      if (r.firstNanMismatch < 0) r.firstNanMismatch = i;
      continue;
    }
    if (bNan) continue;
    r.values++;
    if (a === b) {
      r.bitIdentical++;
      continue;
    }
    const d = Math.abs(a - b);
    const rel = d / Math.max(Math.abs(a), Math.abs(b));
    if (rel > r.maxRel) r.maxRel = rel;
    if (d > r.maxAbs) r.maxAbs = d;
    if (!(d <= REL_TOL * Math.abs(b) + absTol)) {
      r.outOfTolerance++;
      if (r.firstOutOfTolerance < 0) r.firstOutOfTolerance = i;
    }
  }
  return r;
}
