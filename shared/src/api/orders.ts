import { z } from 'zod';
import { cancelReasonSchema, orderStatusSchema } from '../events/orders';

export const createOrderBodySchema = z.strictObject({ ticketId: z.string({ error: 'ticketId is required' }).min(1, 'ticketId is required').max(128) });
export type CreateOrderBody = z.infer<typeof createOrderBodySchema>;

export const orderSchema = z.object({
  id: z.string(),
  userId: z.string(),
  status: orderStatusSchema,
  expiresAt: z.string(),
  /** The price as a decimal number in the ticket's currency, like the ticket API. */
  ticket: z.object({ id: z.string(), title: z.string(), price: z.number(), currency: z.string() }),
  cancelReason: cancelReasonSchema.nullable(),
  /** What went back to the buyer, a decimal number like the price: 0 unless refunded in part or in full. */
  refundedAmount: z.number(),
  /** A chargeback on the payment: open until the bank decides; `lost` also makes the order `refunded`. */
  dispute: z.object({ status: z.enum(['open', 'won', 'lost']), reason: z.string() }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

export const listOrdersQuerySchema = z.object({
  all: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number({ error: 'Limit must be a number' }).int().min(1, 'Limit must be 1 to 100').max(100, 'Limit must be 1 to 100').default(20),
  cursor: z
    .string()
    .regex(/^[\w-]{1,200}$/, 'Invalid cursor')
    .optional(),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuerySchema>;

export const orderListSchema = z.object({ items: z.array(orderSchema), nextCursor: z.string().nullable() });
export type OrderList = z.infer<typeof orderListSchema>;

/** A buyer may hold at most this many unexpired orders at once. */
export const MAX_OPEN_ORDERS = 5;

/** `GET /api/orders/:id/ticket`: what the buyer of a complete order receives; null while the seller has not supplied it. */
export const orderTicketSchema = z.object({
  barcode: z.string().nullable(),
  /** The barcode as a QR code, an SVG document rendered on the server; null without a barcode. */
  qrSvg: z.string().nullable(),
  /** A short-lived download URL of the ticket file (PDF). */
  fileUrl: z.string().nullable(),
});
export type OrderTicket = z.infer<typeof orderTicketSchema>;
