import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkListenPolicy, isLoopbackHost, startWebHost, type WebHostOptions } from '../../host/index.ts';
import { EXIT_USAGE, type Command } from '../command.ts';

const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the PDW interface and API over HTTP for a browser (headless machines)',
  usage:
    'pdw serve [--port N] [--host 127.0.0.1] [--tls-cert FILE --tls-key FILE] [--insecure-network] [--walrus local] [--data-dir D] [--json]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    walrus: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'insecure-network': { type: 'boolean' },
  },
  async run(ctx, { values }) {
    // Every refusal names the command, as the errors of every other command do.
    const refuse = (message: string) => (console.error(`pdw serve: ${message}`), EXIT_USAGE);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return refuse(`--port must be a number from 0 to 65535, got ${String(values.port)}.`);
    }
    if (values.walrus !== undefined && values.walrus !== 'local') {
      return refuse(`--walrus takes only "local" (the Walrus URLs come from settings or WALRUS_*_URL), got ${String(values.walrus)}.`);
    }
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const certFile = values['tls-cert'];
    const keyFile = values['tls-key'];
    if ((certFile === undefined) !== (keyFile === undefined)) {
      return refuse('--tls-cert and --tls-key go together: give the certificate (PEM) and its private key (PEM).');
    }
    const insecureNetwork = values['insecure-network'] === true;
    try {
      checkListenPolicy(host, { tls: certFile !== undefined, insecureNetwork });
    } catch (error) {
      return refuse((error as Error).message);
    }
    let tls: WebHostOptions['tls'];
    if (typeof certFile === 'string' && typeof keyFile === 'string') {
      try {
        tls = { cert: await readFile(certFile), key: await readFile(keyFile) };
      } catch (error) {
        return refuse(`could not read the TLS certificate or key: ${(error as Error).message}`);
      }
    }
    const app = await ctx.openApp({ mode: 'web', localWalrus: values.walrus === 'local' });
    const web = await startWebHost({ app, rendererDir: RENDERER_DIR, port, host, ...(tls ? { tls } : {}), insecureNetwork });
    const walrusUrl = app.settings.current.walrusPublisherUrl;
    ctx.print({ url: web.url, openUrl: web.openUrl, dataDir: app.config.dataDir, walrusPublisherUrl: walrusUrl }, () =>
      [`PDW is serving ${app.config.dataDir} (Walrus: ${walrusUrl})`, `Open ${web.openUrl}`, 'Press Ctrl-C to stop.'].join('\n'),
    );
    if (!isLoopbackHost(host)) {
      const how = tls ? 'over TLS' : 'WITHOUT encryption (--insecure-network): the token and your documents cross the network in clear';
      console.error(`Warning: listening on ${host} ${how}; anyone who can reach it and has the token can use your library.`);
    }
    await ctx.interrupted();
    await web.close();
    return 0;
  },
};
