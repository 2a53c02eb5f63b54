/** payouts's stable error codes: clients and tests match on these, so a code never changes meaning. */
export const PayoutErrors = {
  ALL_NEEDS_ADMIN: 'PAYOUTS.ALL_NEEDS_ADMIN',
  EVENT_INVALID: 'PAYOUTS.EVENT_INVALID',
  SIGNATURE_INVALID: 'PAYOUTS.SIGNATURE_INVALID',
  SIGNATURE_MISSING: 'PAYOUTS.SIGNATURE_MISSING',
} as const;
