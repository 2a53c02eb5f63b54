import { GoogleAuth } from 'google-auth-library';
import { INTERNAL_SECRET_HEADER } from '../platform/internal-auth';

/** Locally: the shared secret the functions expect on internal endpoints. */
export function sharedSecretHeaders(secret: string): () => Promise<Record<string, string>> {
  return async () => ({ [INTERNAL_SECRET_HEADER]: secret });
}

/**
 * In the cloud: a Google-signed OIDC token for the bridge's service account, with the function's URL as
 * audience. The library caches and refreshes tokens per audience.
 */
export function oidcHeaders(): (url: string) => Promise<Record<string, string>> {
  const auth = new GoogleAuth();
  const clients = new Map<string, ReturnType<GoogleAuth['getIdTokenClient']>>();
  return async (url): Promise<Record<string, string>> => {
    const audience = new URL(url).origin;
    if (!clients.has(audience)) clients.set(audience, auth.getIdTokenClient(audience));
    const client = await clients.get(audience)!;
    const headers = await client.getRequestHeaders();
    const authorization = headers instanceof Headers ? headers.get('authorization') : (headers as Record<string, string>).Authorization;
    if (!authorization) throw new Error(`No OIDC token for ${audience}`);
    return { authorization };
  };
}
