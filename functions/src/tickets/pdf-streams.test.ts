import { pdfBomb, samplePdf } from '@tickethub/dev/testing/ticket-files';
import { checkPdfStreams, PDF_DECODE_LIMIT_BYTES } from './pdf-streams';
import { ticketPdfProblem } from './pdf';

const MB = 1024 * 1024;

describe('tickets › PDF streams in bounded memory', () => {
  it('accepts a real ticket PDF, whose streams decode to a few hundred bytes', async () => {
    const verdict = checkPdfStreams(await samplePdf());
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.decodedBytes).toBeLessThan(10_000);
    expect(await ticketPdfProblem(await samplePdf())).toBeNull();
  });

  it('accepts a stream that decodes to just under the limit and counts what it decodes', () => {
    expect(checkPdfStreams(pdfBomb({ decodedBytes: 5 * MB, chained: false }))).toEqual({ ok: true, decodedBytes: 5 * MB });
  });

  it.each([
    ['the 734-byte filter-chain bomb (256 MB)', pdfBomb({ decodedBytes: 256 * MB, chained: true }), /chain of filters/],
    ['a single Flate stream past 20 MB', pdfBomb({ decodedBytes: PDF_DECODE_LIMIT_BYTES + 1, chained: false }), /decode to more than/],
    [
      'a chain spelled with #-escapes',
      Buffer.from(
        pdfBomb({ decodedBytes: MB, chained: true }).toString('latin1').replace('[/FlateDecode /FlateDecode]', '[/Fl#61teDecode /F#6cateDecode]'),
        'latin1',
      ),
      /chain of filters/,
    ],
    ['an indirect filter', Buffer.from('%PDF-1.7\n4 0 obj << /Length 3 /Filter 5 0 R >> stream\nabc\nendstream endobj', 'latin1'), /indirect/],
    ['an LZW stream', Buffer.from('%PDF-1.7\n4 0 obj << /Length 3 /Filter /LZWDecode >> stream\nabc\nendstream endobj', 'latin1'), /LZW/],
    [
      'a Flate stream zlib cannot decode',
      Buffer.from('%PDF-1.7\n4 0 obj << /Length 6 /Filter /FlateDecode >> stream\nx\x9c\xff\xff\xff\xff\nendstream endobj', 'latin1'),
      /does not decode/,
    ],
  ])('refuses %s without decoding it', async (_, file, reason) => {
    const verdict = checkPdfStreams(file);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
    expect(await ticketPdfProblem(file)).toMatch(/refused/);
  });

  it('sums every stream against one budget: many small streams cannot add up past it', () => {
    const one = pdfBomb({ decodedBytes: 6 * MB, chained: false });
    expect(checkPdfStreams(one).ok).toBe(true);
    expect(checkPdfStreams(Buffer.concat([one, one, one, one])).ok).toBe(false);
  });
});
