/** auth's stable error codes: clients and tests match on these, so a code never changes meaning. */
export const AuthErrors = {
  EMAIL_IN_USE: 'AUTH.EMAIL_IN_USE',
  INVALID_CREDENTIALS: 'AUTH.INVALID_CREDENTIALS',
  INVALID_TOKEN: 'AUTH.INVALID_VERIFICATION_TOKEN',
  NOT_OWNER: 'AUTH.NOT_OWNER',
} as const;
