import { EmptyState, Page } from '../components/Page.tsx';

export function WalletPage() {
  return (
    <Page title="Wallet" subtitle="The Sui key that owns your stored data and unlocks your backups.">
      <EmptyState title="No wallet on this device">
        <p>Your address and SUI and WAL balances will show here.</p>
      </EmptyState>
    </Page>
  );
}
