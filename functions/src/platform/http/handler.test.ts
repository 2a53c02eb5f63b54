import { z } from 'zod';
import { api, expectEnvelope, signUp } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { createHttpFunction } from './handler';
import { defineRoute } from './route';
import { authRoutes } from '../../auth';

let stack: TestStack;
let logged: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth'],
    // The auth routes plus three that exist only to exercise the platform's own rules.
    handlers: {
      auth: (platform) => {
        const spy = { ...platform, log: platform.log };
        spy.log = {
          ...platform.log,
          error: (message: string, fields?: Record<string, unknown>) => logged.push(JSON.stringify({ message, ...fields, error: String(fields?.error) })),
          child: () => spy.log,
        } as typeof platform.log;
        return createHttpFunction(spy, [
          ...authRoutes(platform),
          defineRoute({
            method: 'POST',
            path: '/api/users/explode',
            access: 'public',
            handler: () => {
              throw new Error('secret internals at /srv/app.js:42');
            },
          }),
          defineRoute({ method: 'GET', path: '/api/users/admin-only', access: 'admin', handler: () => ({ body: { ok: true } }) }),
          defineRoute({
            method: 'GET',
            path: '/api/users/echo/:id',
            access: 'public',
            params: z.object({ id: z.string().regex(/^\d+$/, 'id must be digits') }),
            query: z.object({ n: z.coerce.number().int().max(10) }),
            handler: ({ params, query }) => ({ body: { id: params.id, n: query.n } }),
          }),
        ]);
      },
    },
  });
});
afterAll(() => stack.close());

describe('platform › http', () => {
  it('answers an unexpected error with 500 "Something went wrong", no stack, and logs it with the request id', async () => {
    logged = [];
    const response = await api(stack.origin, 'POST', '/api/users/explode', { headers: { 'x-request-id': 'req-123' } });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ errors: [{ message: 'Something went wrong', code: 'INTERNAL' }] });
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(logged.join('\n')).toContain('secret internals');
  });

  it('gives every response an x-request-id, minting one when the client sent none or a bad one', async () => {
    const minted = await api(stack.origin, 'GET', '/api/users/currentuser');
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await api(stack.origin, 'GET', '/api/users/currentuser', { headers: { 'x-request-id': 'has spaces and <html>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a POST whose body is not JSON with 415', async () => {
    const response = await api(stack.origin, 'POST', '/api/users/signup', {
      raw: { text: 'email=a@b.co&password=password123', contentType: 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expectEnvelope(response);
    const text = await api(stack.origin, 'POST', '/api/users/signup', { raw: { text: '{"email":"a@b.co"}', contentType: 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('accepts a body-less POST', async () => {
    expect((await api(stack.origin, 'POST', '/api/users/signout')).status).toBe(204);
  });

  it('refuses a body over 100 kB with 413', async () => {
    const response = await api(stack.origin, 'POST', '/api/users/signup', { body: { email: 'big@example.com', password: 'x'.repeat(200_000) } });
    expect(response.status).toBe(413);
    expectEnvelope(response);
  });

  it('answers malformed JSON with 400 and the envelope', async () => {
    const response = await api(stack.origin, 'POST', '/api/users/signup', { raw: { text: '{"email": ', contentType: 'application/json' } });
    expect(response.status).toBe(400);
    expectEnvelope(response);
  });

  it('validates params and query into one entry per field', async () => {
    const response = await api(stack.origin, 'GET', '/api/users/echo/abc?n=99');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['id', 'n']);
    const ok = await api(stack.origin, 'GET', '/api/users/echo/42?n=7');
    expect(ok.body).toEqual({ id: '42', n: 7 });
  });

  it('answers 404 for an unknown route and 405 for a known path with the wrong method', async () => {
    const unknown = await api(stack.origin, 'GET', '/api/users/nope');
    expect(unknown.status).toBe(404);
    expectEnvelope(unknown);
    const wrongMethod = await api(stack.origin, 'DELETE', '/api/users/currentuser');
    expect(wrongMethod.status).toBe(405);
  });

  it('requires a session (401) and the admin role (403) where the route says so', async () => {
    expect((await api(stack.origin, 'GET', '/api/users/admin-only')).status).toBe(401);
    const user = await signUp(stack.origin);
    const forbidden = await api(stack.origin, 'GET', '/api/users/admin-only', { token: user.token });
    expect(forbidden.status).toBe(403);
    expectEnvelope(forbidden);
  });

  it('reports health 200 with firestore and nats ok', async () => {
    const response = await api(stack.origin, 'GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', firestore: 'ok', nats: 'ok', deadLetters: 0 });
  });
});
