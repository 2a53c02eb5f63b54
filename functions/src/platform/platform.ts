import type { Firestore } from '@google-cloud/firestore';
import type { Domain } from '@tickethub/shared';
import { natsOptionsOf } from './config';
import { createFirestore } from './firestore';
import type { FunctionConfig } from './function-config';
import { rootLogger, type Logger } from './logger';
import { createNats, type Nats } from './nats';
import { createOutbox, type Outbox } from './outbox';
import { createFileStorage, type FileStorage } from './storage';

/**
 * What every domain function is built from; tests build one per test file with its own project id. `C` is the
 * domain's config (functions' common part plus its own `<domain>/config.ts` schema).
 */
export interface Platform<C extends FunctionConfig = FunctionConfig> {
  domain: Domain;
  config: C;
  db: Firestore;
  nats: Nats;
  outbox: Outbox;
  log: Logger;
  /** Ticket files: Cloud Storage in the cloud, a local directory with signed URLs on a developer's machine. */
  storage: FileStorage;
  /** Things a function started that must stop with its process (local timers); run by whoever hosts it. */
  disposers: Array<() => Promise<void>>;
}

export interface PlatformOverrides {
  db?: Firestore;
  nats?: Nats;
  log?: Logger;
  storage?: FileStorage;
}

/** A domain's platform on its parsed config (see functions.ts's loadDomainConfig). */
export function createPlatform<C extends FunctionConfig>(domain: Domain, config: C, overrides: PlatformOverrides = {}): Platform<C> {
  const log = overrides.log ?? rootLogger.child({ domain });
  const db = overrides.db ?? createFirestore(config.GOOGLE_CLOUD_PROJECT);
  const nats = overrides.nats ?? createNats({ ...natsOptionsOf(config), name: `tickethub-${domain}`, log });
  const storage = overrides.storage ?? createFileStorage(config, config.INTERNAL_SECRET);
  return { domain, config, db, nats, log, storage, outbox: createOutbox(db, domain, nats, log), disposers: [] };
}
