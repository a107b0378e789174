import { useId, useState } from 'react';

export const MIN_PASSPHRASE = 8;

/** A new passphrase typed twice; reports null until both match and are long enough. */
export function NewPassphraseFields({ onChange, label = 'Passphrase' }: { onChange(value: string | null): void; label?: string }) {
  const id = useId();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const update = (a: string, b: string) => {
    setFirst(a);
    setSecond(b);
    onChange(a.length >= MIN_PASSPHRASE && a === b ? a : null);
  };
  return (
    <div className="wallet-fields">
      <label htmlFor={`${id}-a`}>{label}</label>
      <input id={`${id}-a`} type="password" autoComplete="new-password" minLength={MIN_PASSPHRASE} value={first} onChange={(e) => update(e.target.value, second)} required />
      <label htmlFor={`${id}-b`}>Repeat {label.toLowerCase()}</label>
      <input id={`${id}-b`} type="password" autoComplete="new-password" value={second} onChange={(e) => update(first, e.target.value)} required />
      {second && first !== second ? <small className="wallet-error">The two entries differ.</small> : null}
      <small>At least {MIN_PASSPHRASE} characters. It encrypts the wallet on this device; the recovery phrase is what restores it elsewhere.</small>
    </div>
  );
}

export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p className="wallet-error" role="alert">
      {error}
    </p>
  ) : null;
}
