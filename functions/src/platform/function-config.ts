import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { commaList, commonEnv, defineEnv, mergeEnv, parseEnv, type EnvOf, type EnvSource, type EnvSpec } from './config';
import { storageEnv } from './storage/config';

const DEV_JWT_SECRET = 'tickethub-local-dev-secret-do-not-use-in-production';

/** What every domain function reads beyond the common part: session verification and internal callers. */
export const functionEnv = mergeEnv(
  mergeEnv(commonEnv, storageEnv),
  defineEnv(
    {
      JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').default(DEV_JWT_SECRET),
      /**
       * Internal endpoints (/events, /tasks/expire): in the cloud, the service accounts whose OIDC tokens are accepted
       * and the audience they are minted for; locally, a shared secret header instead.
       */
      INTERNAL_CALLERS: commaList(true),
      INTERNAL_AUDIENCE: z.string().min(1).optional(),
      /**
       * Locally it also signs ticket-file URLs. It used to default to a string in this repository, so anyone could
       * sign a download URL for any listing's file: a process without it now makes up its own, and `npm start` and the
       * test stack pick one per start and hand the same one to every function they run.
       */
      INTERNAL_SECRET: z
        .string()
        .min(16)
        .default(() => randomBytes(24).toString('hex')),
      /**
       * Where the OIDC signing keys come from: Google's by default; the production rehearsal points it at the local
       * token issuer it starts. The verification code is the same either way.
       */
      INTERNAL_OIDC_CERTS_URL: z.url().default('https://www.googleapis.com/oauth2/v1/certs'),
    },
    ['JWT_SECRET', 'INTERNAL_CALLERS', 'INTERNAL_AUDIENCE'],
  ),
);

export type FunctionConfig = EnvOf<typeof functionEnv.shape>;

/** A domain function's whole config: the functions' common part plus the domain's own schema, parsed in one go. */
export function loadFunctionConfig<S extends z.ZodRawShape>(
  domainEnv: EnvSpec<S>,
  source: EnvSource,
  warn: (message: string) => void = console.warn,
): EnvOf<(typeof functionEnv)['shape'] & S> {
  const config = parseEnv(mergeEnv(functionEnv, domainEnv), source);
  if (!source.JWT_SECRET) warn('JWT_SECRET is not set: using the development secret (never do this in production)');
  return config;
}
