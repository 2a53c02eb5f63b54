import { z } from 'zod';
import { isSupportedCurrency } from '../currencies';
import { priceProblem } from '../money';
import { ticketStatusSchema } from '../events/tickets';

export const categories = ['concert', 'sports', 'theatre', 'movie', 'comedy', 'festival', 'other'] as const;
export const categorySchema = z.enum(categories, { error: `Category must be one of ${categories.join(', ')}` });
export type Category = z.infer<typeof categorySchema>;

export const currencySchema = z
  .string({ error: 'Currency must be a lower-case ISO 4217 code' })
  .refine(isSupportedCurrency, 'Currency must be a lower-case ISO 4217 code that Stripe can charge');

/**
 * A price as the API shows it: a decimal number, kept as minor units inside. Whether its decimals, step and minimum
 * fit its currency is judged on the whole object (see withPriceInCurrency), where the currency is known.
 */
export const priceSchema = z.number({ error: 'Price must be a number' }).positive('Price must be greater than 0').max(100_000, 'Price must be at most 100000');

/** The price judged against its own currency: 400 on `price` (JPY 1500.5, KWD 1.005, USD 0.10). */
export function pricedInCurrency(value: { price?: number; currency?: string }, ctx: z.RefinementCtx): void {
  // Judged only when both are valid on their own, so a bad price or currency gets one message, not two.
  if (!priceSchema.safeParse(value.price).success || typeof value.currency !== 'string' || !isSupportedCurrency(value.currency)) return;
  const problem = priceProblem(value.price!, value.currency);
  if (problem) ctx.addIssue({ code: 'custom', path: ['price'], message: problem });
}

/** Stored timestamps and Stripe's calendar stop at year 9999; listings stop at 2099, so a typo cannot become 20250. */
export const LAST_EVENT_DATE = Date.parse('2100-01-01T00:00:00Z');

const isoDate = z.iso.datetime({ offset: true, error: 'Must be an ISO-8601 date-time' });

export const futureDateSchema = isoDate
  .refine((value) => Number.isNaN(Date.parse(value)) || Date.parse(value) > Date.now(), 'Event date must be in the future')
  .refine((value) => Number.isNaN(Date.parse(value)) || Date.parse(value) < LAST_EVENT_DATE, 'Event date must be before the year 2100');

/**
 * Control characters (NUL, escape, backspace…) are never part of what a seller types; a title of three NULs passed
 * the length check and was listed. A description keeps its line breaks and tabs.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const noControls = (field: string) => `${field} must not contain control characters`;

/** One line of text a seller types: trimmed, `min` to `max` characters, no control characters. */
function lineOfText(field: string, min: number, max: number, error = `${field} is required`) {
  const length = `${field} must be ${min} to ${max} characters`;
  return z
    .string({ error })
    .trim()
    .min(min, length)
    .max(max, length)
    .refine((value) => !CONTROL_CHARACTERS.test(value), noControls(field));
}

const ticketFields = {
  title: lineOfText('Title', 3, 120),
  description: z
    .string()
    .trim()
    .max(2000, 'Description must be at most 2000 characters')
    .refine((value) => !CONTROL_CHARACTERS_BUT_LINES.test(value), noControls('Description')),
  category: categorySchema,
  venue: lineOfText('Venue', 2, 120),
  city: lineOfText('City', 2, 80),
  eventDate: futureDateSchema,
  price: priceSchema,
  currency: currencySchema,
};

/** The code printed on the ticket: write-only, the buyer receives it after paying (API.md, Tickets). */
export const barcodeSchema = lineOfText('Barcode', 4, 200, 'Barcode must be a string').refine(
  // Too short as typed is already said by the length check.
  (value) => value.length < 4 || normalizeBarcode(value).length >= 4,
  'Barcode must have at least 4 characters besides spaces and dashes',
);

