import { NextResponse, type NextRequest } from 'next/server';

/**
 * Visitors without any session go to sign-in with a real 307 before a page starts streaming. Pages still check the
 * session themselves (requireUser): a cookie can be present yet expired or revoked.
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has('session')) return NextResponse.next();
  const signIn = new URL('/signin', request.url);
  signIn.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Next sends a same-origin redirect as a relative Location, so the public host behind the gateway is kept.
  return NextResponse.redirect(signIn, 307);
}

export const config = {
  matcher: ['/sell', '/listings', '/orders', '/orders/:id', '/admin', '/tickets/:id/edit'],
};
