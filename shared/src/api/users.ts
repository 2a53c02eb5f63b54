import { z } from 'zod';

export const roleSchema = z.enum(['user', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** Stored lower-cased and trimmed, so "Ann@X.com " and "ann@x.com" are one account. */
export const emailSchema = z
  .string({ error: 'Email must be a string' })
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email({ error: 'Email must be valid' }));

export const passwordSchema = z
  .string({ error: 'Password must be a string' })
  .min(8, 'Password must be between 8 and 128 characters')
  .max(128, 'Password must be between 8 and 128 characters');

export const signupBodySchema = z.object({ email: emailSchema, password: passwordSchema });
export type SignupBody = z.infer<typeof signupBodySchema>;

/** Signin does not re-check password rules: an old account may predate them, and the answer must not leak them. */
export const signinBodySchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Password must be a string' }).min(1, 'You must supply a password').max(1024),
});
export type SigninBody = z.infer<typeof signinBodySchema>;

export const userSchema = z.object({ id: z.string(), email: z.string(), role: roleSchema });
export type User = z.infer<typeof userSchema>;

export const authResultSchema = userSchema.extend({ token: z.string() });
export type AuthResult = z.infer<typeof authResultSchema>;

/** currentuser also says whether the address was verified through the signup e-mail's link. */
export const currentUserResponseSchema = z.object({ currentUser: userSchema.extend({ verified: z.boolean().optional() }).nullable() });
export type CurrentUserResponse = z.infer<typeof currentUserResponseSchema>;

/** The claims of the session JWT; `sub` is the user id and `jti` names the session for revocation. */
export const sessionClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string(),
  role: roleSchema,
  jti: z.string().min(1),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

/** `POST /api/users/verify`: the token from the verification e-mail's link. */
export const verifyEmailBodySchema = z.strictObject({ token: z.string({ error: 'token is required' }).min(16, 'Invalid token').max(200, 'Invalid token') });
export type VerifyEmailBody = z.infer<typeof verifyEmailBodySchema>;

export const verifyEmailResultSchema = z.object({ email: z.string(), verified: z.literal(true) });
