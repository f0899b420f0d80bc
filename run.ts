#!/usr/bin/env -S npx tsx
/**
 * Keel's single command-line entry point. Each command lives in its own file under
 * framework/cli/ and is registered in framework/cli/index.ts.
 */
import { buildProgram } from './framework/cli/index.ts';

await buildProgram().parseAsync(process.argv);
