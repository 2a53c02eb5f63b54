import { timingSafeEqual } from 'node:crypto';
import type { Request } from '@google-cloud/functions-framework';
import { OAuth2Client } from 'google-auth-library';
import { ForbiddenError, UnauthorizedError } from '@tickethub/shared';
import type { FunctionConfig } from './function-config';

export const INTERNAL_SECRET_HEADER = 'x-tickethub-internal';

// One verifier per key source; it caches the keys as their Cache-Control allows.
const verifiers = new Map<string, OAuth2Client>();
function verifierFor(certsUrl: string): OAuth2Client {
  let client = verifiers.get(certsUrl);
  if (!client) verifiers.set(certsUrl, (client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } })));
  return client;
}

/**
 * Endpoints that only our own services call (/events from the bridge, /tasks/expire from Cloud Tasks). In the cloud
 * the caller proves itself with a Google-signed OIDC token for one of the allowed service accounts; locally with a
 * shared secret header, because there is no Google to sign tokens. The keys the tokens are checked against come from
 * INTERNAL_OIDC_CERTS_URL: Google's in the cloud, the production rehearsal's own issuer there (same code either way).
 */
export async function assertInternalCaller(req: Request, config: FunctionConfig): Promise<void> {
  if (config.INTERNAL_CALLERS.length > 0) {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('Internal endpoint: OIDC token required');
    let email: string | undefined;
    try {
      const ticket = await verifierFor(config.INTERNAL_OIDC_CERTS_URL).verifyIdToken({ idToken: token, audience: config.INTERNAL_AUDIENCE });
      email = ticket.getPayload()?.email;
    } catch {
      throw new UnauthorizedError('Internal endpoint: invalid OIDC token');
    }
    if (!email || !config.INTERNAL_CALLERS.includes(email)) throw new ForbiddenError('Internal endpoint: caller not allowed');
    return;
  }
  const given = Buffer.from(String(req.headers[INTERNAL_SECRET_HEADER] ?? ''));
  const expected = Buffer.from(config.INTERNAL_SECRET);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('Internal endpoint');
}
