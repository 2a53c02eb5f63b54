/** payments's stable error codes: clients and tests match on these, so a code never changes meaning. */
export const PaymentErrors = {
  AMOUNT_REFUSED: 'PAYMENTS.AMOUNT_REFUSED',
  EVENT_INVALID: 'PAYMENTS.EVENT_INVALID',
  INTENT_GONE: 'PAYMENTS.INTENT_GONE',
  ORDER_CANCELLED: 'PAYMENTS.ORDER_CANCELLED',
  ORDER_COMPLETE: 'PAYMENTS.ORDER_COMPLETE',
  ORDER_NOT_FOUND: 'PAYMENTS.ORDER_NOT_FOUND',
  /** Stripe is at its rate limit: the order still holds its ticket; try again after Retry-After. */
  PROVIDER_BUSY: 'PAYMENTS.PROVIDER_BUSY',
  SIGNATURE_INVALID: 'PAYMENTS.SIGNATURE_INVALID',
  SIGNATURE_MISSING: 'PAYMENTS.SIGNATURE_MISSING',
} as const;
