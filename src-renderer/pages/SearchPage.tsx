import { EmptyState, Page } from '../components/Page.tsx';

export function SearchPage() {
  return (
    <Page title="Search" subtitle="Find passages by meaning and by keyword.">
      <EmptyState title="Nothing to search yet">
        <p>Add documents to your library first.</p>
      </EmptyState>
    </Page>
  );
}
