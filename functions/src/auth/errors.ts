/** The auth domain's stable error codes added with e-mail verification (issue #16). */
export const AuthErrors = {
  INVALID_TOKEN: 'AUTH.INVALID_VERIFICATION_TOKEN',
} as const;
