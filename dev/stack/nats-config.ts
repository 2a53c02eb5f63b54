import { domains, natsSubject, publishers, STREAM_NAME, type Domain } from '@tickethub/shared';

/**
 * The NATS permission model, the same locally (npm start, the test harness, the rehearsal) as in the cloud
 * (terraform/nats/nats.conf.tftpl renders the same rules from shared/src/events/publishers.json):
 * - each domain's user may publish only the subjects it owns, plus the JetStream API calls it makes (stream info /
 *   create / update, and reading messages back);
 * - the bridge's user consumes (JetStream consumer API and acks) and publishes on tickethub.> because it relays every
 *   domain's outbox and writes the dead letters;
 * - every user may receive replies on _INBOX.>.
 */
export type NatsService = Domain | 'bridge';

export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

const INBOX = '_INBOX.>';

/** The JetStream API subjects every domain uses: ensureStream, health, and reading its stream back. */
export const DOMAIN_JS_API = [
  '$JS.API.INFO',
  `$JS.API.STREAM.INFO.${STREAM_NAME}`,
  `$JS.API.STREAM.CREATE.${STREAM_NAME}`,
  `$JS.API.STREAM.UPDATE.${STREAM_NAME}`,
  `$JS.API.STREAM.MSG.GET.${STREAM_NAME}`,
  `$JS.API.DIRECT.GET.${STREAM_NAME}.>`,
];

export function permissionsOf(service: NatsService): NatsPermissions {
  if (service === 'bridge') {
    return { publish: { allow: [natsSubject('>'), '$JS.API.>', '$JS.ACK.>'] }, subscribe: { allow: [INBOX] } };
  }
  return { publish: { allow: [...publishers[service].map(natsSubject), ...DOMAIN_JS_API] }, subscribe: { allow: [INBOX] } };
}

export const natsServices: NatsService[] = [...domains, 'bridge'];

/** Local passwords: not secret (loopback only); the cloud's come from Secret Manager. */
export function localNatsCredentials(service: NatsService | 'admin'): { user: string; pass: string } {
  return { user: service, pass: `tickethub-local-nats-${service}` };
}

export interface NatsConfigOptions {
  port: number;
  storeDir: string;
  /** Server name, and the cluster this server is part of (routes to the others). */
  name?: string;
  cluster?: { name: string; port: number; routes: number[]; tls?: TlsFiles };
  tls?: TlsFiles;
}

export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}

/**
 * A nats-server config (its format accepts JSON) with one user per service and an `admin` user with every right
 * (operator tools and tests that inspect the stream). JetStream on, loopback only.
 */
export function renderNatsConfig(options: NatsConfigOptions): string {
  const users = [...natsServices.map((service) => ({ ...credentialsFor(service), permissions: permissionsOf(service) })), credentialsFor('admin')];
  const tls = (files: TlsFiles, verify = false) => ({ cert_file: files.cert, key_file: files.key, ca_file: files.ca, verify, timeout: 5 });
  const config: Record<string, unknown> = {
    ...(options.name ? { server_name: options.name } : {}),
    listen: `127.0.0.1:${options.port}`,
    jetstream: { store_dir: options.storeDir },
    // A busy machine may take more than the default 2 s to send CONNECT after the TCP connect.
    authorization: { timeout: 10, users },
    ...(options.tls ? { tls: tls(options.tls) } : {}),
    ...(options.cluster
      ? {
          cluster: {
            name: options.cluster.name,
            listen: `127.0.0.1:${options.cluster.port}`,
            routes: options.cluster.routes.map((port) => `${options.cluster!.tls ? 'tls' : 'nats'}://127.0.0.1:${port}`),
            ...(options.cluster.tls ? { tls: tls(options.cluster.tls, true) } : {}),
          },
        }
      : {}),
  };
  return JSON.stringify(config, null, 2);
}

function credentialsFor(service: NatsService | 'admin'): { user: string; password: string } {
  const { user, pass } = localNatsCredentials(service);
  return { user, password: pass };
}
