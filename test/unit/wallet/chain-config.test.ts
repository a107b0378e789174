import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src-main/kernel/config/config-env.ts';
import { chainConfigFor, formatCoinAmount, WAL_COIN_TYPES, WALRUS_PACKAGE_IDS } from '../../../src-main/wallet/chain-config.ts';

describe('chain config', () => {
  it('formats MIST and FROST as whole coins without trailing zeros', () => {
    expect(formatCoinAmount('0')).toBe('0');
    expect(formatCoinAmount('1000000000')).toBe('1');
    expect(formatCoinAmount('1500000000')).toBe('1.5');
    expect(formatCoinAmount('1')).toBe('0.000000001');
    expect(formatCoinAmount('123456789012345678901')).toBe('123456789012.345678901');
  });

  it('picks the network ids and lets the environment override them', () => {
    const testnet = chainConfigFor({ suiNetwork: 'localnet', suiRpcUrl: 'http://127.0.0.1:9000' });
    expect(testnet.walCoinType).toBe(WAL_COIN_TYPES.testnet);
    expect(testnet.blobType).toBe(`${WALRUS_PACKAGE_IDS.testnet}::blob::Blob`);
    expect(chainConfigFor({ suiNetwork: 'mainnet', suiRpcUrl: 'https://x' }).walCoinType).toBe(WAL_COIN_TYPES.mainnet);
    const custom = chainConfigFor({ suiNetwork: 'testnet', suiRpcUrl: 'https://x' }, readEnvironment({ PDW_WALRUS_PACKAGE_ID: '0xabc', PDW_WAL_COIN_TYPE: '0xdef::wal::WAL' }).chain);
    expect(custom.blobType).toBe('0xabc::blob::Blob');
    expect(custom.walCoinType).toBe('0xdef::wal::WAL');
  });
});
