import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** The address to receive SUI and WAL: text to copy and a QR code for a phone wallet. */
export function AddressCard({ address }: { address: string }) {
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(address, { errorCorrectionLevel: 'M', margin: 1, width: 180 }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [address]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="wallet-card address-card" aria-labelledby="address-title">
      <div>
        <h2 id="address-title">Address</h2>
        <code className="wallet-address" data-testid="wallet-address">
          {address}
        </code>
        <div className="form-actions start">
          <button onClick={() => void copy()}>Copy address</button>
          <span className="muted" role="status">
            {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Copy failed: select the address and copy it by hand.' : ''}
          </span>
        </div>
      </div>
      {qr ? <img className="address-qr" src={qr} alt={`QR code of ${address}`} width={180} height={180} /> : null}
    </section>
  );
}
