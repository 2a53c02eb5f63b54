import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const REPO_ROOT = resolve(__dirname, '..', '..');

const firebaseJsonSchema = z.object({
  emulators: z.object({ firestore: z.object({ port: z.number().int().positive() }) }),
});

/** The Firestore emulator port comes from firebase.json, so `firebase emulators:exec` and `npm start` agree. */
export function firestorePort(): number {
  return firebaseJsonSchema.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8'))).emulators.firestore.port;
}

export function localPorts(env = process.env) {
  const web = Number(env.PORT ?? 3000);
  return {
    web,
    next: Number(env.WEB_PORT ?? web + 1),
    // Overridable so that two stacks (two checkouts) can run side by side.
    firestore: Number(env.FIRESTORE_PORT ?? firestorePort()),
    nats: Number(env.NATS_PORT ?? 4222),
    functionsBase: Number(env.FUNCTIONS_PORT ?? 5001),
    // MailDev: SMTP for the notifications function, and its inbox/REST API.
    smtp: Number(env.MAILDEV_SMTP_PORT ?? 1025),
    mailWeb: Number(env.MAILDEV_WEB_PORT ?? 1080),
    stripe: Number(new URL(env.STRIPE_API_BASE ?? 'http://127.0.0.1:12111').port || 12111),
  };
}
