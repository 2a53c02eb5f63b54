import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNats } from '@tickethub/functions/src/platform/nats';
import { createLogger } from '@tickethub/functions/src/platform/logger';
import { waitFor } from '../stack/ports';
import { freePorts } from '../stack/ports';
import { startNatsServer, type NatsServer } from '../stack/nats-server';
import type { TlsFiles } from '../stack/nats-config';

export interface NatsCluster {
  /** Every node's client URL (tls://), the dead one included: what NATS_URL lists in the cloud. */
  urls: string[];
  caPem: string;
  nodes: NatsServer[];
  close(): Promise<void>;
}

/** A CA and one certificate for 127.0.0.1 (client and route TLS), as terraform/README.md has the operator make. */
function makeTls(dir: string): TlsFiles {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=tickethub-rehearsal-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'node.csr', '-subj', '/CN=nats');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  run('x509', '-req', '-in', 'node.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'cert.pem', '-days', '1', '-extfile', 'ext.cnf');
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
}

/**
 * Three nats-servers clustered over TLS routes, TLS for clients, the generated users and permissions: the cloud's
 * shape on loopback. The stream is created (three replicas, as the first cloud node does) while all three run; then
 * the last node is stopped, so NATS_URL lists one dead node.
 */
export async function startNatsCluster(replicas: number): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tickethub-rehearsal-nats-'));
  const tls = makeTls(dir);
  const ports = await freePorts(6);
  const [clientPorts, routePorts] = [ports.slice(0, 3), ports.slice(3)];
  const nodes: NatsServer[] = [];
  for (const [i, port] of clientPorts.entries()) {
    const storeDir = join(dir, `node-${i}`);
    mkdirSync(storeDir);
    nodes.push(
      await startNatsServer(port, storeDir, { name: `nats-${i}`, tls, cluster: { name: 'tickethub', port: routePorts[i]!, routes: routePorts, tls } }),
    );
  }
  const urls = nodes.map((node) => node.url);
  const caPem = readFileSync(tls.ca, 'utf8');
  const admin = createNats({
    servers: urls,
    name: 'rehearsal-admin',
    log: createLogger({}, () => undefined),
    replicas,
    tlsCa: caPem,
    ...nodes[0]!.credentials('admin'),
  });
  // Retried until the cluster has elected a JetStream meta leader.
  await waitFor(async () => Boolean(await admin.manager().catch(() => null)), {
    what: `the NATS cluster to create the stream with ${replicas} replicas`,
    timeoutMs: 60_000,
  });
  await admin.close();
  await nodes[2]!.stop();
  return {
    urls,
    caPem,
    nodes,
    close: async () => {
      for (const node of nodes) await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
