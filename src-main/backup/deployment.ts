// Backups are remembered per Walrus deployment (network, publisher, aggregator; WalrusClient.deployment):
// what one stores is not on another, so a snapshot only references objects on the deployment it is written
// to, and the first backup on a new one starts a fresh chain there. What the app says when that happens.

export function freshChainMessage(deployment: string): string {
  return `First snapshot on this Walrus deployment (${deployment}): everything was uploaded here; snapshots on other deployments are not referenced.`;
}
