/*
 * Keel HTML report: draws the charts from the embedded JSON (see chart-data.ts) with
 * TradingView Lightweight Charts, builds the trade list, wires the tabs and selectors.
 * Everything it needs is in the page; it never touches the network.
 * window.__keelReport.ready turns true once the first charts are drawn (the tests wait for it).
 */
(function () {
  'use strict';

  var report = (window.__keelReport = { ready: false, error: null, charts: {} });
  var UP = '#26a69a';
  var DOWN = '#ef5350';
  var PALETTE = ['#2962ff', '#ff6d00', '#8e24aa', '#00897b', '#f9a825', '#6d4c41', '#d81b60', '#546e7a', '#43a047', '#3949ab'];
  var TRADE_ROWS = 200;
  var LABELS_UP_TO = 150;
  // Drawing cost grows with the candles on screen (about 15 ms per 1,000 without a GPU):
  // zooming out stops at this many, and the overview strip below covers the whole range.
  var MAX_VISIBLE_BARS = 20000;
  var OVERVIEW_FROM = 5000;
  var OVERVIEW_POINTS = 2000;

  function fail(err) {
    report.error = String((err && err.stack) || err);
    var box = document.getElementById('keel-error');
    if (box) {
      box.hidden = false;
      box.textContent = 'The charts could not be drawn: ' + ((err && err.message) || err);
    }
    console.error(err);
  }

  try {
    main();
  } catch (e) {
    fail(e);
  }

  function main() {
    var LWC = window.LightweightCharts;
    if (!LWC) throw new Error('the charting library did not load');
    var data = JSON.parse(document.getElementById('keel-report-data').textContent);
    var state = { strategy: 0, pair: 0 };
    var decoded = {};
    var priceChart = null;
    var overviewChart = null;
    var equityChart = null;

    // ---------- formatting ----------
    function pad2(n) {
      return n < 10 ? '0' + n : String(n);
    }
    function fmtDate(sec) {
      var d = new Date(sec * 1000);
      return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) + ' ' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
    }
    function fmtDuration(sec) {
      var m = Math.floor(sec / 60);
      var days = Math.floor(m / 1440);
      var h = Math.floor((m % 1440) / 60);
      return (days > 0 ? days + 'd ' : '') + pad2(h) + ':' + pad2(m % 60);
    }
    function fmtPct(ratio) {
      return (ratio * 100).toFixed(2) + '%';
    }
    function fmtNum(v, dec) {
      if (v === null || v === undefined || isNaN(v)) return '–';
      return v.toFixed(Math.max(0, Math.min(12, dec)));
    }
    function fmtVolume(v) {
      if (v >= 1e9) return (v / 1e9).toFixed(2) + 'B';
      if (v >= 1e6) return (v / 1e6).toFixed(2) + 'M';
      if (v >= 1e3) return (v / 1e3).toFixed(2) + 'K';
      return String(Number(v.toPrecision(4)));
    }
    function validColor(c) {
      return Boolean(c && window.CSS && CSS.supports && CSS.supports('color', c));
    }
    // Lines without a (valid) colour take palette colours no other line asked for.
    var taken = {};
    function markTaken(l) {
      if (validColor(l.color)) taken[String(l.color).toLowerCase()] = true;
    }
    data.plot.main.forEach(markTaken);
    data.plot.subplots.forEach(function (sp) {
      sp.lines.forEach(markTaken);
    });
    var freePalette = PALETTE.filter(function (c) {
      return !taken[c];
    });
    if (freePalette.length === 0) freePalette = PALETTE;
    function colorOf(wanted, i) {
      return validColor(wanted) ? wanted : freePalette[i % freePalette.length];
    }
    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      return e;
    }

    // ---------- data ----------
    function pairData(i) {
      if (decoded[i]) return decoded[i];
      var p = data.pairs[i];
      var prices = KeelDecode.ohlc(p.ohlc);
      var cols = {};
      for (var name in p.columns) cols[name] = { values: KeelDecode.series(p.columns[name]), dec: Math.max(0, p.columns[name].dec) };
      decoded[i] = {
        meta: p,
        time: KeelDecode.times(p.time),
        open: prices.open,
        high: prices.high,
        low: prices.low,
        close: prices.close,
        volume: p.volume,
        cols: cols,
      };
      return decoded[i];
    }

    /** Index of the last bar starting at or before `sec` (-1 before the first). */
    function barAt(time, sec) {
      var lo = 0;
      var hi = time.length;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (time[mid] <= sec) lo = mid + 1;
        else hi = mid;
      }
      return lo - 1;
    }

    function strategy() {
      return data.strategies[state.strategy];
    }

    /** Trade indices of the current strategy on a pair. */
    function tradesOn(pairName) {
      var s = strategy();
      var out = [];
      for (var i = 0; i < s.trades.id.length; i++) if (s.pairs[s.trades.pair[i]] === pairName) out.push(i);
      return out;
    }

    function tagName(s, idx) {
      return idx < 0 ? '' : s.tags[idx];
    }

    // ---------- price chart ----------
    function baseOptions() {
      return {
        autoSize: true,
        layout: {
          background: { type: 'solid', color: '#ffffff' },
          textColor: '#1f2937',
          fontSize: 12,
          attributionLogo: true,
          panes: { separatorColor: '#d1d5db', separatorHoverColor: 'rgba(37,99,235,0.15)', enableResize: true },
        },
        grid: { vertLines: { color: '#f1f3f5' }, horzLines: { color: '#f1f3f5' } },
        rightPriceScale: { borderColor: '#d1d5db' },
        timeScale: { borderColor: '#d1d5db', timeVisible: true, secondsVisible: false, minBarSpacing: 0.01 },
        crosshair: { mode: LWC.CrosshairMode.Normal },
      };
    }

    function lineSeries(chart, line, pane, colorIndex, priceDec) {
      var color = colorOf(line.color, colorIndex);
      var common = {
        color: color,
        priceLineVisible: false,
        lastValueVisible: false,
        priceFormat: { type: 'price', precision: priceDec, minMove: Number('1e-' + priceDec) },
      };
      if (line.type === 'bar') return { series: chart.addSeries(LWC.HistogramSeries, common, pane), color: color };
      common.lineWidth = 2;
      common.crosshairMarkerVisible = false;
      if (line.type === 'scatter') {
        common.lineVisible = false;
        common.pointMarkersVisible = true;
        common.pointMarkersRadius = 2;
      }
      return { series: chart.addSeries(LWC.LineSeries, common, pane), color: color };
    }

    function drawPair() {
      if (priceChart) {
        priceChart.remove();
        priceChart = null;
      }
      if (overviewChart) {
        overviewChart.remove();
        overviewChart = null;
      }
      var box = document.getElementById('price-chart');
      var legend = document.getElementById('price-legend');
      var overviewBox = document.getElementById('price-overview');
      if (data.pairs.length === 0) {
        box.hidden = true;
        legend.hidden = true;
        overviewBox.hidden = true;
        return;
      }
      var d = pairData(state.pair);
      var p = d.meta;
      var dec = p.ohlc.dec;
      var subplots = data.plot.subplots.filter(function (sp) {
        return sp.lines.some(function (l) {
          return d.cols[l.column];
        });
      });
      box.style.height = 470 + 150 * subplots.length + 'px';
      var options = baseOptions();
      options.timeScale.minBarSpacing = Math.max(0.01, (box.clientWidth || 1200) / MAX_VISIBLE_BARS);
      var chart = LWC.createChart(box, options);
      priceChart = chart;
      report.charts.price = chart;

      var n = d.time.length;
      var bars = new Array(n);
      var vols = new Array(n);
      for (var i = 0; i < n; i++) {
        bars[i] = { time: d.time[i], open: d.open[i], high: d.high[i], low: d.low[i], close: d.close[i] };
        vols[i] = { time: d.time[i], value: d.volume[i], color: d.close[i] >= d.open[i] ? 'rgba(38,166,154,0.35)' : 'rgba(239,83,80,0.35)' };
      }
      var candles = chart.addSeries(
        LWC.CandlestickSeries,
        {
          upColor: UP,
          downColor: DOWN,
          borderVisible: false,
          wickUpColor: UP,
          wickDownColor: DOWN,
          priceFormat: { type: 'price', precision: dec, minMove: Number('1e-' + dec) },
        },
        0,
      );
      candles.setData(bars);
      candles.priceScale().applyOptions({ scaleMargins: { top: 0.06, bottom: 0.22 } });
      var volume = chart.addSeries(LWC.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false }, 0);
      volume.setData(vols);
      volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });

      // Indicator lines: mainPlot on the price pane, each subplot in a pane of its own.
      var drawn = [];
      var colorIndex = 0;
      function addLines(lines, pane, group) {
        lines.forEach(function (line) {
          var col = d.cols[line.column];
          if (!col) return;
          var priceDec = pane === 0 ? Math.max(dec, col.dec) : col.dec;
          var s = lineSeries(chart, line, pane, validColor(line.color) ? 0 : colorIndex++, priceDec);
          var pts = new Array(n);
          for (var i = 0; i < n; i++) {
            var v = col.values[i];
            pts[i] = isNaN(v) ? { time: d.time[i] } : { time: d.time[i], value: v };
          }
          s.series.setData(pts);
          drawn.push({ name: line.column, group: group, color: s.color, values: col.values, dec: priceDec });
        });
      }
      addLines(data.plot.main, 0, '');
      subplots.forEach(function (sp, k) {
        addLines(sp.lines, k + 1, sp.title);
      });
      var panes = chart.panes();
      if (panes.length > 1) {
        panes[0].setHeight(420);
        for (var k = 1; k < panes.length; k++) panes[k].setHeight(140);
      }

      // Trade markers: entries below (longs) / above (shorts) the bar, exits on the other side.
      var s = strategy();
      var t = s.trades;
      var ids = tradesOn(p.pair);
      var labels = document.getElementById('marker-labels');
      labels.checked = ids.length <= LABELS_UP_TO;
      var byBar = {};
      function note(bar, kind, ti) {
        (byBar[bar] || (byBar[bar] = [])).push({ kind: kind, trade: ti });
      }
      var raw = [];
      ids.forEach(function (ti) {
        var short = t.isShort[ti] === 1;
        var ob = barAt(d.time, t.openTime[ti]);
        var cb = barAt(d.time, t.closeTime[ti]);
        var enterTag = tagName(s, t.enterTag[ti]);
        var exitReason = tagName(s, t.exitReason[ti]);
        if (ob >= 0) {
          note(ob, 'entry', ti);
          raw.push({
            time: d.time[ob],
            position: short ? 'aboveBar' : 'belowBar',
            shape: short ? 'arrowDown' : 'arrowUp',
            color: short ? '#c2410c' : '#1d4ed8',
            text: enterTag || (short ? 'short' : 'long'),
            id: 'e' + t.id[ti],
          });
        }
        if (cb >= 0) {
          note(cb, 'exit', ti);
          raw.push({
            time: d.time[cb],
            position: short ? 'belowBar' : 'aboveBar',
            shape: 'circle',
            color: t.profitAbs[ti] >= 0 ? '#15803d' : '#b91c1c',
            text: exitReason + ' ' + fmtPct(t.profitRatio[ti]),
            id: 'x' + t.id[ti],
          });
        }
      });
      raw.sort(function (a, b) {
        return a.time - b.time;
      });
      var markerApi = LWC.createSeriesMarkers(candles, []);
      function applyMarkers() {
        var withText = labels.checked;
        markerApi.setMarkers(
          raw.map(function (m) {
            return withText ? m : { time: m.time, position: m.position, shape: m.shape, color: m.color, id: m.id };
          }),
        );
      }
      labels.onchange = applyMarkers;
      applyMarkers();

      // Legend: values under the crosshair (the last candle when not hovering) and the trades there.
      function showLegend(idx) {
        legend.textContent = '';
        if (idx < 0 || idx >= n) return;
        var head = el('div');
        head.appendChild(el('span', { class: 'pair' }, p.pair + ' · ' + p.timeframe));
        head.appendChild(
          document.createTextNode(
            fmtDate(d.time[idx]) +
              '  O ' + fmtNum(d.open[idx], dec) +
              '  H ' + fmtNum(d.high[idx], dec) +
              '  L ' + fmtNum(d.low[idx], dec) +
              '  C ' + fmtNum(d.close[idx], dec) +
              '  V ' + fmtVolume(d.volume[idx]),
          ),
        );
        legend.appendChild(head);
        if (drawn.length > 0) {
          var ind = el('div');
          drawn.forEach(function (line) {
            var sw = el('span', { class: 'swatch' });
            sw.style.background = line.color;
            ind.appendChild(sw);
            ind.appendChild(document.createTextNode((line.group ? line.group + ': ' : '') + line.name + ' ' + fmtNum(line.values[idx], line.dec)));
          });
          legend.appendChild(ind);
        }
        (byBar[idx] || []).forEach(function (ev) {
          var ti = ev.trade;
          var side = t.isShort[ti] === 1 ? 'short' : 'long';
          var text =
            ev.kind === 'entry'
              ? '▲ entry #' + t.id[ti] + ' ' + side + ' @ ' + fmtNum(t.openRate[ti], dec) + (tagName(s, t.enterTag[ti]) ? '  enter tag: ' + tagName(s, t.enterTag[ti]) : '')
              : '● exit #' + t.id[ti] + ' @ ' + fmtNum(t.closeRate[ti], dec) + '  ' + tagName(s, t.exitReason[ti]) + '  ' + fmtPct(t.profitRatio[ti]) +
                ' (' + fmtNum(t.profitAbs[ti], s.stakeDecimals) + ' ' + s.stakeCurrency + ')';
          var row = el('span', { class: 'trade ' + (ev.kind === 'exit' ? (t.profitAbs[ti] >= 0 ? 'pos' : 'neg') : '') }, text);
          legend.appendChild(row);
        });
      }
      chart.subscribeCrosshairMove(function (param) {
        if (param.time === undefined) showLegend(n - 1);
        else showLegend(barAt(d.time, param.time));
      });
      showLegend(n - 1);
      legend.hidden = false;
      box.hidden = false;
      chart.timeScale().fitContent();
      drawOverview(d, chart, overviewBox);

      var info = document.getElementById('chart-info');
      info.textContent =
        n.toLocaleString('en-US') + ' candles' + (p.aggregatedFrom ? ' (aggregated from ' + p.aggregatedFrom + ')' : '') + ', ' + ids.length + ' trades of ' + s.name + ' on this pair' +
        (n > OVERVIEW_FROM ? '. Scroll or drag to move, wheel to zoom; click the overview strip or a trade in the list to jump.' : '');
    }

    /**
     * The whole range of a long series in a strip under the price chart (closes, thinned to
     * OVERVIEW_POINTS), the part on screen shaded; a click centres the price chart there.
     */
    function drawOverview(d, main, holder) {
      var n = d.time.length;
      holder.hidden = n <= OVERVIEW_FROM;
      if (holder.hidden) return;
      var step = Math.ceil(n / OVERVIEW_POINTS);
      var points = [];
      for (var i = 0; i < n; i += step) points.push({ time: d.time[i], value: d.close[Math.min(n - 1, i + step - 1)] });
      var options = baseOptions();
      options.layout.attributionLogo = false;
      options.handleScroll = false;
      options.handleScale = false;
      options.grid = { vertLines: { visible: false }, horzLines: { visible: false } };
      options.rightPriceScale = { borderColor: '#d1d5db', scaleMargins: { top: 0.1, bottom: 0.05 } };
      options.crosshair = { horzLine: { visible: false, labelVisible: false } };
      var chart = LWC.createChart(holder, options);
      overviewChart = chart;
      report.charts.overview = chart;
      var line = chart.addSeries(LWC.LineSeries, { color: '#64748b', lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false });
      line.setData(points);
      var shade = chart.addSeries(LWC.AreaSeries, {
        lineColor: 'rgba(37,99,235,0.9)',
        lineWidth: 1,
        topColor: 'rgba(37,99,235,0.35)',
        bottomColor: 'rgba(37,99,235,0.15)',
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
      });
      chart.timeScale().fitContent();
      var pending = false;
      function updateShade() {
        pending = false;
        var r = main.timeScale().getVisibleLogicalRange();
        if (!r) return;
        var from = d.time[Math.max(0, Math.min(n - 1, Math.floor(r.from)))];
        var to = d.time[Math.max(0, Math.min(n - 1, Math.ceil(r.to)))];
        shade.setData(
          points.filter(function (p) {
            return p.time >= from && p.time <= to;
          }),
        );
      }
      main.timeScale().subscribeVisibleLogicalRangeChange(function () {
        if (!pending) {
          pending = true;
          requestAnimationFrame(updateShade);
        }
      });
      updateShade();
      chart.subscribeClick(function (param) {
        if (param.time === undefined) return;
        var r = main.timeScale().getVisibleLogicalRange();
        var half = r ? (r.to - r.from) / 2 : 500;
        var idx = barAt(d.time, param.time);
        main.timeScale().setVisibleLogicalRange({ from: idx - half, to: idx + half });
      });
    }

    function focusTrade(ti) {
      var s = strategy();
      var name = s.pairs[s.trades.pair[ti]];
      var idx = -1;
      for (var i = 0; i < data.pairs.length; i++) if (data.pairs[i].pair === name) idx = i;
      if (idx < 0) return;
      if (idx !== state.pair) {
        state.pair = idx;
        document.getElementById('pair-select').value = String(idx);
        drawPair();
      }
      var d = pairData(idx);
      var ob = Math.max(0, barAt(d.time, s.trades.openTime[ti]));
      var cb = Math.max(ob, barAt(d.time, s.trades.closeTime[ti]));
      var span = Math.max(cb - ob, 20);
      priceChart.timeScale().setVisibleLogicalRange({ from: ob - span, to: cb + span });
      document.getElementById('price-chart').scrollIntoView({ behavior: 'smooth', block: 'start' });
    }

    // ---------- equity and drawdown ----------
    function drawEquity() {
      if (equityChart) {
        equityChart.remove();
        equityChart = null;
      }
      var s = strategy();
      var box = document.getElementById('equity-chart');
      var chart = LWC.createChart(box, baseOptions());
      equityChart = chart;
      report.charts.equity = chart;
      var sd = s.stakeDecimals;
      var balance = chart.addSeries(
        LWC.AreaSeries,
        {
          lineColor: '#2563eb',
          topColor: 'rgba(37,99,235,0.25)',
          bottomColor: 'rgba(37,99,235,0.02)',
          lineWidth: 2,
          lineType: LWC.LineType.WithSteps,
          priceLineVisible: false,
          title: 'Balance ' + s.stakeCurrency,
          priceFormat: { type: 'price', precision: sd, minMove: Number('1e-' + sd) },
        },
        0,
      );
      var underwater = chart.addSeries(
        LWC.BaselineSeries,
        {
          baseValue: { type: 'price', price: 0 },
          topLineColor: '#b91c1c',
          topFillColor1: 'rgba(185,28,28,0)',
          topFillColor2: 'rgba(185,28,28,0)',
          bottomLineColor: '#b91c1c',
          bottomFillColor1: 'rgba(185,28,28,0.08)',
          bottomFillColor2: 'rgba(185,28,28,0.35)',
          lineWidth: 1,
          lineType: LWC.LineType.WithSteps,
          priceLineVisible: false,
          title: 'Drawdown',
          priceFormat: {
            type: 'custom',
            minMove: 0.01,
            formatter: function (v) {
              return v.toFixed(2) + '%';
            },
          },
        },
        1,
      );
      var e = s.equity;
      balance.setData(
        e.time.map(function (tm, i) {
          return { time: tm, value: e.balance[i] };
        }),
      );
      underwater.setData(
        e.time.map(function (tm, i) {
          return { time: tm, value: e.drawdown[i] * 100 };
        }),
      );
      var panes = chart.panes();
      if (panes.length > 1) {
        panes[0].setHeight(250);
        panes[1].setHeight(130);
      }
      chart.timeScale().fitContent();
    }

    // ---------- trade list ----------
    function drawTrades() {
      var s = strategy();
      var holder = document.querySelector('.trades[data-strategy="' + state.strategy + '"]');
      if (!holder || holder.dataset.drawn) return;
      holder.dataset.drawn = '1';
      var t = s.trades;
      var count = t.id.length;
      if (count === 0) {
        holder.appendChild(el('p', { class: 'empty' }, 'No trades.'));
        return;
      }
      var heads = ['#', 'Pair', 'Side', 'Open (UTC)', 'Close (UTC)', 'Duration', 'Open rate', 'Close rate', 'Profit %', 'Profit ' + s.stakeCurrency, 'Enter tag', 'Exit reason'];
      var numeric = { 0: 1, 6: 1, 7: 1, 8: 1, 9: 1 };
      var wrap = el('div', { class: 'scroll' });
      var table = el('table', { class: 'data trades' });
      var thead = el('thead');
      var hr = el('tr');
      heads.forEach(function (h, i) {
        hr.appendChild(el('th', numeric[i] ? { class: 'num' } : null, h));
      });
      thead.appendChild(hr);
      table.appendChild(thead);
      var tbody = el('tbody');
      table.appendChild(tbody);
      wrap.appendChild(table);
      holder.appendChild(wrap);
      var shown = 0;
      function addRows(upTo) {
        var frag = document.createDocumentFragment();
        for (var i = shown; i < Math.min(upTo, count); i++) {
          var cls = t.profitAbs[i] > 0 ? 'pos' : t.profitAbs[i] < 0 ? 'neg' : '';
          var cells = [
            String(t.id[i]),
            s.pairs[t.pair[i]],
            t.isShort[i] === 1 ? 'short' : 'long',
            fmtDate(t.openTime[i]),
            fmtDate(t.closeTime[i]) + (t.isOpen[i] === 1 ? ' (open)' : ''),
            fmtDuration(t.closeTime[i] - t.openTime[i]),
            String(t.openRate[i]),
            String(t.closeRate[i]),
            fmtPct(t.profitRatio[i]),
            fmtNum(t.profitAbs[i], s.stakeDecimals),
            tagName(s, t.enterTag[i]),
            tagName(s, t.exitReason[i]),
          ];
          var tr = el('tr', { 'data-trade': String(i) });
          cells.forEach(function (c, k) {
            var c2 = numeric[k] ? 'num' : '';
            if (k === 8 || k === 9) c2 += ' ' + cls;
            tr.appendChild(el('td', c2.trim() ? { class: c2.trim() } : null, c));
          });
          frag.appendChild(tr);
        }
        shown = Math.min(upTo, count);
        tbody.appendChild(frag);
      }
      addRows(TRADE_ROWS);
      tbody.addEventListener('click', function (ev) {
        var row = ev.target.closest('tr[data-trade]');
        if (row) focusTrade(Number(row.getAttribute('data-trade')));
      });
      if (count > shown) {
        var more = el('button', { type: 'button', class: 'more' }, 'Show all ' + count.toLocaleString('en-US') + ' trades');
        more.addEventListener('click', function () {
          addRows(count);
          more.remove();
        });
        holder.appendChild(more);
      }
    }

    // ---------- selectors, tabs ----------
    function showStrategySections() {
      var blocks = document.querySelectorAll('.per-strategy');
      for (var i = 0; i < blocks.length; i++) blocks[i].hidden = blocks[i].getAttribute('data-strategy') !== String(state.strategy);
    }

    var pairSelect = document.getElementById('pair-select');
    data.pairs.forEach(function (p, i) {
      pairSelect.appendChild(el('option', { value: String(i) }, p.pair));
    });
    pairSelect.addEventListener('change', function () {
      state.pair = Number(pairSelect.value);
      drawPair();
    });
    var strategySelect = document.getElementById('strategy-select');
    if (strategySelect) {
      strategySelect.addEventListener('change', function () {
        state.strategy = Number(strategySelect.value);
        showStrategySections();
        drawPair();
        drawEquity();
        drawTrades();
      });
    }
    document.addEventListener('click', function (ev) {
      var tab = ev.target.closest && ev.target.closest('.tab[data-period]');
      if (!tab) return;
      var root = tab.closest('.periodic');
      var period = tab.getAttribute('data-period');
      root.querySelectorAll('.tab').forEach(function (b) {
        b.classList.toggle('active', b === tab);
      });
      root.querySelectorAll('.period-pane').forEach(function (pane) {
        pane.hidden = pane.getAttribute('data-period') !== period;
      });
    });

    showStrategySections();
    drawPair();
    drawEquity();
    drawTrades();
    // Two frames: the charts paint on the next animation frame after setData.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        report.ready = true;
        document.documentElement.setAttribute('data-ready', '1');
      });
    });
  }
})();
