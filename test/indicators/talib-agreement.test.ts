/**
 * Every core indicator (and the extra TA-Lib columns) against TA-Lib's own output on real
 * data, every row: NaN exactly where TA-Lib outputs nothing, values within 1e-9 relative
 * (plus an absolute floor of 1e-12 x the column's largest magnitude, for values crossing
 * zero such as MACD hist, CCI, ROC).
 */
import { describe, expect, it } from 'vitest';
import { compare, computeOurs, readTalibCsv, TALIB_FILES } from './talib-reference.ts';

const FIRST_ROW: Record<string, number> = {
  sma_10: 9,
  sma_30: 29,
  ema_10: 9,
  ema_30: 29,
  wma_10: 9,
  rsi_14: 14,
  macd_12_26_9: 33,
  bb_upper_20_2: 19,
  atr_14: 14,
  adx_14: 27,
  cci_14: 13,
  stoch_slowk_14_3_3: 17,
  mfi_14: 14,
  obv: 0,
  dema_30: 58,
  tema_30: 87,
  natr_14: 14,
  plus_di_14: 14,
  minus_di_14: 14,
  stochf_fastk_5_3: 6,
  stochrsi_fastk_14_5_3: 20,
  roc_10: 10,
  willr_14: 13,
  'sar_0.02_0.2': 1,
  adxr_14: 40,
  trix_30: 88,
  kama_30: 30,
  ultosc_7_14_28: 28,
  ad: 0,
  adosc_3_10: 9,
};

for (const file of TALIB_FILES) {
  describe(`TA-Lib agreement on ${file}`, () => {
    const cols = readTalibCsv(file);
    const ours = computeOurs(cols);

    it('reads the whole reference file', () => {
      expect(cols.close!.length).toBe(file.includes('orcl') ? 5036 : 5760);
    });

    for (const [name, values] of Object.entries(ours)) {
      it(`${name}: same NaN rows, values within tolerance`, () => {
        const ref = cols[name];
        expect(ref, `column ${name} in ${file}`).toBeDefined();
        expect(values.length).toBe(ref!.length);
        const r = compare(values, ref!);
        expect(r.nanMismatches, `first NaN mismatch at row ${r.firstNanMismatch}`).toBe(0);
        expect(r.outOfTolerance, `first out-of-tolerance row ${r.firstOutOfTolerance}`).toBe(0);
        expect(r.values).toBeGreaterThan(ref!.length - 100);
        const first = FIRST_ROW[name];
        if (first !== undefined) {
          expect(Number.isNaN(values[first]!)).toBe(false);
          if (first > 0) expect(Number.isNaN(values[first - 1]!)).toBe(true);
        }
      });
    }
  });
}

describe('TA-Lib details that are easy to get wrong', () => {
  const eth = readTalibCsv('talib_freqtrade_ETH_BTC-5m.csv');
  const ours = computeOurs(eth);

  it('Bollinger bands do not collapse on a low-priced pair (TA-Lib 0.6 epsilon, not 0.4 1e-8)', () => {
    // ETH/BTC ~0.09: 20-bar variances fall below 1e-8 here; TA-Lib 0.4 would output sd = 0.
    let narrow = 0;
    for (let i = 19; i < eth.close!.length; i++) {
      const half = (ours.bb_upper_20_2![i]! - ours.bb_middle_20_2![i]!) / 2;
      if (half * half < 1e-8) {
        narrow++;
        expect(ours.bb_upper_20_2![i]).toBeGreaterThan(ours.bb_middle_20_2![i]!);
      }
    }
    expect(narrow).toBeGreaterThan(10);
  });

  it('Williams %R is -0.0 where the close is the 14-bar high, as TA-Lib writes it', () => {
    let negZero = 0;
    for (let i = 0; i < eth.willr_14!.length; i++) {
      if (Object.is(eth.willr_14![i], -0)) {
        negZero++;
        expect(Object.is(ours.willr_14![i], -0)).toBe(true);
      }
    }
    expect(negZero).toBeGreaterThan(0);
  });
});
