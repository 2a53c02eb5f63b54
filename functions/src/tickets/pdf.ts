import { PDFDocument } from 'pdf-lib';

/**
 * A real PDF, not just the magic bytes: pdf-lib must parse its cross-reference structure and find at least one
 * page. Encrypted tickets (an owner password is common) are accepted; they open for the buyer.
 */
export async function isRealPdf(data: Buffer): Promise<boolean> {
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  try {
    const document = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    return document.getPageCount() > 0;
  } catch {
    return false;
  }
}
