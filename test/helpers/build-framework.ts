/**
 * vitest globalSetup: bring the compiled framework (framework/build/build.mjs) up to date once,
 * before the test files start, so the CLI tests' child processes do not all build it at once.
 */
export default async function buildFramework(): Promise<void> {
  const { ensureBuild } = await import('../../framework/build/build.mjs');
  await ensureBuild();
}
