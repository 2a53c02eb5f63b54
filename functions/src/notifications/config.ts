import { z } from 'zod';
import { defineEnv, mergeEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';
import { storageBucketRequired } from '../platform/storage/config';

/** The notifications function's own settings (API.md, Environment). */
export const notificationsEnvSchema = z.object({
  /** smtp://user:pass@host:port or smtps://…; locally MailDev. In the cloud a Secret Manager secret. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('TicketHub <no-reply@tickethub.local>'),
  /** The shop's public origin, for links in e-mails (the verification page, the order page). */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
});
export type NotificationsEnv = z.infer<typeof notificationsEnvSchema>;

/** The notifications function's schema (functions.ts's deployables table): mail, links, and the ticket files' bucket. */
export const notificationsEnv = mergeEnv(storageBucketRequired, defineEnv(notificationsEnvSchema.shape, ['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL']));

export type NotificationsConfig = FunctionConfig & EnvOf<typeof notificationsEnv.shape>;
