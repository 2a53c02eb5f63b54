import type { Request } from '@google-cloud/functions-framework';
import { ConflictError, idParamsSchema, orderTicketSchema, type OrderTicket } from '@tickethub/shared';
import QRCode from 'qrcode';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { SIGNED_URL_TTL_SECONDS, ticketFileKey } from '../platform/storage';
import { OrderErrors } from './errors';
import { readReplica, replicaRef } from './replica';
import { visibleTo } from './show';
import { orderRef, readOrder, toApiOrder } from './store';

/** The QR code of the barcode as an SVG document: rendered here, so no page needs a QR library. */
export function renderQrSvg(barcode: string): Promise<string> {
  return QRCode.toString(barcode, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** A local storage URL is a path: resolve it on the origin the caller used, so it works from where they are. */
function absoluteUrl(url: string, req: Request): string {
  if (/^https?:\/\//.test(url)) return url;
  const host = (req.headers['x-forwarded-host'] as string | undefined)?.split(',')[0]?.trim() || req.headers.host || 'localhost';
  const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim() || 'http';
  return new URL(url, `${proto}://${host}`).toString();
}

export function orderTicketRoute({ db, storage }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/orders/:id/ticket',
    access: 'user',
    params: idParamsSchema,
    summary: 'The ticket of a complete order (its buyer; admins: any): barcode, its QR code, a short-lived file URL',
    response: orderTicketSchema,
    handler: async ({ params, user, req, res }) => {
      const ref = orderRef(db, params.id);
      const order = visibleTo(user!, ref ? readOrder(await ref.get()) : null);
      if (toApiOrder(order).status !== 'complete') throw new ConflictError('The order is not paid', OrderErrors.NOT_PAID);
      // The barcode and the file reach orders with ticket.updated; tickets' own documents are never read here.
      const ticket = readReplica(await replicaRef(db, order.ticket.id).get());
      const barcode = ticket?.barcode ?? null;
      const fileUrl = ticket?.hasFile ? absoluteUrl(await storage.signedUrl(ticketFileKey(order.ticket.id), SIGNED_URL_TTL_SECONDS), req) : null;
      const body: OrderTicket = { barcode, qrSvg: barcode ? await renderQrSvg(barcode) : null, fileUrl };
      res.setHeader('cache-control', 'private, no-store');
      return { body };
    },
  });
}
