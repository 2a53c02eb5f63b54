import { PDFDocument } from 'pdf-lib';
import { checkPdfStreams } from './pdf-streams';

/**
 * What is wrong with an uploaded ticket file, or null for a real PDF: not just the magic bytes, pdf-lib must parse
 * its cross-reference structure and find at least one page. Encrypted tickets (an owner password is common) are
 * accepted; they open for the buyer. The streams are checked first, in bounded memory, because pdf-lib decodes them
 * without any bound (pdf-streams.ts).
 */
export async function ticketPdfProblem(data: Buffer): Promise<string | null> {
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-') return 'The ticket file must be a PDF';
  const streams = checkPdfStreams(data);
  if (!streams.ok) return `The ticket file is refused: it has ${streams.reason}`;
  try {
    const document = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    return document.getPageCount() > 0 ? null : 'The ticket file must be a PDF';
  } catch {
    return 'The ticket file must be a PDF';
  }
}
