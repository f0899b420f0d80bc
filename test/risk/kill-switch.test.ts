import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RISK_REASONS } from '../../framework/risk/reasons.ts';
import { makeTempDir } from '../helpers/tmp.ts';
import { MIN, T0, rig } from './helpers.ts';

/**
 * The kill switch on the simulated venue with real engine, portfolio and open orders. One
 * engine cycle = one step of the runner: clock to the candle's open, risk.onCycle (signal file,
 * breakers, kill actions), then the venue matches the candle (market orders fill at its open).
 */
function trading(opts: Parameters<typeof rig>[0] = {}) {
  const r = rig({ venue: 'sim', balances: { USDT: 100_000 }, ...opts });
  const step = (i: number, btc: number, eth: number) => {
    r.clock.advanceTo(T0 + i * MIN);
    r.risk.onCycle(r.clock.now());
    r.bar(i, btc, btc + 50, btc - 50, btc);
    r.bar(i, eth, eth + 5, eth - 5, eth, 'ETH/USDT');
  };
  step(0, 20_000, 2_000);
  r.order({ side: 'buy', quantity: 1 });
  r.order({ side: 'buy', quantity: 10, instrumentId: 'ETH/USDT' });
  step(1, 20_000, 2_000); // both fill at the open
  const resting = [
    r.order({ side: 'buy', type: 'limit', quantity: 0.5, price: 18_000 }),
    r.order({ side: 'sell', type: 'limit', quantity: 5, price: 2_500, instrumentId: 'ETH/USDT' }),
    r.order({ side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 17_000 }),
  ];
  return { ...r, step, resting };
}

describe('kill switch on the simulated venue', () => {
  it('kill({ flatten: true }) cancels every order and leaves no position and no open order after one cycle', () => {
    const r = trading();
    expect(r.position()).toBe(1);
    expect(r.position('ETH/USDT')).toBe(10);
    expect(r.resting.map((o) => o.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);

    const report = r.risk.kill({ flatten: true });
    expect(report.canceled).toBe(3);
    expect(report.notFlattened).toEqual([]);
    expect(report.flattenOrders.map((o) => [o.instrumentId, o.side, o.type, o.quantity, o.request.reduceOnly])).toEqual([
      ['BTC/USDT', 'sell', 'market', 1, true],
      ['ETH/USDT', 'sell', 'market', 10, true],
    ]);
    expect(r.resting.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(r.risk.state()).toBe('HALTED');

    r.step(2, 19_000, 1_900);
    expect(r.position()).toBe(0);
    expect(r.position('ETH/USDT')).toBe(0);
    expect(r.engine.openOrders()).toEqual([]);
    expect(report.flattenOrders.map((o) => [o.status, o.averageFillPrice])).toEqual([
      ['FILLED', 19_000],
      ['FILLED', 1_900],
    ]);
    // Still halted: nothing new until the kill switch is reset by hand.
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1 }))?.reason).toBe(RISK_REASONS.HALTED);
    r.risk.resetBreaker('kill_switch');
    expect(r.order({ side: 'buy', quantity: 0.1 }).status).toBe('SUBMITTED');
  });

  it('kill() without flatten halts and cancels but keeps the positions', () => {
    const r = trading();
    const report = r.risk.kill();
    expect(report).toMatchObject({ action: 'halt', canceled: 3, flattenOrders: [] });
    r.step(2, 19_000, 1_900);
    expect(r.position()).toBe(1);
    expect(r.engine.openOrders()).toEqual([]);
  });

  it('shutdown({ flatten }) resolves once the flatten orders filled', async () => {
    const r = trading();
    const done = r.risk.shutdown({ flatten: true, timeoutMs: 10_000 });
    r.step(2, 19_000, 1_900);
    const report = await done;
    expect(report.complete).toBe(true);
    expect(report.flattenOrders).toHaveLength(2);
    expect(r.risk.openPositions()).toEqual([]);
  });
});

describe('kill switch signal file', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('a "flatten" file acts within the next cycle and is renamed to KILL.done-<engine time>', () => {
    const file = path.join(tmp.dir, 'KILL');
    const r = trading({ riskOptions: { signalFile: file } });
    r.step(2, 20_000, 2_000);
    expect(r.risk.state()).toBe('ACTIVE');
    fs.writeFileSync(file, 'flatten\n');
    r.step(3, 19_500, 1_950);
    expect(r.risk.state()).toBe('HALTED');
    expect(r.position()).toBe(0);
    expect(r.position('ETH/USDT')).toBe(0);
    expect(r.engine.openOrders()).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(tmp.dir)).toEqual([`KILL.done-${T0 + 3 * MIN}`]);
    expect(fs.readFileSync(path.join(tmp.dir, `KILL.done-${T0 + 3 * MIN}`), 'utf8')).toBe('flatten\n');
    // Not applied again.
    r.risk.resetBreaker('kill_switch');
    r.step(4, 19_500, 1_950);
    expect(r.risk.state()).toBe('ACTIVE');
  });

  it('"halt" (and text it does not know) halts without flattening; no file, nothing happens', () => {
    const file = path.join(tmp.dir, 'sub', 'KILL');
    const r = trading({ riskOptions: { signalFile: file } });
    r.step(2, 20_000, 2_000);
    expect(r.risk.state()).toBe('ACTIVE');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'stop everything please');
    r.step(3, 19_500, 1_950);
    expect(r.risk.state()).toBe('HALTED');
    expect(r.position()).toBe(1);
    expect(r.resting.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
  });

  it('the default signal file is risk.kill_switch.signal_file relative to the working directory', () => {
    const r = rig({ riskOptions: { signalFile: undefined, cwd: tmp.dir } });
    expect(r.risk.signalFile).toBe(path.join(tmp.dir, 'user_data', 'KILL'));
    const off = rig({ risk: { kill_switch: { signal_file: null } }, riskOptions: { signalFile: undefined } });
    expect(off.risk.signalFile).toBeNull();
  });
});
