import { z } from 'zod';

/**
 * Configuration per deployable. Each deployable (a domain's function, the bridge) parses exactly the environment it
 * needs: the common NATS/Firestore part below, the functions' part (sessions, internal callers) and its own
 * `<domain>/config.ts` (or bridge/config.ts). Nothing else reads process.env.
 *
 * To add a variable: put it in the schema of the deployable that reads it (a zod field with its default), list it in
 * `requiredInProduction` when production has no sensible default, and give it to that deployable in Terraform.
 */
export interface EnvSpec<S extends z.ZodRawShape> {
  shape: S;
  /** Variables that must be set when NODE_ENV=production (Terraform must give them; the rehearsal proves it). */
  requiredInProduction: ReadonlyArray<keyof S & string>;
}

export function defineEnv<S extends z.ZodRawShape>(shape: S, requiredInProduction: ReadonlyArray<keyof S & string> = []): EnvSpec<S> {
  return { shape, requiredInProduction };
}

/** Two specs as one: a deployable's config is the common spec plus its own. */
export function mergeEnv<A extends z.ZodRawShape, B extends z.ZodRawShape>(a: EnvSpec<A>, b: EnvSpec<B>): EnvSpec<A & B> {
  return {
    shape: { ...a.shape, ...b.shape } as A & B,
    requiredInProduction: [...a.requiredInProduction, ...b.requiredInProduction] as Array<keyof (A & B) & string>,
  };
}

export type EnvOf<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>> & { production: boolean };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type EnvSource = Record<string, string | undefined>;

/** Fails fast with every problem named at once, so a bad deploy stops at start-up, not at the first request. */
export function parseEnv<S extends z.ZodRawShape>(spec: EnvSpec<S>, source: EnvSource, what = 'configuration'): EnvOf<S> {
  const problems: string[] = [];
  const production = source.NODE_ENV === 'production';
  if (production) {
    for (const name of spec.requiredInProduction) {
      if (!source[name]?.trim()) problems.push(`${name}: required when NODE_ENV=production`);
    }
  }
  const parsed = z.object(spec.shape).safeParse(source);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`));
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(`Invalid ${what}:\n  ${[...new Set(problems)].join('\n  ')}`);
  return { ...(parsed.data as z.infer<z.ZodObject<S>>), production };
}

/** "a, b ,c" → ['a','b','c']: trimmed, empty items dropped. */
export const commaList = (lowerCase = false) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => (lowerCase ? item.trim().toLowerCase() : item.trim()))
        .filter(Boolean),
    );

/** Every deployable: where it runs, Firestore's project, and how it reaches NATS. */
export const commonEnv = defineEnv(
  {
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    GOOGLE_CLOUD_PROJECT: z.string().min(1).default('demo-tickethub'),
    /** The cluster's servers, comma-separated: the client is handed the list and fails over between them. */
    NATS_URL: z
      .string()
      .default('nats://127.0.0.1:4222')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^(nats|tls):\/\/[^\s,/]+$/, 'each NATS_URL entry must be nats://host:port or tls://host:port')).min(1)),
    /** Replicas of the TICKETHUB stream when a process creates it: 1 on one local server, 3 on the cloud cluster. */
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    /** This deployable's NATS user and password (Secret Manager in the cloud): the server grants it only its own subjects. */
    NATS_USER: z.string().min(1).optional(),
    NATS_PASSWORD: z.string().min(8).optional(),
    /** PEM of the CA that signed the NATS servers' certificates; set → the client requires TLS. */
    NATS_TLS_CA: z.string().includes('BEGIN CERTIFICATE', { message: 'NATS_TLS_CA must be a PEM certificate' }).optional(),
  },
  ['GOOGLE_CLOUD_PROJECT', 'NATS_URL', 'NATS_USER', 'NATS_PASSWORD', 'NATS_TLS_CA'],
);

export type CommonConfig = EnvOf<typeof commonEnv.shape>;

/** The NATS client options of a deployable: its servers, its own credentials, TLS when a CA is given. */
export function natsOptionsOf(config: Pick<CommonConfig, 'NATS_URL' | 'NATS_STREAM_REPLICAS' | 'NATS_USER' | 'NATS_PASSWORD' | 'NATS_TLS_CA'>) {
  return {
    servers: config.NATS_URL,
    replicas: config.NATS_STREAM_REPLICAS,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    tlsCa: config.NATS_TLS_CA,
  };
}
