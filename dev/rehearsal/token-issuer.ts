import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenIssuer {
  /** host:port, for GCE_METADATA_HOST: google-auth-library asks it for ID tokens as it asks the metadata server. */
  host: string;
  /** For INTERNAL_OIDC_CERTS_URL: the public keys, in the shape Google serves them ({ kid: PEM }). */
  certsUrl: string;
  /** Mints a token as if for `email` (e.g. to prove a token for another caller is refused). */
  mint(audience: string, email: string): string;
  /**
   * A metadata server of its own for a deployable running as `email` (host:port for its GCE_METADATA_HOST): its ID
   * tokens name that account, and its access tokens are known to `accountOf`, so a stand-in for a Google API knows who
   * calls, as Google does from the credentials.
   */
  identity(email: string): Promise<string>;
  /** The service account an access token from `identity` (or the default one) was issued to; undefined if none. */
  accountOf(accessToken: string): string | undefined;
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * The rehearsal's stand-in for Google's OIDC: it signs RS256 ID tokens (issuer accounts.google.com, the audience
 * asked for, the caller's service-account email) and serves its public key where the functions fetch keys from.
 * The bridge gets its tokens the way it does on Cloud Run (google-auth-library → metadata server → identity), and
 * the functions check them with the same code as in the cloud (platform/internal-auth.ts); only the key source
 * differs, chosen by configuration (GCE_METADATA_HOST, INTERNAL_OIDC_CERTS_URL).
 */
export async function startTokenIssuer(serviceAccountEmail: string, projectId: string): Promise<TokenIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const mint = (audience: string, email: string) => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const claims = { iss: 'https://accounts.google.com', aud: audience, sub: email, email, email_verified: true, iat: now, exp: now + 3600 };
    const unsigned = `${header}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey);
    return `${unsigned}.${base64url(signature)}`;
  };
  const accessTokens = new Map<string, string>();
  const servers: Server[] = [];
  const metadataServer = async (email: string): Promise<string> => {
    const accessToken = `rehearsal-access-${randomUUID()}`;
    accessTokens.set(accessToken, email);
    const server: Server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://issuer');
      const send = (status: number, body: string, type = 'text/plain') =>
        res.writeHead(status, { 'content-type': type, 'metadata-flavor': 'Google' }).end(body);
      if (url.pathname === '/oauth2/v1/certs') {
        return send(200, JSON.stringify({ [kid]: publicKey.export({ type: 'spki', format: 'pem' }) }), 'application/json');
      }
      // The metadata server, as far as google-auth-library asks it on Cloud Run.
      if (req.headers['metadata-flavor'] !== 'Google') return send(403, 'Missing Metadata-Flavor header');
      const path = url.pathname.replace(/^\/computeMetadata\/v1\/?/, '');
      if (path === '' || path === 'instance' || path === 'instance/') return send(200, 'ok');
      if (path === 'project/project-id') return send(200, projectId);
      if (path === 'instance/service-accounts/default/email') return send(200, email);
      if (path === 'instance/service-accounts/default/identity') return send(200, mint(url.searchParams.get('audience') ?? '', email));
      if (path === 'instance/service-accounts/default/token') {
        return send(200, JSON.stringify({ access_token: accessToken, expires_in: 3600, token_type: 'Bearer' }), 'application/json');
      }
      return send(404, 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const host = await metadataServer(serviceAccountEmail);
  const port = Number(host.split(':')[1]);
  return {
    host,
    certsUrl: `http://127.0.0.1:${port}/oauth2/v1/certs`,
    mint,
    identity: metadataServer,
    accountOf: (accessToken) => accessTokens.get(accessToken),
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
