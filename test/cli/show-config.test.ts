import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { makeTempDir } from '../helpers/tmp.ts';

describe('run.ts show-config', () => {
  it('prints every key with its source and masks secrets from the environment', () => {
    const secret = 'SUPERSECRET-abc-123';
    const r = runCli(['show-config'], { env: { KEEL__EXCHANGE__SECRET: secret, KEEL__TIMEFRAME: '1h' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^timeframe\s+"1h"\s+# env KEEL__TIMEFRAME$/m);
    expect(r.stdout).toMatch(/^exchange\.secret\s+"\*\*\*"\s+# env KEEL__EXCHANGE__SECRET$/m);
    expect(r.stdout).toMatch(/^exchange\.name\s+"binance"\s+# file .*platform_config\.yaml$/m);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('prints JSON with --json', () => {
    const r = runCli(['show-config', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { config: { timeframe: string }; sources: Record<string, string> };
    expect(out.config.timeframe).toBe('5m');
    expect(out.sources['stake.currency']).toMatch(/^file /);
  });

  it('fails with one clear sentence and exit code 1 on a bad config', () => {
    const tmp = makeTempDir();
    try {
      const file = path.join(tmp.dir, 'bad.yaml');
      fs.writeFileSync(file, 'max_open_trades: -4\n');
      const r = runCli(['show-config', '--config', file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Error: invalid configuration: ${file}: max_open_trades: expected a value >= -1, got -4`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    } finally {
      tmp.cleanup();
    }
  });

  it('--verbose adds the stack trace, naming the TypeScript sources (source maps of the compiled framework)', () => {
    const tmp = makeTempDir();
    try {
      const file = path.join(tmp.dir, 'bad.yaml');
      fs.writeFileSync(file, 'max_open_trades: -4\n');
      const r = runCli(['--verbose', 'show-config', '--config', file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/\n\s+at .*framework\/config\/[\w-]+\.ts:\d+:\d+/);
      expect(r.stderr).not.toMatch(/\n\s+at .*dist\//);
    } finally {
      tmp.cleanup();
    }
  });

  it('an unknown command or flag exits non-zero with usage help', () => {
    const r = runCli(['no-such-command']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("unknown command 'no-such-command'");
  });
});

describe('run.ts config-docs', () => {
  it('the committed docs/configuration.md and config.schema.json match the schema', () => {
    const tmp = makeTempDir();
    try {
      const r = runCli(['config-docs', '--out-dir', tmp.dir]);
      expect(r.status).toBe(0);
      const repoDocs = path.resolve(import.meta.dirname, '../../docs');
      for (const f of ['configuration.md', 'config.schema.json']) {
        expect(fs.readFileSync(path.join(repoDocs, f), 'utf8'), `${f} is stale: run npx tsx run.ts config-docs`).toBe(
          fs.readFileSync(path.join(tmp.dir, f), 'utf8'),
        );
      }
    } finally {
      tmp.cleanup();
    }
  });
});
