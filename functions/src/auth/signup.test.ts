import { roleFor } from './verification';
import { api, expectEnvelope, signUp, uniqueEmail } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'], env: { ADMIN_EMAILS: 'Boss@Example.com' } });
});
afterAll(() => stack.close());

const signup = (body: unknown) => api(stack.origin, 'POST', '/api/users/signup', { body });

describe('auth › signup', () => {
  it('returns 201 with the user, a token and an HttpOnly SameSite=Lax session cookie', async () => {
    const email = uniqueEmail();
    const response = await signup({ email, password: 'password123' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), email, role: 'user', token: expect.any(String) });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const response = await api(stack.origin, 'POST', '/api/users/signup', {
      body: { email: uniqueEmail(), password: 'password123' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toContain('Secure');
  });

  it('stores the email lower-cased and trimmed', async () => {
    const response = await signup({ email: '  Mixed.Case@Example.COM ', password: 'password123' });
    expect(response.status).toBe(201);
    expect(response.body.email).toBe('mixed.case@example.com');
    const again = await signup({ email: 'mixed.case@example.com', password: 'password123' });
    expect(again.status).toBe(409);
  });

  it('returns 400 with the field for an invalid email', async () => {
    const response = await signup({ email: 'not-an-email', password: 'password123' });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('returns 400 for a password shorter than 8 or longer than 128 characters', async () => {
    for (const password of ['short', 'x'.repeat(129)]) {
      const response = await signup({ email: uniqueEmail(), password });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    }
  });

  it('returns 400 with one entry per missing field', async () => {
    const response = await signup({});
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('refuses a duplicate email with 409 "Email in use"', async () => {
    const email = uniqueEmail();
    expect((await signup({ email, password: 'password123' })).status).toBe(201);
    const response = await signup({ email, password: 'password456' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: [{ message: 'Email in use', code: 'AUTH.EMAIL_IN_USE' }] });
  });

  it('gives exactly one 201 when the same email signs up 10 times at once', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(Array.from({ length: 10 }, () => signup({ email, password: 'password123' })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const users = await stack.platform('auth').db.collection('auth_users').where('email', '==', email).get();
    expect(users.size).toBe(1);
  });

  it('never makes an admin from ADMIN_EMAILS in production: only an operator grants the role there', () => {
    const config = { ADMIN_EMAILS: ['boss@example.com'] };
    expect(roleFor('boss@example.com', { ...config, production: true })).toBe('user');
    expect(roleFor('boss@example.com', { ...config, production: false })).toBe('admin');
    expect(roleFor('someone@example.com', { ...config, production: false })).toBe('user');
  });

  it('makes an address listed in ADMIN_EMAILS an admin, case-insensitively', async () => {
    const admin = await signUp(stack.origin, 'boss@example.com');
    expect(admin.role).toBe('admin');
  });
});
