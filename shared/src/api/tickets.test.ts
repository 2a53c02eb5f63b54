import { createTicketBodySchema, updateTicketBodySchema } from './tickets';

const listing = {
  title: 'Arctic Monkeys',
  category: 'concert',
  venue: 'The Roundhouse',
  city: 'London',
  eventDate: new Date(Date.now() + 86_400_000).toISOString(),
  price: 45,
};

/** The fields the seller's body is refused on (empty: accepted). */
function refusedFields(body: Record<string, unknown>): string[] {
  const parsed = createTicketBodySchema.safeParse({ ...listing, ...body });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

describe('shared › ticket bodies', () => {
  it.each([
    ['a title of three NULs', { title: '\u0000\u0000\u0000' }, ['title']],
    ['an escape sequence in the venue', { venue: 'Hall \u001b[31mred' }, ['venue']],
    ['a line break in the city', { city: 'Lon\ndon' }, ['city']],
    ['DEL and a C1 control in the title', { title: 'Show\u007f\u0085' }, ['title']],
    ['a bell in the description', { description: 'Row 5\u0007' }, ['description']],
    ['a backspace in the barcode', { barcode: 'ABCD\b1234' }, ['barcode']],
    ['accents, emoji and other scripts', { title: 'Café Noir 🎫 東京', venue: 'Zénith', city: 'Zürich' }, []],
    ['line breaks and tabs in the description', { description: 'Row 5, seat 12\r\n\tAisle seat' }, []],
  ])('%s → refused on %j', (_name, body, fields) => {
    expect(refusedFields(body)).toEqual(fields);
  });

  it('refuses control characters in an edit too', () => {
    expect(updateTicketBodySchema.safeParse({ title: 'New\u0000title' }).success).toBe(false);
    expect(updateTicketBodySchema.safeParse({ title: 'New title' }).success).toBe(true);
  });
});
