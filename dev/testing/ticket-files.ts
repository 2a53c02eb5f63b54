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
