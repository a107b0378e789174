// The OS timer files `pdw schedule install` writes, parsed the way their readers parse them: the systemd
// unit by systemd-analyze where it exists, the launchd plist by Python's plistlib, the Task Scheduler XML
// (UTF-16) by an XML parser; and the interval syntax of `--every`.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInterval, parseInterval } from '../../../src-main/cli/commands/schedule.ts';
import { installTimer, uninstallTimer } from '../../../src-main/cli/commands/schedule-install.ts';
import { timerFiles, timerName, type TimerSpec } from '../../../src-main/cli/commands/schedule-timers.ts';

const DATA_DIR = '/home/ada/My Data/pdw %h';
const SPEC: TimerSpec = {
  program: [process.execPath, '/opt/pdw/bin/pdw.js'],
  dataDir: DATA_DIR,
  intervalMs: 6 * 3_600_000,
  logFile: '/home/ada/My Data/pdw %h/backup/timer.log',
  now: new Date('2026-12-05T10:00:00Z'),
};
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** The Key=value lines of a unit file. */
function unitValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  return values;
}

function python(script: string, input: Buffer): string {
  const result = spawnSync('python3', ['-c', script], { input });
  if (result.status !== 0) throw new Error(result.stderr.toString());
  return result.stdout.toString();
}

describe('schedule intervals', () => {
  it('reads 30m, 6h, 1d, 1w and refuses what is too short, too long or not a duration', () => {
    expect(parseInterval('30m')).toBe(1_800_000);
    expect(parseInterval('6h')).toBe(21_600_000);
    expect(parseInterval('1d')).toBe(86_400_000);
    expect(parseInterval('1w')).toBe(604_800_000);
    for (const bad of ['4m', '366d', '1y', 'daily', '', '-1h']) expect(() => parseInterval(bad)).toThrow(/--every takes a duration/);
    expect([30, 360, 1440, 10_080, 90].map(formatInterval)).toEqual(['30m', '6h', '1d', '1w', '90m']);
  });
});

describe('OS timer files', () => {
  it('systemd: a oneshot service running `pdw backup --data-dir` and a timer every interval', async () => {
    const [service, timer] = timerFiles('linux', SPEC);
    const name = timerName(DATA_DIR);
    expect([service?.name, timer?.name]).toEqual([`${name}.service`, `${name}.timer`]);
    const s = unitValues(service?.text ?? '');
    expect(s.get('Type')).toBe('oneshot');
    // Quoted for the space; the % of a specifier doubled.
    expect(s.get('ExecStart')).toBe(`"${process.execPath}" "/opt/pdw/bin/pdw.js" "backup" "--data-dir" "/home/ada/My Data/pdw %%h"`);
    const t = unitValues(timer?.text ?? '');
    expect(t.get('OnUnitActiveSec')).toBe('21600s');
    expect(t.get('Unit')).toBe(`${name}.service`);
    expect(t.get('WantedBy')).toBe('timers.target');
    expect(unitValues(timerFiles('linux', { ...SPEC, environmentFile: '/d/backup/service.env' })[0]?.text ?? '').get('EnvironmentFile')).toBe('-/d/backup/service.env');
  });

  it.skipIf(!hasSystemdAnalyze)('systemd-analyze verifies the unit and timer as written, and rejects a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdw-units-'));
    try {
      const result = await installTimer({ platform: 'linux', dir, activate: false }, SPEC);
      const verify = () => spawnSync('systemd-analyze', ['verify', ...result.files], { encoding: 'utf8' });
      const good = verify();
      expect(good.stderr).toBe('');
      expect(good.status).toBe(0);
      // A program that is not there fails verification: the check can fail.
      const servicePath = result.files.find((f) => f.endsWith('.service')) ?? '';
      await writeFile(servicePath, (await readFile(servicePath, 'utf8')).replace(process.execPath, '/nonexistent/node'));
      expect(verify().status).not.toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasPython)('launchd: a plist that plistlib reads back with the arguments, interval and log', () => {
    const [plist] = timerFiles('darwin', SPEC);
    expect(plist?.name).toBe(`org.pdw.${timerName(DATA_DIR)}.plist`);
    const parsed = JSON.parse(python('import plistlib,sys,json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))', Buffer.from(plist?.text ?? ''))) as Record<string, unknown>;
    expect(parsed).toEqual({
      Label: `org.pdw.${timerName(DATA_DIR)}`,
      ProgramArguments: [process.execPath, '/opt/pdw/bin/pdw.js', 'backup', '--data-dir', DATA_DIR],
      StartInterval: 21_600,
      RunAtLoad: true,
      ProcessType: 'Background',
      StandardOutPath: SPEC.logFile,
      StandardErrorPath: SPEC.logFile,
    });
  });

  it.skipIf(!hasPython)('Task Scheduler: UTF-16 XML in the task namespace with the command, arguments and repetition', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdw-task-'));
    try {
      const spec = { ...SPEC, program: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\pdw\\bin\\pdw.js'], dataDir: 'C:\\Users\\Ada\\AppData\\Roaming\\pdw' };
      const result = await installTimer({ platform: 'win32', dir, activate: false }, spec);
      expect(result.commands[0]?.slice(0, 4)).toEqual(['schtasks', '/Create', '/TN', `PDW\\${timerName(spec.dataDir)}`]);
      const bytes = await readFile(result.files[0] ?? '');
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      const script = [
        'import sys, json, xml.etree.ElementTree as ET',
        'ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}',
        'root = ET.fromstring(sys.stdin.buffer.read().decode("utf-16"))',
        'get = lambda p: root.find(p, ns).text',
        'print(json.dumps({"command": get("t:Actions/t:Exec/t:Command"), "arguments": get("t:Actions/t:Exec/t:Arguments"),',
        '  "interval": get("t:Triggers/t:TimeTrigger/t:Repetition/t:Interval"), "start": get("t:Triggers/t:TimeTrigger/t:StartBoundary"),',
        '  "instances": get("t:Settings/t:MultipleInstancesPolicy")}))',
      ].join('\n');
      expect(JSON.parse(python(script, bytes))).toEqual({
        command: 'C:\\Program Files\\nodejs\\node.exe',
        arguments: 'C:\\pdw\\bin\\pdw.js backup --data-dir C:\\Users\\Ada\\AppData\\Roaming\\pdw',
        interval: 'PT6H',
        start: '2026-12-05T10:00:00',
        instances: 'IgnoreNew',
      });
      expect(timerFiles('win32', { ...spec, intervalMs: 90 * 60_000 })[0]?.text).toContain('<Interval>PT1H30M</Interval>');
      expect(timerFiles('win32', { ...spec, intervalMs: 604_800_000 })[0]?.text).toContain('<Interval>P7D</Interval>');

      const removed = await uninstallTimer({ platform: 'win32', dir, activate: false }, spec.dataDir);
      expect(removed.files).toEqual(result.files);
      expect(removed.commands[0]?.slice(0, 2)).toEqual(['schtasks', '/Delete']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
