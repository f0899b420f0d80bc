import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchRiskConfig } from '../../framework/risk/hot-reload.ts';
import { RISK_REASONS } from '../../framework/risk/reasons.ts';
import { makeTempDir } from '../helpers/tmp.ts';
import { rig } from './helpers.ts';

const yaml = (riskLines: string) => `timeframe: 5m\nrisk:\n${riskLines}\n`;

describe('hot reload of the risk section', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'config.yaml');
    fs.writeFileSync(file, yaml('  max_order_notional: 30000'));
  });
  afterEach(() => tmp.cleanup());

  function setup() {
    const r = rig({ balances: { USDT: 100_000 }, risk: { max_order_notional: 30_000 } });
    r.tick(0, 20_000);
    const watcher = watchRiskConfig(file, (risk) => r.risk.applyConfig(risk), { intervalMs: 0, env: {}, cwd: tmp.dir });
    return { r, watcher };
  }

  it('applies a valid new file: the new limits are in force at once', () => {
    const { r, watcher } = setup();
    expect(watcher.check()).toBe('unchanged');
    expect(r.denial(r.order({ side: 'buy', quantity: 2 }))?.reason).toBe(RISK_REASONS.MAX_NOTIONAL);
    fs.writeFileSync(file, yaml('  max_order_notional: 50000\n  max_orders_per_second: 1'));
    expect(watcher.check()).toBe('applied');
    expect(watcher.lastError).toBeUndefined();
    expect(r.risk.currentConfig.max_order_notional).toBe(50_000);
    expect(r.order({ side: 'buy', quantity: 2 }).status).toBe('ACCEPTED');
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1 }))?.reason).toBe(RISK_REASONS.RATE_LIMIT);
    expect(watcher.check()).toBe('unchanged');
  });

  it('rejects an invalid file with a clear error and keeps the old limits', () => {
    const { r, watcher } = setup();
    fs.writeFileSync(file, yaml('  max_order_notional: -5'));
    expect(watcher.check()).toBe('rejected');
    expect(watcher.lastError).toContain(`config file ${file} changed but is invalid, the risk limits in force stay`);
    expect(watcher.lastError).toContain('risk.max_order_notional');
    expect(r.risk.currentConfig.max_order_notional).toBe(30_000);
    expect(r.denial(r.order({ side: 'buy', quantity: 2 }))?.reason).toBe(RISK_REASONS.MAX_NOTIONAL);

    fs.writeFileSync(file, yaml('  max_order_notionel: 50000'));
    expect(watcher.check()).toBe('rejected');
    expect(watcher.lastError).toContain('unknown key "risk.max_order_notionel"');
    fs.writeFileSync(file, 'risk: [not: valid');
    expect(watcher.check()).toBe('rejected');
    expect(watcher.lastError).toContain('not valid YAML');
    expect(r.risk.currentConfig.max_order_notional).toBe(30_000);

    // Fixed again: applied.
    fs.writeFileSync(file, yaml('  max_order_notional: 45000'));
    expect(watcher.check()).toBe('applied');
    expect(watcher.lastError).toBeUndefined();
    expect(r.order({ side: 'buy', quantity: 2 }).status).toBe('ACCEPTED');
  });

  it('polls on its own with a timer', async () => {
    const { r } = setup();
    const watcher = watchRiskConfig(file, (risk) => r.risk.applyConfig(risk), { intervalMs: 10, env: {}, cwd: tmp.dir });
    try {
      fs.writeFileSync(file, yaml('  max_order_notional: 60000'));
      await vi.waitFor(() => expect(r.risk.currentConfig.max_order_notional).toBe(60_000), { timeout: 5_000, interval: 10 });
    } finally {
      watcher.close();
    }
  });
});
