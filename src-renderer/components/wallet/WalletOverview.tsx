import { useMemo } from 'react';
import type { WalletStatus } from '../../../src-shared/contract/wallet.ts';
import { useWalletStore } from '../../stores/wallet.ts';
import { AddressCard } from './AddressCard.tsx';
import { Balances } from './Balances.tsx';
import { ConfirmPhrase } from './PhraseBackup.tsx';
import { ChangePassphrase, RemoveWallet } from './WalletSettings.tsx';
import { runAction } from '../../api/run-action.ts';

/** Three distinct positions among the first twelve words (valid for 12- and 24-word phrases). */
function randomPositions(): number[] {
  const picked = new Set<number>();
  const buffer = new Uint32Array(1);
  while (picked.size < 3) {
    crypto.getRandomValues(buffer);
    picked.add((buffer[0]! % 12) + 1);
  }
  return [...picked].sort((a, b) => a - b);
}

export function WalletOverview({ status }: { status: WalletStatus }) {
  const lock = useWalletStore((s) => s.lock);
  const positions = useMemo(randomPositions, []);
  const unconfirmed = status.secretKind === 'phrase' && !status.phraseConfirmed;
  return (
    <div className="wallet-overview">
      {unconfirmed ? <ConfirmPhrase positions={positions} intro="Your recovery phrase backup is not confirmed yet. Type these words from the copy you wrote down." /> : null}
      <AddressCard address={status.address ?? ''} />
      <Balances />
      <div className="wallet-actions">
        <button onClick={() => runAction(lock())}>Lock wallet</button>
        {status.autoLockMinutes ? <span className="muted">Locks itself after {status.autoLockMinutes} min without use.</span> : null}
      </div>
      {status.sealer === 'passphrase' ? <ChangePassphrase /> : null}
      <RemoveWallet status={status} />
    </div>
  );
}
