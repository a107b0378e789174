// Banners for what about backups needs the user now (main decides: backup.notices), each with the action
// that fixes it: retry, upload the outbox, unlock the wallet, renew, or open the settings.
import type { BackupNotice } from '../../../src-shared/contract/backup.ts';

export type NoticeAction = BackupNotice['actions'][number]['action'];

export function NoticeBanners({ notices, busy, onAction }: { notices: BackupNotice[]; busy: Partial<Record<NoticeAction, boolean>>; onAction(action: NoticeAction): void }) {
  if (!notices.length) return null;
  return (
    <>
      {notices.map((notice) => (
        <div key={notice.id} className={`panel${notice.kind === 'backup-failed' ? ' panel-error' : ''}`} role="alert" data-testid={`notice-${notice.kind}`}>
          <div className="panel-row">
            <strong>{notice.title}</strong>
            <span>{notice.body}</span>
            {notice.actions.map((a) => (
              <button key={a.action} disabled={busy[a.action] === true} onClick={() => onAction(a.action)}>
                {a.label}
              </button>
            ))}
          </div>
        </div>
      ))}
    </>
  );
}
