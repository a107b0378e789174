import { EmptyState, Page } from '../components/Page.tsx';

export function BackupsPage() {
  return (
    <Page title="Backups" subtitle="Encrypted snapshots of your library on Walrus.">
      <EmptyState title="No backups yet">
        <p>Snapshots of your library will be listed here with their size, cost and expiry.</p>
      </EmptyState>
    </Page>
  );
}
