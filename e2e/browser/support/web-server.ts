import { startChild, type Child } from '@tickethub/dev/stack/child';
import { freePort, waitFor } from '@tickethub/dev/stack/ports';
import { shopServerScript } from './web-build';

export interface ShopServer {
  url: string;
  port: number;
  child: Child;
  stop(): Promise<void>;
}

/** The standalone Next server, as Cloud Run runs it: `node server.js` with the API origin in its environment. */
export async function startShopServer(buildDir: string, env: Record<string, string>, port?: number): Promise<ShopServer> {
  const chosen = port ?? (await freePort());
  const child = startChild(process.execPath, [shopServerScript(buildDir)], {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(chosen), HOSTNAME: '127.0.0.1', ...env },
    // SHOP_LOG=1 shows the server's own log (server-side render errors) while debugging a scenario.
    ...(process.env.SHOP_LOG === '1' ? { stdio: ['ignore', 'inherit', 'inherit'] as const } : {}),
  });
  const url = `http://127.0.0.1:${chosen}`;
  await waitFor(
    async () => {
      if (child.process.exitCode !== null) throw new Error(`The shop server exited:\n${child.output()}`);
      return (await fetch(`${url}/icon.svg`)).ok;
    },
    { timeoutMs: 30_000, what: 'the shop server' },
  );
  return { url, port: chosen, child, stop: () => child.stop() };
}
