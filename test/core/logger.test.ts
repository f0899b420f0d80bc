import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { getLogger, initLogger, logFilePath } from '../../framework/core/logger.ts';
import { redact, registerSecret } from '../../framework/core/redact.ts';
import { makeTempDir } from '../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => tmp?.cleanup());

describe('logger', () => {
  it('writes structured JSON lines to a per-run file and masks registered secrets everywhere', () => {
    tmp = makeTempDir();
    const consoleOut = new PassThrough();
    let consoleText = '';
    consoleOut.on('data', (d: Buffer) => (consoleText += d.toString()));
    registerSecret('topsecret-key-999');
    initLogger({ level: 'info', logDir: tmp.dir, runName: 'unit', consoleFormat: 'json', consoleStream: consoleOut });
    const log = getLogger('exchange');
    log.info({ pair: 'BTC/USDT', header: 'Bearer topsecret-key-999' }, 'signed request with topsecret-key-999');
    log.debug('only in the file');

    const file = logFilePath()!;
    expect(file).toMatch(/unit_.*\.jsonl$/);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ component: 'exchange', pair: 'BTC/USDT', msg: 'signed request with ***', header: 'Bearer ***' });
    expect(lines[1]!.msg).toBe('only in the file');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('topsecret-key-999');
    expect(consoleText).toContain('signed request with ***');
    expect(consoleText).not.toContain('only in the file');
    expect(consoleText).not.toContain('topsecret-key-999');
  });

  it('redact masks secret-looking keys in objects', () => {
    expect(redact({ exchange: { name: 'binance', secret: 'x-y-z-w', apiKey: 'k-1234' }, list: [{ password: 'p' }] })).toEqual({
      exchange: { name: 'binance', secret: '***', apiKey: '***' },
      list: [{ password: '***' }],
    });
  });
});
