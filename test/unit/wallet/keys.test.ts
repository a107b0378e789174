import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/index.ts';
import { deriveWallet, generatePhrase, parsePhrase, parseSecretInput, SUI_DERIVATION_PATH } from '../../../src-main/wallet/keys.ts';
import { SUI_VECTORS } from './vectors.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('wallet keys', () => {
  it.each(SUI_VECTORS)('derives the address Sui derives from a phrase and from its private key ($address)', (vector) => {
    const fromPhrase = deriveWallet(parseSecretInput(vector.phrase));
    const fromKey = deriveWallet(parseSecretInput(vector.privateKey));
    expect(fromPhrase.address).toBe(vector.address);
    expect(fromKey.address).toBe(vector.address);
    expect(fromPhrase.keypair.getSecretKey()).toBe(vector.privateKey);
    expect(fromPhrase.address).toBe(Ed25519Keypair.deriveKeypair(vector.phrase, SUI_DERIVATION_PATH).toSuiAddress());
  });

  it('accepts a phrase typed carelessly: capitals, extra spaces, line breaks', () => {
    const messy = `  ${SUI_VECTORS[0].phrase.toUpperCase().split(' ').join('   ').replace(/ {3}/, '\n')}  `;
    expect(parsePhrase(messy)).toBe(SUI_VECTORS[0].phrase);
  });

  it('generates valid 12- and 24-word phrases, different each time', () => {
    const twelve = generatePhrase(12);
    const twentyFour = generatePhrase(24);
    expect(twelve.split(' ')).toHaveLength(12);
    expect(twentyFour.split(' ')).toHaveLength(24);
    expect(parsePhrase(twentyFour)).toBe(twentyFour);
    expect(generatePhrase(24)).not.toBe(twentyFour);
  });

  it('refuses invalid phrases and keys with a clear invalid_input error', () => {
    const words = SUI_VECTORS[0].phrase.split(' ');
    expect(codeOf(() => parseSecretInput(words.slice(0, 11).join(' ')))).toBe('invalid_input');
    expect(() => parseSecretInput(words.slice(0, 11).join(' '))).toThrow(/12 or 24 words/);
    expect(() => parseSecretInput([...words.slice(0, 23), 'walrusx'].join(' '))).toThrow(/Word 24 .* not a BIP-39/);
    // Swapping two words keeps every word valid but breaks the checksum.
    const swapped = [words[1], words[0], ...words.slice(2)].join(' ');
    expect(() => parseSecretInput(swapped)).toThrow(/checksum/);
    expect(codeOf(() => parseSecretInput('suiprivkey1notakey'))).toBe('invalid_input');
    expect(codeOf(() => parseSecretInput(''))).toBe('invalid_input');
  });
});
