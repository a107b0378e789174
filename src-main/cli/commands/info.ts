import type { Command } from '../command.ts';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show the version, the data directory and whether Walrus is reachable',
  usage: 'pdw info [--json]',
  async run(ctx) {
    const app = await ctx.openApp({ mode: 'cli' });
    const info = await ctx.call(app, 'app.info', {});
    ctx.print(info, () =>
      [
        `${info.name} ${info.version}`,
        `data dir:   ${info.dataDir}`,
        `publisher:  ${info.walrus.publisherUrl}`,
        `aggregator: ${info.walrus.aggregatorUrl}`,
        `walrus:     ${info.walrus.state}${info.walrus.latencyMs !== null ? ` (${info.walrus.latencyMs} ms)` : ''}${info.walrus.message ? ` — ${info.walrus.message}` : ''}`,
      ].join('\n'),
    );
    return 0;
  },
};
