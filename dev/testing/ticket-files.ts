import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';

/** A one-page PDF, as a seller's ticket file would be. */
export async function samplePdf(text = 'TicketHub test ticket'): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
  return Buffer.from(await document.save());
}

/** PUT /api/tickets/:id/file with raw bytes. */
export async function uploadFile(origin: string, ticketId: string, token: string, data: Buffer, contentType = 'application/pdf') {
  const response = await fetch(`${origin}/api/tickets/${ticketId}/file`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: new Uint8Array(data),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * A one-page PDF whose object stream decodes to `decodedBytes` of zeros: with `chained`, deflated twice under a
 * `[/FlateDecode /FlateDecode]` filter chain, which makes a file of under a kilobyte decode to hundreds of MB (the
 * security review's 734-byte bomb); without, deflated once (a 60 MB stream is a ~60 kB file).
 */
export function pdfBomb({ decodedBytes, chained }: { decodedBytes: number; chained: boolean }): Buffer {
  const once = deflatedZeros(decodedBytes);
  const data = chained ? deflateSync(once, { level: 9 }) : once;
  const filter = chained ? '[/FlateDecode /FlateDecode]' : '/FlateDecode';
  const head = [
    '%PDF-1.7',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >> endobj',
    `4 0 obj << /Type /ObjStm /N 1 /First 4 /Length ${data.length} /Filter ${filter} >> stream`,
    '',
  ].join('\n');
  const tail = '\nendstream\nendobj\ntrailer << /Root 1 0 R /Size 5 >>\n%%EOF\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from(tail, 'latin1')]);
}

/**
 * A zlib stream of `bytes` zeros, built from one deflated megabyte repeated (each block refers only to itself), so
 * a test makes a 400 MB bomb in milliseconds instead of deflating 400 MB on the thread that also serves the functions.
 */
function deflatedZeros(bytes: number): Buffer {
  const MB = 1024 * 1024;
  const block = (size: number) => deflateRawSync(Buffer.alloc(size), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const whole = block(MB);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((bytes % 65521) << 16) | 1) >>> 0); // Adler-32 of zeros: A stays 1, B adds 1 per byte
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array.from({ length: Math.floor(bytes / MB) }, () => whole),
    ...(bytes % MB ? [block(bytes % MB)] : []),
    deflateRawSync(Buffer.alloc(0)),
    adler,
  ]);
}
