/*
 * Keel HTML report: decoders for the compact columns written by column-codec.ts (their exact
 * inverse). A plain script, so the page inlines it and the tests run it in node:vm.
 */
var KeelDecode = (function () {
  'use strict';

  function pow10(d) {
    return Number('1e' + d);
  }

  // ticks / 10^dec, the same rounding column-codec.ts used in reverse.
  function fromTicks(t, dec) {
    return dec >= 0 ? t / pow10(dec) : t * pow10(-dec);
  }

  /** [[first, step, count], ...] (epoch seconds) -> Float64Array of times. */
  function times(runs) {
    var n = 0;
    for (var r = 0; r < runs.length; r++) n += runs[r][2];
    var out = new Float64Array(n);
    var k = 0;
    for (var r2 = 0; r2 < runs.length; r2++) {
      var run = runs[r2];
      for (var i = 0; i < run[2]; i++) out[k++] = run[0] + run[1] * i;
    }
    return out;
  }

  /** { dec, o, h, l, c } tick deltas -> { open, high, low, close } Float64Arrays. */
  function ohlc(enc) {
    var n = enc.o.length;
    var open = new Float64Array(n);
    var high = new Float64Array(n);
    var low = new Float64Array(n);
    var close = new Float64Array(n);
    var prevClose = 0;
    for (var i = 0; i < n; i++) {
      var O = prevClose + enc.o[i];
      var C = O + enc.c[i];
      var H = Math.max(O, C) + enc.h[i];
      var L = Math.min(O, C) - enc.l[i];
      open[i] = fromTicks(O, enc.dec);
      high[i] = fromTicks(H, enc.dec);
      low[i] = fromTicks(L, enc.dec);
      close[i] = fromTicks(C, enc.dec);
      prevClose = C;
    }
    return { open: open, high: high, low: low, close: close };
  }

  /** { dec, d } deltas (null = no value) -> Float64Array with NaN for missing values. */
  function series(enc) {
    var n = enc.d.length;
    var out = new Float64Array(n);
    var acc = 0;
    for (var i = 0; i < n; i++) {
      var d = enc.d[i];
      if (d === null) {
        out[i] = NaN;
      } else {
        acc += d;
        out[i] = fromTicks(acc, enc.dec);
      }
    }
    return out;
  }

  return { times: times, ohlc: ohlc, series: series };
})();
