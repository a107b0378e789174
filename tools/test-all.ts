// `npm test`: every check in order — typecheck, lint, unit, integration, the electron-vite build, then
// end-to-end in Chromium (which serves that build). Ends with one plain line: `N passed, N failed`.
// Each test case counts once; a check without test cases (typecheck, lint, build) counts as one.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Step {
  name: string;
  command: string[];
  /** Reads per-test counts from the step's report file, if it writes one. */
  report?: 'vitest' | 'playwright';
}

const reports = await mkdtemp(join(tmpdir(), 'pdw-test-reports-'));
const steps: Step[] = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', command: ['npx', 'vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile=${join(reports, 'unit.json')}`], report: 'vitest' },
  { name: 'integration', command: ['npx', 'vitest', 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile=${join(reports, 'integration.json')}`], report: 'vitest' },
  { name: 'build', command: ['npx', 'electron-vite', 'build'] },
  { name: 'e2e', command: ['npx', 'playwright', 'test', '--reporter=list,json'], report: 'playwright' },
];
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const summary: string[] = [];

for (const step of steps.filter((s) => only.length === 0 || only.includes(s.name))) {
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const started = performance.now();
  const env = step.report === 'playwright' ? { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'e2e.json') } : process.env;
  const code = await run(step.command, env);
  const counts = step.report ? await readCounts(step) : null;
  const stepPassed = counts ? counts.passed : code === 0 ? 1 : 0;
  // A step that fails outside its test cases (a crash, a failed import) still counts as a failure.
  const stepFailed = counts ? counts.failed + (code !== 0 && counts.failed === 0 ? 1 : 0) : code === 0 ? 0 : 1;
  passed += stepPassed;
  failed += stepFailed;
  summary.push(`${step.name.padEnd(12)} ${code === 0 ? 'ok  ' : 'FAIL'} ${stepPassed} passed, ${stepFailed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
await rm(reports, { recursive: true, force: true });
console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

function run(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

async function readCounts(step: Step): Promise<{ passed: number; failed: number } | null> {
  const file = join(reports, `${step.name}.json`);
  let report: unknown;
  try {
    report = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
  if (step.report === 'vitest') {
    const r = report as { numPassedTests: number; numFailedTests: number };
    return { passed: r.numPassedTests, failed: r.numFailedTests };
  }
  const stats = (report as { stats: { expected: number; unexpected: number; flaky: number } }).stats;
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
}
