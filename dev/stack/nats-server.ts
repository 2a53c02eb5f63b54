import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child';
import { localNatsCredentials, renderNatsConfig, type NatsConfigOptions, type NatsService } from './nats-config';
import { waitFor } from './ports';

export const NATS_MISSING = [
  'nats-server was not found on PATH (npm start and npm test install it when they can). Install it:',
  '  Debian/Ubuntu: sudo apt-get install -y nats-server',
  '  macOS:         brew install nats-server',
  'or point NATS_URL at a running nats-server started with -js.',
].join('\n');

export function hasNatsServer(): boolean {
  return spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface NatsServer {
  url: string;
  port: number;
  /** The NATS user a service connects as: the generated config allows it only its own subjects. */
  credentials(service: NatsService | 'admin'): { user: string; pass: string };
  stop(): Promise<void>;
  /** Stops and starts again on the same port and store: JetStream state survives, like a real restart. */
  restart(): Promise<void>;
  /** Stops and removes the store directory. */
  destroy(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers, like a hung server or a partition. */
  pause(): void;
  resume(): void;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * A nats-server on loopback with the generated permission model (one user per service, see nats-config.ts);
 * `extra` adds a cluster block and TLS (the production rehearsal).
 */
export async function startNatsServer(
  port: number,
  storeDir = mkdtempSync(join(tmpdir(), 'tickethub-nats-')),
  extra: Omit<NatsConfigOptions, 'port' | 'storeDir'> = {},
): Promise<NatsServer> {
  if (!hasNatsServer()) throw new Error(NATS_MISSING);
  const configFile = join(storeDir, 'nats.conf');
  writeFileSync(configFile, renderNatsConfig({ port, storeDir, ...extra }));
  let child: Child | null = null;
  const start = async () => {
    const started = startChild('nats-server', ['-c', configFile]);
    child = started;
    await waitFor(
      async () => {
        if (started.process.exitCode !== null) throw new Error(`nats-server exited:\n${started.output()}`);
        return portOpen(port);
      },
      { timeoutMs: 20_000, what: `nats-server on port ${port}` },
    );
  };
  const stop = async () => {
    await child?.stop();
    child = null;
  };
  await start();
  return {
    url: `${extra.tls ? 'tls' : 'nats'}://127.0.0.1:${port}`,
    port,
    credentials: localNatsCredentials,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    destroy: async () => {
      (child as Child | null)?.process.kill('SIGCONT');
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
    pause: () => void (child as Child | null)?.process.kill('SIGSTOP'),
    resume: () => void (child as Child | null)?.process.kill('SIGCONT'),
  };
}
