import { z } from 'zod';

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

export function loadNotificationsEnv(source: NodeJS.ProcessEnv = process.env): NotificationsEnv {
  const parsed = notificationsEnvSchema.safeParse(source);
  if (!parsed.success)
    throw new Error(`Invalid notifications configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
