import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

export interface Progress {
  update(value: number, payload?: Record<string, unknown>): void;
  increment(delta?: number, payload?: Record<string, unknown>): void;
  setTotal(total: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, increment() {}, setTotal() {}, stop() {} };

/**
 * A progress bar on stderr for long work; a no-op when stderr is not a terminal (CI, pipes,
 * tests), so logs and machine-readable output stay clean.
 */
export function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return silent;
  // Loaded only for a terminal: without one (CI, pipes, benchmarks) the start-up skips it.
  const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} {detail}`, stream, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  return {
    update: (v, p) => bar.update(v, p),
    increment: (d = 1, p) => bar.increment(d, p),
    setTotal: (t) => bar.setTotal(t),
    stop: () => bar.stop(),
  };
}
