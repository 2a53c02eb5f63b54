import type { Request } from '@google-cloud/functions-framework';

/**
 * The client's address for rate limiting. X-Forwarded-For is only believed as far as the number of proxies we
 * run (TRUSTED_PROXY_HOPS, counted from the right), because the left end of that header is the client's to forge.
 */
export function clientIp(req: Request, trustedHops: number): string {
  const socketAddress = req.socket?.remoteAddress ?? 'unknown';
  if (!trustedHops) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return hops[hops.length - trustedHops] ?? socketAddress;
}
