// The toast list's rules, as pure functions the store applies: an error stays until it is dismissed or the
// same request later succeeds (a retry that worked must not leave the old failure on screen); a repeated
// failure replaces its earlier toast; information goes by itself. Titles say what failed in the user's words.
import type { RequestName } from '../../src-shared/contract/index.ts';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
  /** The request whose failure this reports: its next success clears the toast. */
  request?: RequestName | undefined;
}

export const MAX_TOASTS = 4;
/** Information toasts go after this; errors wait for the user or for a success. */
export const INFO_TOAST_MS = 8000;

export function withToast(toasts: readonly Toast[], toast: Toast): Toast[] {
  const others = toast.request ? toasts.filter((t) => t.request !== toast.request) : toasts;
  return [...others, toast].slice(-MAX_TOASTS);
}

export function afterSuccess(toasts: readonly Toast[], request: RequestName): Toast[] {
  return toasts.some((t) => t.request === request) ? toasts.filter((t) => t.request !== request) : (toasts as Toast[]);
}

export function autoDismissMs(toast: Toast): number | undefined {
  return toast.kind === 'info' ? INFO_TOAST_MS : undefined;
}

const FAILURE_TITLES: Partial<Record<RequestName, string>> = {
  'app.info': "Couldn't read the app's status",
  'walrus.checkNow': "Couldn't check Walrus",
  'settings.get': "Couldn't read the settings",
  'settings.update': "Couldn't save the settings",
  'backup.run': "Couldn't start the backup",
  'backup.snapshots': "Couldn't list the snapshots",
  'backup.snapshot': "Couldn't open the snapshot",
  'backup.verify': "Couldn't start the check",
  'backup.restore': "Couldn't start the restore",
  'backup.flushOutbox': "Couldn't upload the outbox",
  'backup.outbox': "Couldn't read the outbox",
  'backup.discover': "Couldn't find snapshots on Walrus",
  'backup.runs': "Couldn't read the run log",
  'backup.forget': "Couldn't forget the snapshot",
  'backup.keep': "Couldn't keep the snapshot",
  'backup.applyRetention': "Couldn't apply the retention rule",
  'backup.renew': "Couldn't start the renewal",
  'backup.schedule': "Couldn't read the schedule",
  'backup.setSchedule': "Couldn't change the schedule",
  'backup.setUnattended': "Couldn't change unattended backups",
  'job.cancel': "Couldn't cancel",
  'job.result': "Couldn't read the job's outcome",
  'library.ingest': "Couldn't add the files",
  'library.ingestUpload': "Couldn't upload the files",
  'library.documents': "Couldn't list the documents",
  'library.document': "Couldn't open the document",
  'library.openDocument': "Couldn't open the file",
  'library.remove': "Couldn't remove the documents",
  'library.removeMissing': "Couldn't remove missing files",
  'library.folders': "Couldn't list the folders",
  'library.pickAndIngest': "Couldn't add the files",
  'library.stats': "Couldn't read the library's figures",
  'library.reembed': "Couldn't start re-embedding",
  'search.query': "Couldn't search",
  'search.quality': "Couldn't check search quality",
  'wallet.balances': "Couldn't read the balances",
  'wallet.changePassphrase': "Couldn't change the passphrase",
  'wallet.confirmBackup': "Couldn't confirm the phrase backup",
  'wallet.create': "Couldn't create the wallet",
  'wallet.import': "Couldn't import the wallet",
  'wallet.lock': "Couldn't lock the wallet",
  'wallet.remove': "Couldn't remove the wallet",
  'wallet.status': "Couldn't read the wallet",
  'wallet.unlock': "Couldn't unlock the wallet",
};

/** What the user tried, in their words; never the internal request name. */
export function failureTitle(request: RequestName): string {
  return FAILURE_TITLES[request] ?? 'Something went wrong';
}
