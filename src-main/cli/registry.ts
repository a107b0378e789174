// Every `pdw` command, in the order `pdw --help` lists them.
import type { Command } from './command.ts';
import { backupCommand } from './commands/backup.ts';
import { renewCommand } from './commands/renew.ts';
import { retentionCommand } from './commands/retention.ts';
import { restoreCommand } from './commands/restore.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { scheduleCommand } from './commands/schedule.ts';
import { verifyCommand } from './commands/verify.ts';
import { infoCommand } from './commands/info.ts';
import { ingestCommand } from './commands/ingest.ts';
import { searchCommand } from './commands/search.ts';
import { searchQualityCommand } from './commands/search-quality.ts';
import { serveCommand } from './commands/serve.ts';
import { walrusLocalCommand } from './commands/walrus-local.ts';
import { walletCommand } from './commands/wallet.ts';
import { watchCommand } from './commands/watch.ts';

export const commands: Command[] = [infoCommand, ingestCommand, watchCommand, searchCommand, searchQualityCommand, backupCommand, scheduleCommand, renewCommand, retentionCommand, verifyCommand, snapshotCommand, restoreCommand, walletCommand, serveCommand, walrusLocalCommand];
