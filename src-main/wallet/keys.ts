// Recovery phrases and Sui keys: generation, validation and derivation on Sui's standard Ed25519 path,
// through @mysten/sui itself so our addresses are the ones every Sui wallet derives.
import { decodeSuiPrivateKey, mnemonicToSeed } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { generateMnemonic, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { AppError } from '../../src-shared/contract/index.ts';

export const SUI_DERIVATION_PATH = "m/44'/784'/0'/0'/0'";
export type PhraseLength = 12 | 24;

/** What the keystore protects: the phrase when there is one (it also yields the backup keys), else the key. */
export type WalletSecret = { kind: 'phrase'; phrase: string } | { kind: 'privateKey'; privateKey: Uint8Array };

export interface DerivedWallet {
  keypair: Ed25519Keypair;
  address: string;
}

export function generatePhrase(words: PhraseLength = 24): string {
  return generateMnemonic(wordlist, words === 24 ? 256 : 128);
}

/** Lower case, single spaces: how people type a phrase back is not how BIP-39 wants it. */
export function normalizePhrase(text: string): string {
  return text.normalize('NFKD').trim().toLowerCase().split(/\s+/).join(' ');
}

export function phraseWords(phrase: string): string[] {
  return normalizePhrase(phrase).split(' ');
}

export function parsePhrase(text: string): string {
  const phrase = normalizePhrase(text);
  const words = phrase.split(' ');
  if (![12, 15, 18, 21, 24].includes(words.length)) {
    throw new AppError('invalid_input', `A recovery phrase has 12 or 24 words (got ${words.length}).`);
  }
  const unknown = words.findIndex((w) => !wordlist.includes(w));
  if (unknown >= 0) throw new AppError('invalid_input', `Word ${unknown + 1} of the recovery phrase is not a BIP-39 English word.`);
  if (!validateMnemonic(phrase, wordlist)) {
    throw new AppError('invalid_input', 'The recovery phrase has a wrong checksum: check the words and their order.');
  }
  return phrase;
}

export function parsePrivateKey(text: string): Uint8Array {
  let parsed;
  try {
    parsed = decodeSuiPrivateKey(text.trim());
  } catch {
    throw new AppError('invalid_input', 'Not a valid Sui private key: expected the bech32 form starting with "suiprivkey1".');
  }
  if (parsed.scheme !== 'ED25519') throw new AppError('unsupported', `Only Ed25519 keys are supported (this key is ${parsed.scheme}).`);
  return parsed.secretKey;
}

/** Accepts a recovery phrase or a `suiprivkey1…` key, as a person would paste either. */
export function parseSecretInput(text: string): WalletSecret {
  const trimmed = text.trim();
  if (trimmed.toLowerCase().startsWith('suiprivkey')) return { kind: 'privateKey', privateKey: parsePrivateKey(trimmed) };
  return { kind: 'phrase', phrase: parsePhrase(trimmed) };
}

export function deriveWallet(secret: WalletSecret): DerivedWallet {
  const keypair =
    secret.kind === 'phrase' ? Ed25519Keypair.deriveKeypair(secret.phrase, SUI_DERIVATION_PATH) : Ed25519Keypair.fromSecretKey(secret.privateKey);
  return { keypair, address: keypair.getPublicKey().toSuiAddress() };
}

/** The root every backup key is derived from: the BIP-39 seed of a phrase, or the imported key itself. */
export function backupRootOf(secret: WalletSecret): Uint8Array {
  return secret.kind === 'phrase' ? mnemonicToSeed(secret.phrase) : Uint8Array.from(secret.privateKey);
}

export function encodeSecret(secret: WalletSecret): Uint8Array {
  return new TextEncoder().encode(secret.kind === 'phrase' ? JSON.stringify({ kind: 'phrase', phrase: secret.phrase }) : JSON.stringify({ kind: 'privateKey', privateKey: Buffer.from(secret.privateKey).toString('base64') }));
}

export function decodeSecret(bytes: Uint8Array): WalletSecret {
  let value: { kind?: unknown; phrase?: unknown; privateKey?: unknown };
  try {
    value = JSON.parse(new TextDecoder().decode(bytes)) as typeof value;
  } catch {
    // JSON.parse quotes its input in the message: never let that carry the secret into a log.
    throw new AppError('internal', 'The keystore holds an unreadable secret.');
  }
  if (value.kind === 'phrase' && typeof value.phrase === 'string') return { kind: 'phrase', phrase: value.phrase };
  if (value.kind === 'privateKey' && typeof value.privateKey === 'string') return { kind: 'privateKey', privateKey: new Uint8Array(Buffer.from(value.privateKey, 'base64')) };
  throw new AppError('internal', 'The keystore holds a secret of an unknown kind.');
}
