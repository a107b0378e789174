#!/usr/bin/env node
// The `pdw` command. Runs the TypeScript sources directly (Node >= 22.18 strips types), so it works
// in a fresh checkout right after `npm install`; npm scripts and npx use the project's pinned Node 24.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`pdw needs Node 24 (found ${process.version}). Run it through npm (npx pdw, npm run pdw) to use the project's Node.`);
  process.exit(1);
}
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
