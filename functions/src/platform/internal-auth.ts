import { timingSafeEqual } from 'node:crypto';
import type { Request } from '@google-cloud/functions-framework';
import { OAuth2Client } from 'google-auth-library';
import { ForbiddenError, UnauthorizedError } from '@tickethub/shared';
import type { Config } from './config';

export const INTERNAL_SECRET_HEADER = 'x-tickethub-internal';

const oidc = new OAuth2Client();

/**
 * Endpoints that only our own services call (/events from the bridge, /tasks/expire from Cloud Tasks). In the cloud
 * the caller proves itself with a Google-signed OIDC token for one of the allowed service accounts; locally with a
 * shared secret header, because there is no Google to sign tokens.
 */
export async function assertInternalCaller(req: Request, config: Config): Promise<void> {
  if (config.INTERNAL_CALLERS.length > 0) {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('Internal endpoint: OIDC token required');
    let email: string | undefined;
    try {
      const ticket = await oidc.verifyIdToken({ idToken: token, audience: config.INTERNAL_AUDIENCE });
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
