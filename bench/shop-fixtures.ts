/** What the shop's bench measures: listings and an order of its own, so the pages exist whatever the demo data holds. */
export interface Fixtures {
  ticketPath: string;
  listingPath: string;
  orderPath: string;
  sellerToken: string;
  buyerToken: string;
}

export async function prepare(origin: string): Promise<Fixtures> {
  const [seller, buyer] = [await benchUser(origin, 'seller'), await benchUser(origin, 'buyer')];
  await cancelOpenOrders(origin, buyer);
  const shown = await listTicket(origin, seller, { title: 'Bench night: the ticket page' });
  const held = await listTicket(origin, seller, { title: 'Bench night: the order page' });
  const order = await reserveWhenKnown(origin, buyer, held.id);
  return {
    ticketPath: `/tickets/${shown.id}`,
    listingPath: '/api/tickets?city=Benchton&sort=price&limit=20',
    orderPath: `/orders/${order.id}`,
    sellerToken: seller,
    buyerToken: buyer,
  };
}

/**
 * The bench's own accounts, the same every run: signed in when they exist, signed up the first time. A new pair each
 * run would spend the address's signup allowance (10 an hour) in five runs.
 */
async function benchUser(origin: string, who: string): Promise<string> {
  const credentials = { email: `bench-${who}@tickethub.local`, password: 'bench password 1' };
  const signin = await send(origin, 'POST', '/api/users/signin', { body: credentials });
  if (signin.ok) return ((await signin.json()) as { token: string }).token;
  await signin.text();
  const answer = await call(origin, 'POST', '/api/users/signup', { body: credentials });
  return (answer as { token: string }).token;
}

export async function listTicket(origin: string, seller: string, { title, eventDate }: { title: string; eventDate?: Date }): Promise<{ id: string }> {
  const date = eventDate ?? new Date(Date.now() + 20 * 864e5);
  const body = { title, category: 'concert', venue: 'Bench Hall', city: 'Benchton', eventDate: date.toISOString(), price: 42 };
  return (await call(origin, 'POST', '/api/tickets', { token: seller, body })) as { id: string };
}

/** An earlier run's reservations, still held: a buyer may hold five at once, and each run places two. */
async function cancelOpenOrders(origin: string, buyer: string): Promise<void> {
  const { items } = (await call(origin, 'GET', '/api/orders?limit=50', { token: buyer })) as { items: Array<{ id: string; status: string }> };
  for (const order of items.filter((item) => item.status === 'created' || item.status === 'awaiting:payment')) {
    await call(origin, 'DELETE', `/api/orders/${order.id}`, { token: buyer });
  }
}

/**
 * The order is placed once the orders domain has heard of the listing (ticket.created): until then the API answers
 * 404, and the reservation is asked again a little later. Each attempt counts against the buyer's reservation
 * allowance (30 an hour), hence the backoff and the few attempts.
 */
export async function reserveWhenKnown(origin: string, buyer: string, ticketId: string): Promise<{ id: string }> {
  for (let attempt = 0; ; attempt++) {
    const response = await send(origin, 'POST', '/api/orders', { token: buyer, body: { ticketId } });
    if (response.ok) return (await response.json()) as { id: string };
    const text = await response.text();
    if (response.status !== 404 || attempt === 6) throw new Error(`POST /api/orders (ticket ${ticketId}) → ${response.status} ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
  }
}

/** One JSON request to the API, with the bearer token when given; the answer as it came. */
function send(origin: string, method: string, path: string, { token, body }: { token?: string; body?: unknown }): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The same, for a request that must succeed: its JSON body (null for a 204), or an error naming the answer. */
export async function call(origin: string, method: string, path: string, options: { token?: string; body?: unknown }): Promise<unknown> {
  const response = await send(origin, method, path, options);
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}
