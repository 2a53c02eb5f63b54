import type { Firestore } from '@google-cloud/firestore';
import type { AuthConfig } from './config';
import { rateLimiter } from '../platform/rate-limit';

/** auth's counters (the collection is auth's own, like every domain's). */
export const AUTH_RATE_LIMITS = 'auth_rate_limits';

/**
 * Signin attempts per (email, client IP), and signups per client IP. A signin attempt is counted before the password
 * is checked (so a parallel burst of guesses cannot all pass a check made before any of them was counted) and
 * forgotten when the password was right: only failures stay counted, and a user who types their password right is
 * never slowed down by someone else guessing from another address.
 */
export function authLimits(db: Firestore, config: Pick<AuthConfig, 'RATE_LIMIT_SIGNIN_FAILURES' | 'RATE_LIMIT_SIGNUPS_PER_IP'>) {
  const limiter = rateLimiter(db, AUTH_RATE_LIMITS);
  const signinKey = (email: string, ip: string) => `${email}\n${ip}`;
  return {
    countSigninAttempt: (email: string, ip: string) =>
      limiter.hit('signin-failures', signinKey(email, ip), config.RATE_LIMIT_SIGNIN_FAILURES, 'Too many failed signins, try again later'),
    forgiveSignin: (email: string, ip: string) => limiter.reset('signin-failures', signinKey(email, ip), config.RATE_LIMIT_SIGNIN_FAILURES),
    countSignup: (ip: string) => limiter.hit('signups', ip, config.RATE_LIMIT_SIGNUPS_PER_IP, 'Too many signups from this address, try again later'),
  };
}
