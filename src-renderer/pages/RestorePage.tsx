import { EmptyState, Page } from '../components/Page.tsx';

export function RestorePage() {
  return (
    <Page title="Restore" subtitle="Bring a library back from a Walrus snapshot.">
      <EmptyState title="No snapshots to restore">
        <p>Snapshots from this device or found through your wallet will be offered here.</p>
      </EmptyState>
    </Page>
  );
}
