// A Kernel as the composition root builds it, over a temp data dir, for tests of one domain's wiring.
import { createKernel, loadConfig, silentLogger, type EnvVars, type Kernel } from '../../src-main/kernel/index.ts';

export async function testKernel(dataDir: string, env: EnvVars = {}): Promise<Kernel> {
  return createKernel(await loadConfig({ env, dataDir }), silentLogger);
}
