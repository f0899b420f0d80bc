/**
 * A bench that runs Keel inside its own process (the loop, hyperopt) measures it as users'
 * processes run it: under KEEL_NODE_FLAGS (framework/build/node-flags.mjs, what `npm start`
 * and `npm run keel` pass to node). Call it before the work starts: without the flags the
 * bench starts itself again with them (output inherited) and exits with that run's status.
 */
import { spawnSync } from 'node:child_process';
import { KEEL_NODE_FLAGS } from '../../framework/build/node-flags.mjs';

export function rerunWithKeelNodeFlags(): void {
  if (KEEL_NODE_FLAGS.every((f) => process.execArgv.includes(f))) return;
  const r = spawnSync(process.execPath, [...KEEL_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
