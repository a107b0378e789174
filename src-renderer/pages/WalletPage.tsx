import { useEffect } from 'react';
import { Page } from '../components/Page.tsx';
import { ConfirmPhrase, PhraseDisplay } from '../components/wallet/PhraseBackup.tsx';
import { UnlockForm } from '../components/wallet/UnlockForm.tsx';
import { WalletOverview } from '../components/wallet/WalletOverview.tsx';
import { WalletSetup } from '../components/wallet/WalletSetup.tsx';
import '../components/wallet/wallet.css';
import { followWalletEvents, useWalletStore } from '../stores/wallet.ts';
import { runAction } from '../api/run-action.ts';

export function WalletPage() {
  const status = useWalletStore((s) => s.status);
  const createFlow = useWalletStore((s) => s.createFlow);

  useEffect(() => {
    const unfollow = followWalletEvents();
    runAction(useWalletStore.getState().load());
    return unfollow;
  }, []);

  let body;
  if (!status) body = <p className="muted">Loading…</p>;
  else if (createFlow?.phrase) body = <PhraseDisplay phrase={createFlow.phrase} />;
  else if (createFlow && !status.locked) body = <ConfirmPhrase positions={createFlow.confirmPositions} />;
  else if (!status.exists) body = <WalletSetup needsPassphrase={status.sealer === 'passphrase'} />;
  else if (status.locked) body = <UnlockForm status={status} />;
  else body = <WalletOverview status={status} />;

  return (
    <Page title="Wallet" subtitle="The Sui key that owns your stored data and unlocks your backups.">
      {body}
    </Page>
  );
}
