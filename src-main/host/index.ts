// The web host's facade: start it, and the listen policy the CLI checks before it does.
export { checkListenPolicy, isLoopbackHost } from './listen-policy.ts';
export { startWebHost, type WebHostOptions } from './web-host.ts';
