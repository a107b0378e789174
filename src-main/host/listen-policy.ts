// Where the web host may listen and how: on loopback, plain HTTP is fine (only this machine can connect);
// beyond it, the token and every document would cross the network in clear, so the host serves HTTPS with
// a certificate the user gives, or plain HTTP only when the user says so explicitly.
import { isIP } from 'node:net';
import { AppError } from '../../src-shared/contract/index.ts';

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** Throws, naming the flags that fix it, when serving `host` would send secrets over the network in clear. */
export function checkListenPolicy(host: string, options: { tls: boolean; insecureNetwork: boolean }): void {
  if (isLoopbackHost(host) || options.tls || options.insecureNetwork) return;
  throw new AppError(
    'invalid_input',
    `Listening on ${host} would send the access token and your documents over the network unencrypted. ` +
      'Give a certificate with --tls-cert FILE --tls-key FILE, or accept that risk with --insecure-network.',
  );
}
