import { domains, type Domain } from '@tickethub/shared';
import { createFunction, loadDomainConfig } from '@tickethub/functions/src/functions';
import { createPlatform } from '@tickethub/functions/src/platform/platform';
import { assertNodeMajor } from '../provision/node-runtime';
import { closeServer, hostFunction } from './functions-host';
import { reportWritesOnSignal } from './write-counts';

/**
 * One function in a process of its own, as each is its own instance in the cloud: `node --import tsx
 * dev/stack/function-main.ts <domain> <port>`, configured by its environment alone (parsed with that function's own
 * schema, as deployed). Started by dev/stack/processes.ts; SIGTERM stops it after the requests in flight.
 */
async function main(): Promise<void> {
  assertNodeMajor('a function process');
  const [domain, port] = process.argv.slice(2) as [Domain, string];
  if (!domains.includes(domain) || !/^\d+$/.test(port ?? '')) throw new Error('usage: function-main.ts <domain> <port>');
  if (process.env.WRITE_COUNTS_FILE) reportWritesOnSignal(process.env.WRITE_COUNTS_FILE);
  const config = loadDomainConfig(domain, process.env);
  const platform = createPlatform(domain, config);
  const hosted = await hostFunction(domain, createFunction(platform), Number(port));
  process.once('SIGTERM', () => {
    void (async () => {
      await closeServer(hosted.server);
      await hosted.idle();
      for (const dispose of platform.disposers) await dispose();
      await platform.nats.close();
      await platform.db.terminate();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
