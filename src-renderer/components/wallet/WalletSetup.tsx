import { useState } from 'react';
import { CreateWallet } from './CreateWallet.tsx';
import { ImportWallet } from './ImportWallet.tsx';

/** No wallet yet: create one, or import one (this is also "restore from recovery phrase"). */
export function WalletSetup({ needsPassphrase }: { needsPassphrase: boolean }) {
  const [choice, setChoice] = useState<'create' | 'import' | null>(null);
  if (choice === 'create') return <CreateWallet needsPassphrase={needsPassphrase} onCancel={() => setChoice(null)} />;
  if (choice === 'import') return <ImportWallet needsPassphrase={needsPassphrase} onCancel={() => setChoice(null)} />;
  return (
    <div className="wallet-setup">
      <div className="wallet-card">
        <h2>Create a new wallet</h2>
        <p>A new Sui address and a recovery phrase. The phrase restores your wallet and your backups on any machine.</p>
        <button className="primary" onClick={() => setChoice('create')}>
          Create wallet
        </button>
      </div>
      <div className="wallet-card">
        <h2>Import a wallet</h2>
        <p>Use a recovery phrase you already have (or a Sui private key) to bring your wallet and backups here.</p>
        <button onClick={() => setChoice('import')}>Import wallet</button>
      </div>
    </div>
  );
}