/**
 * What makes two barcodes one ticket. A scanner reads the printed code, not the characters a seller typed, so
 * "ab 12-34", "AB1234", full-width "ＡＢ１２３４", a zero-width space or a Unicode hyphen (U+2010) inside it are all the
 * same ticket: compatibility forms folded (NFKC), then every separator (spaces of any kind), dash, minus sign and
 * invisible format character (zero-width spaces and joiners, soft hyphens, direction marks) removed, then upper-cased.
 */
export function normalizeBarcode(barcode: string): string {
  return barcode
    .normalize('NFKC')
    .replace(/[\p{Z}\s\p{Pd}\p{Cf}\u2212\u2043\uFE63\uFF0D]+/gu, '')
    .toUpperCase();
}

/** The largest ticket file (PDF) a seller may upload. */
export const TICKET_FILE_LIMIT_BYTES = 2 * 1024 * 1024;

export const createTicketBodySchema = z
  .strictObject({
    ...ticketFields,
    description: ticketFields.description.default(''),
    currency: ticketFields.currency.default('usd'),
    barcode: barcodeSchema.optional(),
  })
  .superRefine(pricedInCurrency);
export type CreateTicketBody = z.infer<typeof createTicketBodySchema>;

/** Partial update of the editable fields; status, seller and version are not editable. */
export const updateTicketBodySchema = z
  .strictObject({
    title: ticketFields.title.optional(),
    description: ticketFields.description.optional(),
    category: ticketFields.category.optional(),
    venue: ticketFields.venue.optional(),
    city: ticketFields.city.optional(),
    eventDate: ticketFields.eventDate.optional(),
    price: ticketFields.price.optional(),
    currency: ticketFields.currency.optional(),
    barcode: barcodeSchema.optional(),
  })
  // With both given the pair is judged here; a price or currency alone is judged against the stored ticket.
  .superRefine(pricedInCurrency)
  .refine((body) => Object.keys(body).length > 0, 'Nothing to update');
export type UpdateTicketBody = z.infer<typeof updateTicketBodySchema>;

export const ticketSortSchema = z.enum(['eventDate', '-eventDate', 'price', '-price', '-createdAt']);
export type TicketSort = z.infer<typeof ticketSortSchema>;

const queryPrice = z.coerce.number({ error: 'Must be a number' }).nonnegative().max(100_000);

export const listTicketsQuerySchema = z
  .object({
    q: z.string().trim().max(100).optional(),
    category: categorySchema.optional(),
    city: z.string().trim().min(1).max(80).optional(),
    minPrice: queryPrice.optional(),
    maxPrice: queryPrice.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    sort: ticketSortSchema.default('eventDate'),
    limit: z.coerce.number({ error: 'Limit must be a number' }).int().min(1, 'Limit must be 1 to 100').max(100, 'Limit must be 1 to 100').default(20),
    cursor: z
      .string()
      .regex(/^[\w-]{1,200}$/, 'Invalid cursor')
      .optional(),
    mine: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
    status: ticketStatusSchema.optional(),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['from'] });
export type ListTicketsQuery = z.infer<typeof listTicketsQuerySchema>;

export const ticketSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: categorySchema,
  venue: z.string(),
  city: z.string(),
  eventDate: z.string(),
  price: z.number(),
  currency: z.string(),
  sellerId: z.string(),
  status: ticketStatusSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Seller and admin only: the barcode's last four characters. */
  barcodeHint: z.string().optional(),
  /** Seller and admin only: whether a ticket file (PDF) was uploaded. */
  hasFile: z.boolean().optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketListSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() });
export type TicketList = z.infer<typeof ticketListSchema>;

/** Path ids are not validated into a 400: a malformed id is just an id that does not exist (404). */
export const idParamsSchema = z.object({ id: z.string() });

export function isWellFormedId(id: string): boolean {
  // Firestore reserves ids of the form __…__ and refuses to read them: such an id names nothing of ours.
  return /^[\w-]{1,128}$/.test(id) && !/^__.*__$/.test(id);
}
