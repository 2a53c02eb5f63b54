import { api, expectEnvelope, signUp, uniqueEmail } from '@tickethub/dev/testing/client';
import { listedTicket, ticketBody } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { CLIENT_IP_HEADER, CLIENT_IP_SIGNATURE_HEADER, DEV_CLIENT_IP_SECRET, signClientIp } from '../platform/client-ip';
import { setRole } from './roles';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders'],
    bridge: true,
    env: {
      RATE_LIMIT_SIGNUPS_PER_IP: '3/3600',
      RATE_LIMIT_RESERVATIONS_PER_USER: '2/3600',
      RATE_LIMIT_RESERVATIONS_PER_IP: '3/3600',
      // Lower than the shipped 60 a minute (each allowed edit is a transaction and an event: slow on a loaded machine),
      // and over an hour so that a slow run's edits never straddle two windows.
      RATE_LIMIT_LISTING_WRITES_PER_USER: '20/3600',
    },
  });
});
afterAll(() => stack.close());

/** What the shop's server sends for a browser at `ip` (web/lib/api/client-ip.ts). */
const fromShop = (ip: string, secret = stack.config.CLIENT_IP_SECRET ?? DEV_CLIENT_IP_SECRET) => ({
  [CLIENT_IP_HEADER]: ip,
  [CLIENT_IP_SIGNATURE_HEADER]: signClientIp(ip, secret),
});
const signup = (headers: Record<string, string>) =>
  api(stack.origin, 'POST', '/api/users/signup', { body: { email: uniqueEmail('limit'), password: 'correct horse battery' }, headers });

describe('abuse limits', () => {
  it('answers the 4th signup from one browser address within the hour with 429 and Retry-After; other addresses go on', async () => {
    for (let i = 0; i < 3; i++) expect((await signup(fromShop('203.0.113.7'))).status).toBe(201);
    const limited = await signup(fromShop('203.0.113.7'));
    expect(limited.status).toBe(429);
    expectEnvelope(limited);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await signup(fromShop('203.0.113.8'))).status).toBe(201);
  });

  it('survives a parallel burst: 12 signups at once from one address make at most 3 accounts, the rest 429', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => signup(fromShop('203.0.113.77'))));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((status) => status !== 201 && status !== 429)).toEqual([]);
    expect((await signup(fromShop('203.0.113.77'))).status).toBe(429);
  });

  it('believes only the shop: a client-set address header, a wrong signature or X-Forwarded-For do not escape the limit', async () => {
    // Each request below really comes from 127.0.0.1; only a correctly signed header may say otherwise.
    const spoofs = [
      { [CLIENT_IP_HEADER]: '198.51.100.1' },
      fromShop('198.51.100.2', 'not-the-shop-secret-at-all'),
      { 'x-forwarded-for': '198.51.100.3' },
      { [CLIENT_IP_HEADER]: '198.51.100.4', [CLIENT_IP_SIGNATURE_HEADER]: signClientIp('198.51.100.5', stack.config.CLIENT_IP_SECRET ?? DEV_CLIENT_IP_SECRET) },
    ];
    const statuses: number[] = [];
    for (const headers of [...spoofs, {}]) statuses.push((await signup(headers)).status);
    // Five signups from one real address with a limit of three: the last ones are refused whatever they claimed.
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });

  it('limits reservations per buyer (429 + Retry-After), counting refused attempts too', async () => {
    const seller = await signUp(stack.origin, uniqueEmail('seller'), 'correct horse battery', fromShop('192.0.2.10'));
    const buyer = await signUp(stack.origin, uniqueEmail('buyer'), 'correct horse battery', fromShop('192.0.2.11'));
    const ticket = await listedTicket(stack, seller);
    const reserve = () => api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id }, headers: fromShop('192.0.2.11') });
    expect((await reserve()).status).toBe(201);
    expect((await reserve()).status).toBe(409); // already reserved (by this buyer): an attempt all the same
    const limited = await reserve();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits reservations per address across buyers', async () => {
    const seller = await signUp(stack.origin, uniqueEmail('seller'), 'correct horse battery', fromShop('192.0.2.20'));
    const ticket = await listedTicket(stack, seller);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const buyer = await signUp(stack.origin, uniqueEmail('buyer'), 'correct horse battery', fromShop(`192.0.2.${30 + i}`));
      statuses.push(
        (await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: 'no-such-ticket' }, headers: fromShop('192.0.2.99') })).status,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(ticket.id).toBeTruthy();
  });
});

describe('admin role', () => {
  it('applies a grant and a revoke on the next request, with the token the user already holds', async () => {
    const user = await signUp(stack.origin, uniqueEmail('promoted'), 'correct horse battery', fromShop('192.0.2.50'));
    const adminOnly = () => api(stack.origin, 'GET', '/api/tickets?status=sold', { token: user.token });
    expect((await adminOnly()).status).toBe(403);
    expect(await setRole(stack.platform('auth').db, user.email, 'admin')).toMatchObject({ id: user.id, role: 'admin' });
    expect((await adminOnly()).status).toBe(200);
    expect((await api(stack.origin, 'GET', '/api/users/currentuser', { token: user.token })).body.currentUser.role).toBe('admin');
    await setRole(stack.platform('auth').db, user.email, 'user');
    expect((await adminOnly()).status).toBe(403);
    expect(await setRole(stack.platform('auth').db, uniqueEmail('nobody'), 'admin')).toBeNull();
  });
});

describe('listing writes per seller', () => {
  it('meets quick edits by one seller with 429 after the 20th write of the window; other sellers go on', async () => {
    const seller = await signUp(stack.origin, uniqueEmail('flooder'), 'correct horse battery', fromShop('192.0.2.60'));
    const other = await signUp(stack.origin, uniqueEmail('seller'), 'correct horse battery', fromShop('192.0.2.61'));
    const ticket = await listedTicket(stack, seller);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 40; i++) {
      const answer = await api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { description: `edit ${i}` } });
      statuses.push(answer.status);
      if (answer.status === 429) limited ??= answer;
    }
    // The listing's creation was the window's first write.
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(200));
    expect(statuses.slice(19)).toEqual(Array(21).fill(429));
    expectEnvelope(limited!);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited!.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    const stored = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token: seller.token });
    expect(stored.body).toMatchObject({ version: 19, description: 'edit 18' });
    expect((await api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticketBody() })).status).toBe(429);
    expect((await listedTicket(stack, other)).id).toBeTruthy();
  });

  it('counts a parallel burst of listings before creating any: 60 at once list at most 20', async () => {
    const seller = await signUp(stack.origin, uniqueEmail('burst'), 'correct horse battery', fromShop('192.0.2.62'));
    const answers = await Promise.all(Array.from({ length: 60 }, () => api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticketBody() })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(20);
    expect(statuses.filter((status) => status !== 201 && status !== 429)).toEqual([]);
    const mine = await api(stack.origin, 'GET', '/api/tickets?mine=true&limit=100', { token: seller.token });
    expect(mine.body.items.length).toBe(statuses.filter((status) => status === 201).length);
  });
});
