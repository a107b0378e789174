// Connects main's events and call failures to the stores, once, at start-up.
import { api } from '../api/client.ts';
import { showBrowserNotification } from '../components/BrowserNotifications.tsx';
import { useAppStore } from './app.ts';
import { warnExpiringSnapshots } from './backups.ts';
import { useJobsStore } from './jobs.ts';
import { useLibraryStore } from './library.ts';
import { useSearchStore } from './search.ts';
import { useWatchStore } from './watch.ts';
import { failureTitle } from './toast-list.ts';
import { pageFromHash, useUiStore } from './ui.ts';
import { runAction } from '../api/run-action.ts';

export function wireStores(): () => void {
  const offEvents = api.onEvent((event) => {
    switch (event.name) {
      case 'walrus.status':
        return useAppStore.getState().setWalrus(event.payload);
      case 'settings.changed':
        return useAppStore.getState().setSettings(event.payload);
      case 'job.progress':
        return useJobsStore.getState().onProgress(event.payload);
      case 'job.finished':
        return useJobsStore.getState().onFinished(event.payload);
      case 'backup.notice':
        if (useAppStore.getState().info?.mode === 'web') showBrowserNotification(event.payload, () => useUiStore.getState().navigate('backups'));
        return;
      case 'app.showPage':
        return useUiStore.getState().navigate(event.payload.page);
      case 'watch.changed':
        useWatchStore.getState().onChanged(event.payload);
        // A pass has ended: what it added or removed shows in the list.
        if (!event.payload.folders.some((f) => f.state === 'syncing')) runAction(useLibraryStore.getState().refresh());
        return;
      case 'library.vectorsReady':
        // Searches answered by keywords alone while the graph was read: ask again, by both halves.
        useSearchStore.getState().onVectorsReady();
        useLibraryStore.getState().onVectorsReady(event.payload.vectors);
        return;
      case 'backup.changed':
        if (event.payload.reason === 'run' || event.payload.reason === 'renew') runAction(warnExpiringSnapshots((t) => useUiStore.getState().pushToast(t)));
        return;
    }
  });
  const offFailures = api.onCallFailure((error, request) => {
    if (error.code === 'cancelled') return;
    useUiStore.getState().pushToast({ kind: 'error', title: failureTitle(request), message: error.message, request });
  });
  const offSuccesses = api.onCallSuccess((request) => useUiStore.getState().requestSucceeded(request));
  const onHash = () => useUiStore.setState({ page: pageFromHash(window.location.hash) });
  window.addEventListener('popstate', onHash);
  window.addEventListener('hashchange', onHash);
  return () => {
    offEvents();
    offFailures();
    offSuccesses();
    window.removeEventListener('popstate', onHash);
    window.removeEventListener('hashchange', onHash);
  };
}
