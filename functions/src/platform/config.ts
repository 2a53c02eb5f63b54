import { z } from 'zod';
import { limitSchema } from './rate-limit';

const DEV_JWT_SECRET = 'tickethub-local-dev-secret-do-not-use-in-production';
/** The shop's default is the same value (web/lib/config.ts), so `npm start` needs no setting. */
export const DEV_CLIENT_IP_SECRET = 'tickethub-local-client-ip-secret';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );

/** Every environment variable the functions read, parsed once at start-up. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    GOOGLE_CLOUD_PROJECT: z.string().min(1).default('demo-tickethub'),
    JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').optional(),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(7 * 24 * 3600),
    ORDER_EXPIRATION_SECONDS: z.coerce.number().int().positive().default(900),
    ADMIN_EMAILS: commaList,
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    /** Replicas of the TICKETHUB stream when a process creates it: 1 on one local server, 3 on the cloud cluster. */
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
    STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).default('whsec_local'),
    STRIPE_API_BASE: z.url().default('http://127.0.0.1:12111'),
    /** Cloud Tasks: queue path parts and the URL the expiry task calls. */
    TASKS_LOCATION: z.string().min(1).optional(),
    TASKS_QUEUE: z.string().min(1).optional(),
    TASKS_SERVICE_ACCOUNT: z.string().min(1).optional(),
    EXPIRATION_TASK_URL: z.url().optional(),
    /**
     * Internal endpoints (/events, /tasks/expire): in the cloud, the service accounts whose OIDC tokens are accepted
     * and the audience they are minted for; locally, a shared secret header instead.
     */
    INTERNAL_CALLERS: commaList,
    INTERNAL_AUDIENCE: z.string().min(1).optional(),
    INTERNAL_SECRET: z.string().min(16).default('tickethub-local-internal-secret'),
    /** How many X-Forwarded-For entries, from the right, our own proxies add (the load balancer: 2). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Shared by the shop and the functions: signs the browser address the shop passes on (platform/client-ip.ts). */
    CLIENT_IP_SECRET: z.string().min(16).optional(),
    /** Abuse limits, each `<max>/<window seconds>`; README "Abuse limits" says why these defaults. */
    RATE_LIMIT_SIGNUPS_PER_IP: limitSchema.prefault('10/3600'),
    RATE_LIMIT_SIGNIN_FAILURES: limitSchema.prefault('10/900'),
    RATE_LIMIT_RESERVATIONS_PER_USER: limitSchema.prefault('30/3600'),
    RATE_LIMIT_RESERVATIONS_PER_IP: limitSchema.prefault('120/3600'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && env.INTERNAL_CALLERS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['INTERNAL_CALLERS'], message: 'INTERNAL_CALLERS is required when NODE_ENV=production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'JWT_SECRET' | 'CLIENT_IP_SECRET'> {
  JWT_SECRET: string;
  /** Null in production without a secret: then no shop-signed address is believed (never the public dev value). */
  CLIENT_IP_SECRET: string | null;
  production: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Fails fast with every problem named, so a bad deploy stops at start-up, not at the first request. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = console.warn): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  if (!env.JWT_SECRET) warn('JWT_SECRET is not set: using the development secret (never do this in production)');
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? DEV_JWT_SECRET,
    CLIENT_IP_SECRET: env.CLIENT_IP_SECRET ?? (env.NODE_ENV === 'production' ? null : DEV_CLIENT_IP_SECRET),
    production: env.NODE_ENV === 'production',
  };
}

/**
 * What each deployed service needs in production beyond the defaults: Terraform sets exactly these
 * (its tests read this table), secrets from Secret Manager.
 */
export const productionEnv = {
  auth: {
    plain: ['NODE_ENV', 'GOOGLE_CLOUD_PROJECT', 'NATS_URL', 'NATS_STREAM_REPLICAS', 'INTERNAL_CALLERS', 'INTERNAL_AUDIENCE', 'ADMIN_EMAILS'],
    secret: ['JWT_SECRET'],
  },
  tickets: {
    plain: ['NODE_ENV', 'GOOGLE_CLOUD_PROJECT', 'NATS_URL', 'NATS_STREAM_REPLICAS', 'INTERNAL_CALLERS', 'INTERNAL_AUDIENCE', 'STORAGE_BUCKET'],
    secret: ['JWT_SECRET'],
  },
  orders: {
    plain: [
      'NODE_ENV',
      'GOOGLE_CLOUD_PROJECT',
      'NATS_URL',
      'NATS_STREAM_REPLICAS',
      'INTERNAL_CALLERS',
      'INTERNAL_AUDIENCE',
      'ORDER_EXPIRATION_SECONDS',
      'STORAGE_BUCKET',
    ],
    secret: ['JWT_SECRET'],
  },
  payments: {
    plain: ['NODE_ENV', 'GOOGLE_CLOUD_PROJECT', 'NATS_URL', 'NATS_STREAM_REPLICAS', 'INTERNAL_CALLERS', 'INTERNAL_AUDIENCE', 'STRIPE_PUBLISHABLE_KEY'],
    secret: ['JWT_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
  },
  expiration: {
    plain: [
      'NODE_ENV',
      'GOOGLE_CLOUD_PROJECT',
      'NATS_URL',
      'NATS_STREAM_REPLICAS',
      'INTERNAL_CALLERS',
      'INTERNAL_AUDIENCE',
      'TASKS_LOCATION',
      'TASKS_QUEUE',
      'TASKS_SERVICE_ACCOUNT',
      'EXPIRATION_TASK_URL',
    ],
    secret: ['JWT_SECRET'],
  },
  payouts: {
    plain: [
      'NODE_ENV',
      'GOOGLE_CLOUD_PROJECT',
      'NATS_URL',
      'NATS_STREAM_REPLICAS',
      'INTERNAL_CALLERS',
      'INTERNAL_AUDIENCE',
      'TASKS_LOCATION',
      'TASKS_SERVICE_ACCOUNT',
      'PAYOUT_TASKS_QUEUE',
      'PAYOUT_TASK_URL',
      'PLATFORM_FEE_PERCENT',
      'PAYOUT_DELAY_SECONDS',
      'PUBLIC_ORIGIN',
    ],
    secret: ['JWT_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_CONNECT_WEBHOOK_SECRET'],
  },
  notifications: {
    plain: [
      'NODE_ENV',
      'GOOGLE_CLOUD_PROJECT',
      'NATS_URL',
      'NATS_STREAM_REPLICAS',
      'INTERNAL_CALLERS',
      'INTERNAL_AUDIENCE',
      'STORAGE_BUCKET',
      'PUBLIC_URL',
      'MAIL_FROM',
    ],
    secret: ['JWT_SECRET', 'SMTP_URL'],
  },
  bridge: { plain: ['NODE_ENV', 'GOOGLE_CLOUD_PROJECT', 'NATS_URL', 'NATS_STREAM_REPLICAS', 'BRIDGE_TARGETS'], secret: [] },
} as const satisfies Record<string, { plain: readonly string[]; secret: readonly string[] }>;
