import { createTicketBodySchema, normalizeBarcode, updateTicketBodySchema } from './tickets';

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

describe('shared › barcode normalisation', () => {
  it.each([
    ['spaces, dashes and case', ' ab 12-34 '],
    ['full-width letters and digits', 'ＡＢ１２３４'],
    ['a zero-width space', 'AB\u200B1234'],
    ['a zero-width joiner and a word joiner', 'A\u200DB12\u20603 4'],
    ['a soft hyphen', 'AB\u00AD1234'],
    ['Unicode hyphens and a minus sign', 'AB\u20101\u20112\u20143\u22124'],
    ['a no-break and an ideographic space', 'AB\u00A012\u300034'],
    ['a byte-order mark and a direction mark', '\uFEFFAB12\u200E34'],
  ])('counts %s as the same barcode', (_, variant) => {
    expect(normalizeBarcode(variant)).toBe('AB1234');
  });

  it('keeps barcodes that differ in what a scanner reads apart', () => {
    expect(normalizeBarcode('AB1235')).not.toBe(normalizeBarcode('AB1234'));
    expect(normalizeBarcode('AB12340')).not.toBe(normalizeBarcode('AB1234'));
  });

  it('refuses a barcode that is under 4 characters once spaces and dashes are gone', () => {
    expect(refusedFields({ barcode: '-- ab --' })).toEqual(['barcode']);
    expect(refusedFields({ barcode: 'ab\u200B\u200B\u200B' })).toEqual(['barcode']);
    expect(refusedFields({ barcode: 'ab-12' })).toEqual([]);
  });
});
