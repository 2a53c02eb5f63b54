import { randomUUID } from 'node:crypto';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { LISTINGS } from './store';

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
let admin: SignedInUser;
beforeAll(async () => {
  // One seller lists 250 tickets to page through: the per-seller listing limit (limits.test.ts proves it) is lifted.
  stack = await startTestStack({
    domains: ['auth', 'tickets'],
    env: { ADMIN_EMAILS: 'root@tickethub.test', RATE_LIMIT_LISTING_WRITES_PER_USER: '1000000/60' },
  });
  [seller, buyer, admin] = await Promise.all([signUp(stack.origin), signUp(stack.origin), signUp(stack.origin, 'root@tickethub.test')]);
});
afterAll(() => stack.close());

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const list = (query: string, token?: string) => api(stack.origin, 'GET', `/api/tickets?${query}`, { token });
/** A city of its own per test, so tests sharing the project do not see each other's tickets. */
const uniqueCity = () => `Town ${randomUUID().slice(0, 6)}`;

async function setStored(id: string, fields: Record<string, unknown>) {
  await stack.platform('tickets').db.collection(LISTINGS).doc(id).update(fields);
}

describe('tickets › show', () => {
  it('returns 200 with the ticket to anyone, without what only its seller sees (hasFile, barcodeHint)', async () => {
    const ticket = await createTicket(stack, seller);
    const response = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`);
    expect(response.status).toBe(200);
    const { hasFile: _hasFile, barcodeHint: _barcodeHint, ...publicView } = ticket as typeof ticket & { hasFile?: boolean; barcodeHint?: string };
    expect(response.body).toEqual(publicView);
  });

  it('returns 404 for an unknown id and for a malformed one', async () => {
    expect((await api(stack.origin, 'GET', '/api/tickets/unknown-id')).status).toBe(404);
    expect((await api(stack.origin, 'GET', `/api/tickets/${'x'.repeat(300)}`)).status).toBe(404);
    expect((await api(stack.origin, 'GET', '/api/tickets/%E2%9C%93')).status).toBe(404);
    // Firestore reserves __…__ ids and refuses to read them: still a plain 404, and a 400 as a cursor.
    expect((await api(stack.origin, 'GET', '/api/tickets/__x__')).status).toBe(404);
    expect((await api(stack.origin, 'GET', '/api/tickets?cursor=__x__')).status).toBe(400);
  });
});

describe('tickets › list', () => {
  it('lists available tickets with upcoming events, soonest first, with nextCursor null on the last page', async () => {
    const city = uniqueCity();
    const later = await createTicket(stack, seller, { city, eventDate: inDays(20) });
    const sooner = await createTicket(stack, seller, { city, eventDate: inDays(10) });
    const response = await list(`city=${encodeURIComponent(city)}`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((t: { id: string }) => t.id)).toEqual([sooner.id, later.id]);
    expect(response.body.nextCursor).toBeNull();
  });

  it('hides past events, withdrawn, reserved and sold tickets from the public list', async () => {
    const city = uniqueCity();
    const visible = await createTicket(stack, seller, { city });
    const past = await createTicket(stack, seller, { city });
    await setStored(past.id, { eventDate: new Date(Date.now() - DAY) });
    const withdrawn = await createTicket(stack, seller, { city });
    await api(stack.origin, 'DELETE', `/api/tickets/${withdrawn.id}`, { token: seller.token });
    const sold = await createTicket(stack, seller, { city });
    await setStored(sold.id, { status: 'sold' });
    const ids = (await list(`city=${encodeURIComponent(city)}`)).body.items.map((t: { id: string }) => t.id);
    expect(ids).toEqual([visible.id]);
  });

  it('mine=true lists the caller’s listings in every status, and needs a session', async () => {
    const me = await signUp(stack.origin);
    const a = await createTicket(stack, me);
    const b = await createTicket(stack, me);
    await api(stack.origin, 'DELETE', `/api/tickets/${b.id}`, { token: me.token });
    const mine = await list('mine=true&sort=-createdAt', me.token);
    expect(mine.body.items.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [b.id, 'withdrawn'],
      [a.id, 'available'],
    ]);
    expect((await list('mine=true')).status).toBe(401);
    expect((await list('mine=true&status=withdrawn', me.token)).body.items.map((t: { id: string }) => t.id)).toEqual([b.id]);
  });

  it('status= is for admins only: 403 for others, 401 without a session', async () => {
    const city = uniqueCity();
    const ticket = await createTicket(stack, seller, { city });
    await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token });
    expect((await list('status=withdrawn', buyer.token)).status).toBe(403);
    expect((await list('status=withdrawn')).status).toBe(401);
    const response = await list('status=withdrawn&sort=-createdAt&limit=1', admin.token);
    expect(response.body.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    // Management views take no search filters (each would need its own index).
    expect((await list(`status=withdrawn&city=${encodeURIComponent(city)}`, admin.token)).status).toBe(400);
  });

  it('searches words of title, venue and city (prefixes, any case, accents folded), all words required', async () => {
    const city = uniqueCity();
    const rock = await createTicket(stack, seller, { city, title: 'Rock in the Park', venue: 'Hyde Park' });
    const jazz = await createTicket(stack, seller, { city, title: 'Jazz Night', venue: 'Café Müller' });
    const q = (words: string) =>
      list(`city=${encodeURIComponent(city)}&q=${encodeURIComponent(words)}`).then((r) => r.body.items.map((t: { id: string }) => t.id));
    expect(await q('rock')).toEqual([rock.id]);
    expect(await q('PARK')).toEqual([rock.id]);
    expect(await q('muller caf')).toEqual([jazz.id]);
    expect(await q('jazz park')).toEqual([]);
    expect(await q('opera')).toEqual([]);
  });

  it('filters by category, price range and date range', async () => {
    const city = uniqueCity();
    const cheap = await createTicket(stack, seller, { city, category: 'sports', price: 10, eventDate: inDays(5) });
    const mid = await createTicket(stack, seller, { city, category: 'concert', price: 50, eventDate: inDays(15) });
    const dear = await createTicket(stack, seller, { city, category: 'concert', price: 250.5, eventDate: inDays(25) });
    const ids = (query: string) => list(`city=${encodeURIComponent(city)}&${query}`).then((r) => r.body.items.map((t: { id: string }) => t.id));
    expect(await ids('category=concert')).toEqual([mid.id, dear.id]);
    expect(await ids('minPrice=20&maxPrice=250.50')).toEqual([mid.id, dear.id]);
    expect(await ids('maxPrice=49.99')).toEqual([cheap.id]);
    expect(await ids(`from=${inDays(10)}&to=${inDays(20)}`)).toEqual([mid.id]);
    expect(await ids('category=concert&minPrice=100')).toEqual([dear.id]);
  });

  it('sorts by eventDate, -eventDate, price, -price and -createdAt', async () => {
    const city = uniqueCity();
    const a = await createTicket(stack, seller, { city, price: 30, eventDate: inDays(3) });
    const b = await createTicket(stack, seller, { city, price: 10, eventDate: inDays(9) });
    const c = await createTicket(stack, seller, { city, price: 20, eventDate: inDays(6) });
    const ids = (sort: string) => list(`city=${encodeURIComponent(city)}&sort=${sort}`).then((r) => r.body.items.map((t: { id: string }) => t.id));
    expect(await ids('eventDate')).toEqual([a.id, c.id, b.id]);
    expect(await ids('-eventDate')).toEqual([b.id, c.id, a.id]);
    expect(await ids('price')).toEqual([b.id, c.id, a.id]);
    expect(await ids('-price')).toEqual([a.id, c.id, b.id]);
    expect(await ids('-createdAt')).toEqual([c.id, b.id, a.id]);
  });

  it('refuses bad queries with 400 naming the field', async () => {
    for (const [query, field] of <Array<[string, string]>>[
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['sort=title', 'sort'],
      ['category=opera', 'category'],
      ['minPrice=abc', 'minPrice'],
      ['minPrice=9&maxPrice=1', 'minPrice'],
      ['from=yesterday', 'from'],
      ['cursor=no-such-ticket', 'cursor'],
    ]) {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('walks 250 tickets in pages: each exactly once, in price order', async () => {
    const city = uniqueCity();
    const prices = Array.from({ length: 250 }, (_, i) => 1 + ((i * 37) % 250) + 0.25);
    const created: Array<{ id: string; price: number }> = [];
    for (let start = 0; start < prices.length; start += 25) {
      created.push(...(await Promise.all(prices.slice(start, start + 25).map((price) => createTicket(stack, seller, { city, price })))));
    }
    const seen: Array<{ id: string; price: number }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(`city=${encodeURIComponent(city)}&sort=price&limit=17${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(250 / 17));
    expect(seen.map((t) => t.id).sort()).toEqual(created.map((t) => t.id).sort());
    expect(new Set(seen.map((t) => t.id)).size).toBe(250);
    expect(seen.map((t) => t.price)).toEqual([...prices].sort((a, b) => a - b));
  });
});
