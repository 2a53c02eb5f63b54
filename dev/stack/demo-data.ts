import type { Category } from '@tickethub/shared';

export const DEMO_PASSWORD = 'tickethub-demo';
export const DEMO_ADMIN = 'admin@tickethub.local';
const SELLERS = ['ava@tickethub.local', 'noah@tickethub.local', 'mia@tickethub.local'];

const DAY = 86_400_000;

/** A small, believable market: every category, a few cities, prices with cents, dates over the coming weeks. */
const LISTINGS: Array<{
  title: string;
  category: Category;
  venue: string;
  city: string;
  inDays: number;
  price: number;
  currency?: string;
  description: string;
}> = [
  {
    title: 'Arctic Monkeys — The Car Tour',
    category: 'concert',
    venue: 'O2 Arena',
    city: 'London',
    inDays: 12,
    price: 89.5,
    currency: 'gbp',
    description: 'Block 104, row K. Seated, great view of the stage.',
  },
  {
    title: 'Taylor Swift | The Eras Tour',
    category: 'concert',
    venue: 'Stade de France',
    city: 'Paris',
    inDays: 30,
    price: 249.99,
    currency: 'eur',
    description: 'Floor standing, general admission.',
  },
  {
    title: 'Lakers vs Celtics',
    category: 'sports',
    venue: 'Crypto.com Arena',
    city: 'Los Angeles',
    inDays: 9,
    price: 175,
    description: 'Section 111, two rows behind the baseline.',
  },
  {
    title: 'Champions League Quarter-final',
    category: 'sports',
    venue: 'Santiago Bernabéu',
    city: 'Madrid',
    inDays: 21,
    price: 140,
    currency: 'eur',
    description: 'Lateral Este, lower tier.',
  },
  { title: 'Hamilton', category: 'theatre', venue: 'Richard Rodgers Theatre', city: 'New York', inDays: 6, price: 199, description: 'Orchestra, aisle seat.' },
  {
    title: 'The Phantom of the Opera',
    category: 'theatre',
    venue: "Her Majesty's Theatre",
    city: 'London',
    inDays: 15,
    price: 65.25,
    currency: 'gbp',
    description: 'Dress circle, row C.',
  },
  {
    title: 'Dune: Part Three — IMAX premiere',
    category: 'movie',
    venue: 'BFI IMAX',
    city: 'London',
    inDays: 4,
    price: 24.99,
    currency: 'gbp',
    description: 'Opening night, centre seats.',
  },
  {
    title: 'Studio Ghibli Marathon',
    category: 'movie',
    venue: 'Prince Charles Cinema',
    city: 'London',
    inDays: 18,
    price: 19.99,
    currency: 'gbp',
    description: 'Four films, one ticket.',
  },
  { title: 'John Mulaney: Live', category: 'comedy', venue: 'Chicago Theatre', city: 'Chicago', inDays: 11, price: 79, description: 'Main floor, row M.' },
  {
    title: 'Glastonbury Festival weekend',
    category: 'festival',
    venue: 'Worthy Farm',
    city: 'Pilton',
    inDays: 45,
    price: 355,
    currency: 'gbp',
    description: 'Full weekend with camping.',
  },
  {
    title: 'Primavera Sound day pass',
    category: 'festival',
    venue: 'Parc del Fòrum',
    city: 'Barcelona',
    inDays: 38,
    price: 120,
    currency: 'eur',
    description: 'Saturday pass.',
  },
  {
    title: 'Tech conference: NodeConf',
    category: 'other',
    venue: 'Kilkenny Castle',
    city: 'Kilkenny',
    inDays: 25,
    price: 299,
    currency: 'eur',
    description: 'Full conference pass, transferable.',
  },
];

async function call(origin: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function account(origin: string, email: string): Promise<string> {
  const signup = await call(origin, '/api/users/signup', { email, password: DEMO_PASSWORD });
  if (signup.status === 201) return signup.body.token;
  const signin = await call(origin, '/api/users/signin', { email, password: DEMO_PASSWORD });
  if (signin.status !== 200) throw new Error(`demo account ${email}: ${signin.status}`);
  return signin.body.token;
}

/**
 * Seeds the demo market through the public API (so it goes through every rule and event like real use), once:
 * a marker listing is looked up first and nothing is created if the market was seeded before.
 */
export async function seedDemoData(origin: string): Promise<'seeded' | 'present'> {
  const existing = await fetch(`${origin}/api/tickets?q=${encodeURIComponent('Glastonbury')}&limit=1`).then((r) => r.json() as Promise<{ items: unknown[] }>);
  if (existing.items.length > 0) return 'present';
  await account(origin, DEMO_ADMIN);
  const tokens = await Promise.all(SELLERS.map((email) => account(origin, email)));
  for (const [index, listing] of LISTINGS.entries()) {
    const { inDays, ...fields } = listing;
    const eventDate = new Date(Math.ceil((Date.now() + inDays * DAY) / 3_600_000) * 3_600_000 + 19 * 3_600_000).toISOString();
    const created = await call(origin, '/api/tickets', { ...fields, eventDate }, tokens[index % tokens.length]);
    if (created.status !== 201) throw new Error(`demo listing "${listing.title}": ${created.status} ${JSON.stringify(created.body)}`);
  }
  return 'seeded';
}

export const DEMO_ACCOUNTS = { admin: DEMO_ADMIN, sellers: SELLERS, password: DEMO_PASSWORD };
