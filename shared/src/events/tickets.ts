import { z } from 'zod';

export const ticketStatusSchema = z.enum(['available', 'reserved', 'sold', 'withdrawn']);

/** Prices travel as integer minor units, never as floats. */
export const ticketCreatedSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  title: z.string(),
  price: z.number().int().positive(),
  currency: z.string().length(3),
  sellerId: z.string().min(1),
  eventDate: z.iso.datetime({ offset: true }),
  status: ticketStatusSchema,
  /**
   * Delivery (issue #16): the barcode travels only on the internal bus, to orders (the buyer's ticket) and
   * notifications (the e-mail); `hasFile` says the ticket file is in storage under the ticket's id.
   */
  barcode: z.string().nullable().default(null),
  hasFile: z.boolean().default(false),
});

export const ticketUpdatedSchema = ticketCreatedSchema.extend({ orderId: z.string().nullable() });
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
