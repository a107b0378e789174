import { EmptyState, Page } from '../components/Page.tsx';

export function LibraryPage() {
  return (
    <Page title="Library" subtitle="Your documents and notes, stored and indexed on this device.">
      <EmptyState title="Your library is empty">
        <p>Documents you add appear here, ready to search by meaning and by keyword.</p>
      </EmptyState>
    </Page>
  );
}
