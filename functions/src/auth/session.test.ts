import jwt from 'jsonwebtoken';
import { api, expectEnvelope, signUp } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'] });
});
afterAll(() => stack.close());

const currentUser = (options: { token?: string; cookie?: string }) => api(stack.origin, 'GET', '/api/users/currentuser', options);

describe('auth › sessions', () => {
  it('returns the current user from the cookie and from a bearer token', async () => {
    const user = await signUp(stack.origin);
    const expected = { currentUser: { id: user.id, email: user.email, role: 'user', verified: false } };
    expect((await currentUser({ cookie: user.cookie })).body).toEqual(expected);
    expect((await currentUser({ token: user.token })).body).toEqual(expected);
  });

  it('returns currentUser null without a session', async () => {
    const response = await currentUser({});
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ currentUser: null });
  });

  it('signs tokens with HS256 and an expiry', async () => {
    const user = await signUp(stack.origin);
    const decoded = jwt.decode(user.token, { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    const payload = decoded?.payload as jwt.JwtPayload;
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    expect(payload.sub).toBe(user.id);
  });

  it('ignores a tampered token', async () => {
    const user = await signUp(stack.origin);
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect((await currentUser({ token: `${header}.${forged}.${signature}` })).body).toEqual({ currentUser: null });
  });

  it('ignores an alg:none token, a token signed with another secret and an expired token', async () => {
    const user = await signUp(stack.origin);
    const claims = { sub: user.id, email: user.email, role: 'admin', jti: 'x' };
    const none = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' });
    const otherSecret = jwt.sign(claims, 'some-other-secret-of-enough-length', { algorithm: 'HS256', expiresIn: 60 });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, stack.config.JWT_SECRET, { algorithm: 'HS256' });
    for (const token of [none, otherSecret, expired]) {
      expect((await currentUser({ token })).body).toEqual({ currentUser: null });
    }
  });

  it('signout clears the cookie and revokes the session', async () => {
    const user = await signUp(stack.origin);
    const response = await api(stack.origin, 'POST', '/api/users/signout', { cookie: user.cookie });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/^session=;.*Max-Age=0/);
    expect((await currentUser({ cookie: user.cookie })).body).toEqual({ currentUser: null });
    expect((await currentUser({ token: user.token })).body).toEqual({ currentUser: null });
  });

  it('signout without a session still answers 204', async () => {
    expect((await api(stack.origin, 'POST', '/api/users/signout')).status).toBe(204);
  });

  it('refuses a state change that carries the cookie from a foreign Origin with 403', async () => {
    const user = await signUp(stack.origin);
    const response = await api(stack.origin, 'POST', '/api/users/signout', { cookie: user.cookie, headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expectEnvelope(response);
    // The session was not revoked by the refused request.
    expect((await currentUser({ cookie: user.cookie })).body.currentUser).not.toBeNull();
  });

  it('accepts a state change from the same origin', async () => {
    const user = await signUp(stack.origin);
    const response = await api(stack.origin, 'POST', '/api/users/signout', { cookie: user.cookie, headers: { origin: stack.origin } });
    expect(response.status).toBe(204);
  });
});
