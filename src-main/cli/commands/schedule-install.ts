// Writing and removing the OS timer files of `pdw schedule install | uninstall`. Only Linux activates them
// itself (systemctl --user), and only where systemd runs and the target folder is the real one; elsewhere,
// and when PDW_TIMER_DIR points the files somewhere else (tests), the commands are printed instead.
import { spawnSync } from 'node:child_process';
import { AppError } from '../../../src-shared/contract/index.ts';
import { existsSync } from 'node:fs';
import { readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { activationCommands, deactivationCommands, timerDirectory, timerFiles, timerName, type TimerFile, type TimerPlatform, type TimerSpec } from './schedule-timers.ts';

export interface TimerTarget {
  platform: TimerPlatform;
  dir: string;
  /** Run the activation commands (Linux with systemd, the real folder, not --no-activate). */
  activate: boolean;
}

/** `dirs`: PDW_TIMER_DIR and HOME, as the configuration read them. */
export function timerTarget(dirs: { timerDir: string | undefined; home: string | undefined }, dataDir: string, noActivate: boolean, platform: NodeJS.Platform = process.platform): TimerTarget {
  const os: TimerPlatform = platform === 'darwin' || platform === 'win32' ? platform : 'linux';
  const override = dirs.timerDir;
  const systemd = os === 'linux' && existsSync('/run/systemd/system') && spawnSync('systemctl', ['--user', '--version']).status === 0;
  return { platform: os, dir: override ? resolve(override) : timerDirectory(os, dirs.home ?? homedir(), dataDir), activate: systemd && !override && !noActivate };
}

/** How `pdw backup` is started again: this Node and this pdw script. */
export function pdwProgram(): string[] {
  return [process.execPath, resolve(process.argv[1] ?? 'pdw')];
}

export interface InstallResult {
  dir: string;
  files: string[];
  /** Commands that register the timer; `activated`: run here, else for the user to run. */
  commands: string[][];
  activated: boolean;
}

export async function installTimer(target: TimerTarget, spec: TimerSpec): Promise<InstallResult> {
  const files = timerFiles(target.platform, spec);
  await mkdir(target.dir, { recursive: true });
  for (const file of files) await writeFile(join(target.dir, file.name), encode(file));
  const commands = activationCommands(target.platform, target.dir, files);
  if (target.activate) runAll(commands);
  return { dir: target.dir, files: files.map((f) => join(target.dir, f.name)), commands, activated: target.activate };
}

export async function uninstallTimer(target: TimerTarget, dataDir: string): Promise<InstallResult> {
  const prefix = timerName(dataDir);
  const present = (await readdir(target.dir).catch(() => [] as string[])).filter((name) => name.startsWith(prefix) || name.startsWith(`org.pdw.${prefix}`));
  const files: TimerFile[] = present.map((name) => ({ name, text: '', encoding: 'utf8' }));
  const commands = deactivationCommands(target.platform, target.dir, files);
  // Unregistering something never registered fails harmlessly; the files go either way.
  if (target.activate) runAll(commands, true);
  for (const name of present) await rm(join(target.dir, name), { force: true });
  if (target.activate && files.length) runAll([['systemctl', '--user', 'daemon-reload']], true);
  return { dir: target.dir, files: present.map((name) => join(target.dir, name)), commands, activated: target.activate };
}

function encode(file: TimerFile): Buffer {
  return file.encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file.text, 'utf16le')]) : Buffer.from(file.text, 'utf8');
}

function runAll(commands: string[][], tolerateFailure = false): void {
  for (const [command, ...args] of commands) {
    if (!command) continue;
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0 && !tolerateFailure) {
      throw new AppError('internal', `${[command, ...args].join(' ')} failed: ${(result.stderr || result.error?.message || '').trim()}. The files are written: run it yourself, or pdw schedule uninstall.`);
    }
  }
}
