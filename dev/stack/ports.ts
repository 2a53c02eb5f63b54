import { readFileSync } from 'node:fs';
import { type AddressInfo, type Server, createServer } from 'node:net';

/** A port the OS says is free right now on loopback. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/**
 * `count` distinct free ports: every listener stays open until all are chosen, so no port is handed out twice.
 * They are drawn from below the OS's ephemeral range. A port the OS hands out for `listen(0)` comes from that range,
 * and between our close and the child's listen any outgoing connection on the machine may be given it as its local
 * port: CI run 41 lost the rehearsal's orders function to exactly that (EADDRINUSE) while another suite ran beside it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const [low, high] = portWindow();
  for (let attempt = 0; servers.length < count && attempt < count * 50; attempt++) {
    const server = await listening(low + Math.floor(Math.random() * (high - low)));
    if (server) servers.push(server);
  }
  // An unusual ephemeral range leaves no window (or every draw was taken): let the OS choose, as before.
  while (servers.length < count) servers.push((await listening(0))!);
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Ports 15000 up to the ephemeral range (Linux: /proc; 32768 is Linux's default start, below macOS' 49152). */
function portWindow(): [number, number] {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // Not Linux: the default stands.
  }
  return [15000, Math.max(15000, ephemeralLow)];
}

function listening(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' && port !== 0 ? resolve(undefined) : reject(error)));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export function isPortTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/** Polls until `probe` succeeds; used instead of sleeps wherever something has to come up. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
