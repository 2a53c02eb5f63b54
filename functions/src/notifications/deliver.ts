import { AppError } from '@tickethub/shared';
import type { Firestore } from '@google-cloud/firestore';
import type { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import QRCode from 'qrcode';
import type { Logger } from '../platform/logger';
import type { FileStorage } from '../platform/storage';
import { MESSAGES, messageSchema, type StoredMessage } from './store';

export interface DeliveryHooks {
  /** Tests only: runs between the send and its record, to prove a crash there sends nothing twice. */
  afterSend?: (message: StoredMessage) => Promise<void> | void;
}

/** The same fact always carries the same Message-ID, so a copy that ever went out twice is recognisable downstream. */
export function messageIdFor(key: string): string {
  return `<${key.replace(/[^\w.-]/g, '.')}@notifications.tickethub>`;
}

async function toMail(message: StoredMessage, from: string, storage: FileStorage): Promise<Mail.Options> {
  const attachments: Mail.Attachment[] = [];
  if (message.barcode) {
    attachments.push({
      filename: 'ticket-qr.png',
      cid: 'ticket-qr',
      contentType: 'image/png',
      content: await QRCode.toBuffer(message.barcode, { type: 'png', width: 240, margin: 2 }),
    });
  }
  const file = message.fileKey ? await storage.read(message.fileKey) : null;
  if (file) attachments.push({ filename: 'ticket.pdf', contentType: 'application/pdf', content: file });
  return { from, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: messageIdFor(message.key), attachments };
}

/**
 * Sends every pending message once. Each is claimed (`pending` → `sending`) in a transaction before the send and
 * marked `sent` after it: a redelivered event, a second instance or a retry after a crash finds the claim and
 * sends nothing. A send the SMTP server refused goes back to `pending` and the event is answered 503, so the
 * bridge delivers it again and the send is retried. A crash after the claim and before the server's answer leaves
 * the message `sending`: at most once, never twice (health of that case: the claim's `claimedAt` for an operator).
 */
export function createDelivery(db: Firestore, transport: Transporter, from: string, storage: FileStorage, hooks: DeliveryHooks = {}) {
  const messages = db.collection(MESSAGES);
  return async function deliverPending(log: Logger): Promise<void> {
    const pending = await messages.where('status', '==', 'pending').limit(50).get();
    let refused = 0;
    for (const doc of pending.docs) {
      const claimed = await db.runTransaction(async (tx) => {
        const snapshot = await tx.get(doc.ref);
        const message = snapshot.exists ? messageSchema.safeParse(snapshot.data()) : null;
        if (!message?.success || message.data.status !== 'pending') return null;
        tx.update(doc.ref, { status: 'sending', attempts: message.data.attempts + 1, claimedAt: new Date() });
        return message.data;
      });
      if (!claimed) continue;
      try {
        await transport.sendMail(await toMail(claimed, from, storage));
      } catch (error) {
        refused++;
        log.warn('e-mail not accepted; will retry', { key: claimed.key, error: String(error) });
        await doc.ref.update({ status: 'pending', lastError: String(error).slice(0, 500) });
        continue;
      }
      await hooks.afterSend?.(claimed);
      await doc.ref.update({ status: 'sent', sentAt: new Date() });
      log.info('e-mail sent', { key: claimed.key, kind: claimed.kind });
    }
    if (refused > 0) throw new AppError(503, 'NOTIFICATIONS.SMTP_UNAVAILABLE', 'The mail server did not accept every message; retry later');
  };
}
