// Web mode: backup notices reach the browser's notifications once the user allows them here (asked only
// from this button, never on load). The desktop app uses the OS's notifications through main instead.
import { useState } from 'react';
import type { BackupNotice } from '../../src-shared/contract/backup.ts';
import { runAction } from '../api/run-action.ts';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Shows a notice as a browser notification when allowed; a click brings the tab to the Backups page. */
export function showBrowserNotification(notice: BackupNotice, openBackups: () => void): void {
  if (!supported() || Notification.permission !== 'granted') return;
  const notification = new Notification(notice.title, { body: notice.body, tag: notice.id });
  notification.onclick = () => {
    window.focus();
    openBackups();
  };
}

export function BrowserNotificationsSetting() {
  const [permission, setPermission] = useState(() => (supported() ? Notification.permission : 'unsupported'));
  const ask = async () => setPermission(await Notification.requestPermission());
  return (
    <div className="panel" data-testid="browser-notifications">
      <div className="panel-row">
        <strong>Notifications</strong>
        <span className="muted">
          {permission === 'granted'
            ? 'This browser shows a notification when a scheduled backup fails, backups wait to upload for over a day, or kept snapshots near expiry.'
            : permission === 'denied'
              ? 'Notifications are blocked for this page: allow them in the browser’s site settings to be told when backups need you.'
              : permission === 'unsupported'
                ? 'This browser cannot show notifications; the Backups page shows a banner instead.'
                : 'Be told when a scheduled backup fails, backups wait to upload for over a day, or kept snapshots near expiry.'}
        </span>
        {permission === 'default' ? <button onClick={() => runAction(ask())}>Allow notifications</button> : null}
      </div>
    </div>
  );
}
