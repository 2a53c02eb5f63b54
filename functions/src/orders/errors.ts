/** The orders domain's stable error codes for delivery (issue #16). */
export const OrderErrors = {
  NOT_PAID: 'ORDERS.NOT_PAID',
} as const;
