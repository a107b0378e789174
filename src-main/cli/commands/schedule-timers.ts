// The OS timer files `pdw schedule install` writes, one set per platform, each running `pdw backup` for one
// data folder every interval: a systemd user service + timer (Linux), a launchd agent (macOS), a Task
// Scheduler task (Windows). Pure text builders, so tests parse exactly what would be installed.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export type TimerPlatform = 'linux' | 'darwin' | 'win32';

export interface TimerSpec {
  /** The program and its arguments up to the command: node and the pdw script, or a packaged binary. */
  program: string[];
  dataDir: string;
  intervalMs: number;
  /** Where the timer's output goes (launchd; systemd keeps it in the journal, Task Scheduler in its history). */
  logFile: string;
  /** A file of KEY=value lines the service reads (systemd), for PDW_PASSPHRASE when unattended backups use it. */
  environmentFile?: string | undefined;
  /** Start boundary of the Windows trigger (its repetitions follow it). */
  now?: Date;
}

export interface TimerFile {
  /** The file name inside the platform's folder for user timers. */
  name: string;
  text: string;
  /** Windows' schtasks reads task XML as UTF-16 (with a byte-order mark). */
  encoding: 'utf8' | 'utf16le';
}

/** Names differ per data folder, so two libraries on one account each get their own timer. */
export function timerName(dataDir: string): string {
  return `pdw-backup-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
}

export function timerFiles(platform: TimerPlatform, spec: TimerSpec): TimerFile[] {
  if (platform === 'linux') return systemdFiles(spec);
  if (platform === 'darwin') return [launchdFile(spec)];
  return [taskSchedulerFile(spec)];
}

/** The folder that holds user timers: systemd's user units, the LaunchAgents, or any folder for the task XML. */
export function timerDirectory(platform: TimerPlatform, home: string, dataDir: string): string {
  if (platform === 'linux') return join(home, '.config', 'systemd', 'user');
  if (platform === 'darwin') return join(home, 'Library', 'LaunchAgents');
  return join(dataDir, 'backup');
}

function backupArguments(spec: TimerSpec): string[] {
  return [...spec.program, 'backup', '--data-dir', spec.dataDir];
}

const seconds = (ms: number) => Math.max(60, Math.round(ms / 1000));

function systemdFiles(spec: TimerSpec): TimerFile[] {
  const name = timerName(spec.dataDir);
  // systemd splits ExecStart on spaces unless quoted; `%` starts a specifier, so it is doubled.
  const quote = (arg: string) => `"${arg.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%')}"`;
  const service = [
    '[Unit]',
    'Description=Personal Data Wallet backup to Walrus',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${backupArguments(spec).map(quote).join(' ')}`,
    // "-": the file is optional; it holds PDW_PASSPHRASE only when unattended backups take it from the environment.
    ...(spec.environmentFile ? [`EnvironmentFile=-${spec.environmentFile.replaceAll('%', '%%')}`] : []),
    'Nice=10',
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=Personal Data Wallet backup every ${seconds(spec.intervalMs)} s`,
    '',
    '[Timer]',
    'OnStartupSec=5min',
    `OnUnitActiveSec=${seconds(spec.intervalMs)}s`,
    'AccuracySec=1min',
    `Unit=${name}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return [
    { name: `${name}.service`, text: service, encoding: 'utf8' },
    { name: `${name}.timer`, text: timer, encoding: 'utf8' },
  ];
}

const xml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function launchdFile(spec: TimerSpec): TimerFile {
  const label = `org.pdw.${timerName(spec.dataDir)}`;
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${xml(label)}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...backupArguments(spec).map((arg) => `    <string>${xml(arg)}</string>`),
    '  </array>',
    '  <key>StartInterval</key>',
    `  <integer>${seconds(spec.intervalMs)}</integer>`,
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>ProcessType</key>',
    '  <string>Background</string>',
    '  <key>StandardOutPath</key>',
    `  <string>${xml(spec.logFile)}</string>`,
    '  <key>StandardErrorPath</key>',
    `  <string>${xml(spec.logFile)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
  return { name: `${label}.plist`, text, encoding: 'utf8' };
}

/** ISO 8601 duration as Task Scheduler wants it (its repetition interval tops out at 31 days). */
function isoDuration(ms: number): string {
  const minutes = Math.min(31 * 1440, Math.max(1, Math.round(ms / 60_000)));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const time = `${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

function taskSchedulerFile(spec: TimerSpec): TimerFile {
  const [command = 'pdw', ...rest] = backupArguments(spec);
  // Windows command lines quote each argument; none of ours holds a double quote (paths cannot).
  const args = rest.map((arg) => (/[\s"]/.test(arg) ? `"${arg}"` : arg)).join(' ');
  const start = (spec.now ?? new Date()).toISOString().slice(0, 19);
  const text = [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    '    <Description>Personal Data Wallet backup to Walrus</Description>',
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <TimeTrigger>',
    `      <StartBoundary>${start}</StartBoundary>`,
    '      <Enabled>true</Enabled>',
    '      <Repetition>',
    `        <Interval>${isoDuration(spec.intervalMs)}</Interval>`,
    '        <StopAtDurationEnd>false</StopAtDurationEnd>',
    '      </Repetition>',
    '    </TimeTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <ExecutionTimeLimit>PT12H</ExecutionTimeLimit>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xml(command)}</Command>`,
    `      <Arguments>${xml(args)}</Arguments>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
  return { name: `${timerName(spec.dataDir)}.xml`, text, encoding: 'utf16le' };
}

/** What registers the written files with the OS (printed; on Linux `install` runs it when systemd is there). */
export function activationCommands(platform: TimerPlatform, dir: string, files: TimerFile[]): string[][] {
  const [first] = files;
  if (!first) return [];
  if (platform === 'linux') {
    const timer = files.find((f) => f.name.endsWith('.timer'))?.name ?? first.name;
    return [['systemctl', '--user', 'daemon-reload'], ['systemctl', '--user', 'enable', '--now', timer]];
  }
  if (platform === 'darwin') return [['launchctl', 'bootstrap', `gui/${process.getuid?.() ?? 501}`, join(dir, first.name)]];
  return [['schtasks', '/Create', '/TN', `PDW\\${first.name.replace(/\.xml$/, '')}`, '/XML', join(dir, first.name), '/F']];
}

/** What unregisters them before the files are deleted (Linux then reloads systemd: `daemon-reload`). */
export function deactivationCommands(platform: TimerPlatform, dir: string, files: TimerFile[]): string[][] {
  const [first] = files;
  if (!first) return [];
  if (platform === 'linux') {
    const timer = files.find((f) => f.name.endsWith('.timer'))?.name ?? first.name;
    return [['systemctl', '--user', 'disable', '--now', timer]];
  }
  if (platform === 'darwin') return [['launchctl', 'bootout', `gui/${process.getuid?.() ?? 501}`, join(dir, first.name)]];
  return [['schtasks', '/Delete', '/TN', `PDW\\${first.name.replace(/\.xml$/, '')}`, '/F']];
}
