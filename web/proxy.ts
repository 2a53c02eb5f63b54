import { NextResponse, type NextRequest } from 'next/server';

/**
 * Visitors without any session go to sign-in with a real 307 before a page starts streaming. Pages still check the
 * session themselves (requireUser): a cookie can be present yet expired or revoked.
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has('session')) return NextResponse.next();
  const signIn = new URL('/signin', publicOrigin(request));
  signIn.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn, 307);
}

/**
 * The origin the browser asked for. Next builds request.url from the server's own address (localhost:PORT behind the
 * gateway or the load balancer), and a redirect there turns a link prefetch's fetch cross-origin.
 */
function publicOrigin(request: NextRequest): string {
  const first = (name: string) => request.headers.get(name)?.split(',')[0].trim();
  const host = first('x-forwarded-host') ?? first('host') ?? '';
  const protocol = first('x-forwarded-proto') === 'https' ? 'https' : request.nextUrl.protocol.replace(':', '');
  // A malformed Host is the sender's own problem: they are redirected on the server's address instead.
  return /^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i.test(host) ? `${protocol}://${host}` : request.nextUrl.origin;
}

export const config = {
  matcher: ['/sell', '/listings', '/orders', '/orders/:id', '/admin', '/tickets/:id/edit'],
};
