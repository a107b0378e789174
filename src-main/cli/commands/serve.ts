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
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`--port must be a number from 0 to 65535, got ${String(values.port)}`);
      return EXIT_USAGE;
    }
    if (values.walrus !== undefined && values.walrus !== 'local') {
      console.error(`--walrus takes only "local" (the Walrus URLs come from settings or WALRUS_*_URL), got ${String(values.walrus)}`);
      return EXIT_USAGE;
    }
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const certFile = values['tls-cert'];
    const keyFile = values['tls-key'];
    if ((certFile === undefined) !== (keyFile === undefined)) {
      console.error('--tls-cert and --tls-key go together: give the certificate (PEM) and its private key (PEM).');
      return EXIT_USAGE;
    }
    const insecureNetwork = values['insecure-network'] === true;
    try {
      checkListenPolicy(host, { tls: certFile !== undefined, insecureNetwork });
    } catch (error) {
      console.error((error as Error).message);
      return EXIT_USAGE;
    }
    let tls: WebHostOptions['tls'];
    if (typeof certFile === 'string' && typeof keyFile === 'string') {
      try {
        tls = { cert: await readFile(certFile), key: await readFile(keyFile) };
      } catch (error) {
        console.error(`Could not read the TLS certificate or key: ${(error as Error).message}`);
        return EXIT_USAGE;
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
