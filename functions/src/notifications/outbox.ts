import type { Firestore, Transaction } from '@google-cloud/firestore';
import type { MessageContent } from './messages';
import { messageRef } from './store';

/**
 * Records that one fact must be told, inside the event's transaction. The key names the fact (e.g.
 * `order-complete:<orderId>`), so however often the event comes, there is one record and so one e-mail.
 * Must be called after every read of the transaction; `exists` says whether the record was there already.
 */
export async function readMessage(db: Firestore, tx: Transaction, key: string): Promise<boolean> {
  return (await tx.get(messageRef(db, key))).exists;
}

export function queueMessage(db: Firestore, tx: Transaction, key: string, to: string, content: MessageContent): void {
  tx.create(messageRef(db, key), {
    key,
    kind: content.kind,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    barcode: content.barcode ?? null,
    fileKey: content.fileKey ?? null,
    status: 'pending',
    attempts: 0,
    createdAt: new Date(),
  });
}
