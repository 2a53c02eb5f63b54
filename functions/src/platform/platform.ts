import type { Firestore } from '@google-cloud/firestore';
import type { Domain } from '@tickethub/shared';
import { loadConfig, type Config } from './config';
import { createFirestore } from './firestore';
import { rootLogger, type Logger } from './logger';
import { createNats, type Nats } from './nats';
import { createOutbox, type Outbox } from './outbox';
import { createFileStorage, type FileStorage } from './storage';
import { loadStorageEnv } from './storage/config';

/** What every domain function is built from; tests build one per test file with its own project id. */
export interface Platform {
  domain: Domain;
  config: Config;
  db: Firestore;
  nats: Nats;
  outbox: Outbox;
  log: Logger;
  /** The raw environment `config` was parsed from: a domain parses its own settings from it (e.g. payouts/config.ts). */
  env: Readonly<Record<string, string | undefined>>;
  /** Ticket files: Cloud Storage in the cloud, a local directory with signed URLs on a developer's machine. */
  storage: FileStorage;
  /** Things a function started that must stop with its process (local timers); run by whoever hosts it. */
  disposers: Array<() => Promise<void>>;
}

export interface PlatformOverrides {
  config?: Config;
  env?: Readonly<Record<string, string | undefined>>;
  db?: Firestore;
  nats?: Nats;
  log?: Logger;
  storage?: FileStorage;
}

export function createPlatform(domain: Domain, overrides: PlatformOverrides = {}): Platform {
  const config = overrides.config ?? loadConfig();
  const log = overrides.log ?? rootLogger.child({ domain });
  const db = overrides.db ?? createFirestore(config.GOOGLE_CLOUD_PROJECT);
  const nats = overrides.nats ?? createNats({ url: config.NATS_URL, name: `tickethub-${domain}`, log, replicas: config.NATS_STREAM_REPLICAS });
  const storage = overrides.storage ?? createFileStorage(loadStorageEnv(), config.INTERNAL_SECRET);
  return { domain, config, env: overrides.env ?? process.env, db, nats, log, storage, outbox: createOutbox(db, domain, nats, log), disposers: [] };
}
