import { useEffect } from 'react';
import type { CoinAmount } from '../../../src-shared/contract/wallet.ts';
import { useWalletStore } from '../../stores/wallet.ts';
import { runAction } from '../../api/run-action.ts';

export function Balances() {
  const balances = useWalletStore((s) => s.balances);
  const refreshing = useWalletStore((s) => s.refreshing);
  const refresh = useWalletStore((s) => s.refreshBalances);
  const offline = balances?.state === 'offline';
  // A wallet just created or imported has no balances yet: fetch them once when the card first shows.
  useEffect(() => {
    const state = useWalletStore.getState();
    if (!state.balances && !state.refreshing) runAction(state.refreshBalances());
  }, []);
  return (
    <section className="wallet-card" aria-labelledby="balances-title" data-testid="wallet-balances">
      <div className="card-header">
        <h2 id="balances-title">Balances</h2>
        <button onClick={() => runAction(refresh())} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {offline ? (
        <p className="wallet-offline" role="status">
          <span className="dot" /> Offline — {balances.reason ?? 'the Sui RPC cannot be reached.'}
        </p>
      ) : null}
      <dl className="balances">
        <Amount label="SUI" amount={balances?.sui ?? null} />
        <Amount label="WAL" amount={balances?.wal ?? null} />
      </dl>
      {balances ? <small className="muted">From {balances.rpcUrl}, {new Date(balances.checkedAt).toLocaleTimeString()}</small> : null}
    </section>
  );
}

function Amount({ label, amount }: { label: string; amount: CoinAmount | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={`balance-${label.toLowerCase()}`} title={amount ? `${amount.raw} ${label === 'SUI' ? 'MIST' : 'FROST'}` : undefined}>
        {amount ? amount.formatted : '—'}
      </dd>
    </div>
  );
}
