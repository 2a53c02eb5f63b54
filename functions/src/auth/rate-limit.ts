import type { Firestore } from '@google-cloud/firestore';
import { RateLimitError } from '@tickethub/shared';
import type { AuthConfig } from './config';
import { rateLimiter } from '../platform/rate-limit';

/** auth's counters (the collection is auth's own, like every domain's). */
export const AUTH_RATE_LIMITS = 'auth_rate_limits';

/**
 * Failed signins per (email, client IP), and signups per client IP. Signin failures only count failures, so a user
 * who types their password right is never slowed down by someone else guessing from another address.
 */
export function authLimits(db: Firestore, config: Pick<AuthConfig, 'RATE_LIMIT_SIGNIN_FAILURES' | 'RATE_LIMIT_SIGNUPS_PER_IP'>) {
  const limiter = rateLimiter(db, AUTH_RATE_LIMITS);
  const signinKey = (email: string, ip: string) => `${email}\n${ip}`;
  const tooManyFailures = 'Too many failed signins, try again later';
  return {
    assertSigninAllowed: (email: string, ip: string) =>
      limiter.check('signin-failures', signinKey(email, ip), config.RATE_LIMIT_SIGNIN_FAILURES, tooManyFailures),
    recordSigninFailure: (email: string, ip: string) =>
      // The failure that fills the window is counted; a further one is refused by assertSigninAllowed next time.
      limiter.hit('signin-failures', signinKey(email, ip), config.RATE_LIMIT_SIGNIN_FAILURES, tooManyFailures).catch((error: unknown) => {
        if (!(error instanceof RateLimitError)) throw error;
      }),
    resetSignin: (email: string, ip: string) => limiter.reset('signin-failures', signinKey(email, ip)),
    countSignup: (ip: string) => limiter.hit('signups', ip, config.RATE_LIMIT_SIGNUPS_PER_IP, 'Too many signups from this address, try again later'),
  };
}
