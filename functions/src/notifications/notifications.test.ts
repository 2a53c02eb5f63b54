import { randomUUID } from 'node:crypto';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { receivedEmails, startMailDev, type MailServer } from '@tickethub/dev/stack/maildev';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { notificationsEnvSchema } from './config';
import { messageIdFor } from './deliver';
import { createNotificationsFunction } from './index';
import { MESSAGES } from './store';

let stack: TestStack;
let mail: MailServer;
/** Keys of messages whose first send "crashes" right after the SMTP server accepted it, before the record. */
const crashAfterSend = new Set<string>();
beforeAll(async () => {
  mail = await startMailDev();
  const env = notificationsEnvSchema.parse({ SMTP_URL: mail.smtpUrl, PUBLIC_URL: 'http://shop.test' });
  stack = await startTestStack({
    domains: ['auth', 'notifications'],
    bridge: true,
    handlers: {
      notifications: (platform) =>
        createNotificationsFunction(platform, {
          env,
          afterSend: (message) => {
            if (crashAfterSend.delete(message.key)) throw new Error('crash between send and record');
          },
        }),
    },
  });
});
afterAll(async () => {
  await stack.close();
  await mail.stop();
});

const inboxOf = async (address: string) => (await receivedEmails(mail.webUrl)).filter((email) => email.to.some((to) => to.address === address));
const deliver = (subject: Parameters<typeof envelope>[0], data: unknown) => deliverEvent(stack, 'notifications', envelope(subject, data));

describe('notifications › signup verification', () => {
  it('mails a verification link at signup whose token verifies the address', async () => {
    const user = await signUp(stack.origin);
    const [email] = await waitFor(
      async () => {
        const inbox = await inboxOf(user.email);
        return inbox.length > 0 ? inbox : null;
      },
      { what: 'the verification e-mail' },
    );
    const link = /http:\/\/shop\.test\/verify\?token=([\w%-]+)/.exec(email!.text ?? '');
    expect(link).not.toBeNull();
    expect((await api(stack.origin, 'GET', '/api/users/currentuser', { token: user.token })).body.currentUser.verified).toBe(false);
    const token = decodeURIComponent(link![1]!);
    const isVerified = async () => (await api(stack.origin, 'GET', '/api/users/currentuser', { token: user.token })).body.currentUser.verified;
    // What a mail scanner does with the link, and what anyone holding only the token can do: nothing verifies.
    expect((await api(stack.origin, 'GET', `/api/users/verify?token=${encodeURIComponent(token)}`)).status).toBe(405);
    const anonymous = await api(stack.origin, 'POST', '/api/users/verify', { body: { token } });
    expect([anonymous.status, await isVerified()]).toEqual([401, false]);
    const stranger = await signUp(stack.origin);
    const someoneElse = await api(stack.origin, 'POST', '/api/users/verify', { token: stranger.token, body: { token } });
    expect([someoneElse.status, someoneElse.body.errors[0].code, await isVerified()]).toEqual([403, 'AUTH.NOT_OWNER', false]);
    const verified = await api(stack.origin, 'POST', '/api/users/verify', { token: user.token, body: { token } });
    expect(verified.status).toBe(200);
    expect(await isVerified()).toBe(true);
    expect((await api(stack.origin, 'GET', '/api/users/currentuser', { token: stranger.token })).body.currentUser.verified).toBe(false);
  });

  it('refuses a made-up token with 400', async () => {
    const user = await signUp(stack.origin);
    const response = await api(stack.origin, 'POST', '/api/users/verify', { token: user.token, body: { token: 'x'.repeat(43) } });
    expect(response.status).toBe(400);
  });
});

describe('notifications › one e-mail per fact', () => {
  async function soldTicket(buyer: SignedInUser, seller: SignedInUser, barcode: string | null) {
    const ticketId = randomUUID();
    const orderId = randomUUID();
    const ticket = {
      id: ticketId,
      version: 0,
      title: 'Test match',
      price: 1999,
      currency: 'usd',
      sellerId: seller.id,
      eventDate: new Date(Date.now() + 86_400_000).toISOString(),
      status: 'available',
      barcode,
      hasFile: false,
    };
    expect((await deliver('ticket.created', ticket)).status).toBe(200);
    const order = {
      id: orderId,
      version: 0,
      status: 'created',
      userId: buyer.id,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      ticket: { id: ticketId, price: 1999, currency: 'usd' },
    };
    expect((await deliver('order.created', order)).status).toBe(200);
    return { ticket, orderId, completed: envelope('order.completed', { id: orderId, version: 2, ticket: { id: ticketId } }) };
  }

  it('sends the purchase and sale e-mails once, with the QR inline, however often order.completed comes', async () => {
    const [buyer, seller] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
    await waitFor(async () => (await inboxOf(seller.email)).length === 1 && (await inboxOf(buyer.email)).length === 1, {
      what: 'the users to reach notifications',
    });
    const { completed, orderId } = await soldTicket(buyer, seller, 'QR-1234-5678');
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliverEvent(stack, 'notifications', completed)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const bought = await inboxOf(buyer.email);
    expect(bought.filter((e) => e.subject.startsWith('Your ticket'))).toHaveLength(1);
    const purchase = bought.find((e) => e.subject.startsWith('Your ticket'))!;
    expect(purchase.text).toContain('QR-1234-5678');
    expect(purchase.html).toContain('cid:ticket-qr');
    expect(purchase.attachments).toEqual([expect.objectContaining({ contentId: 'ticket-qr', contentType: 'image/png' })]);
    expect(purchase.messageId).toBe(messageIdFor(`order-complete:${orderId}`).slice(1, -1));
    expect((await inboxOf(seller.email)).filter((e) => e.subject.startsWith('Sold'))).toHaveLength(1);
  });

  it('a crash between the send and its record sends nothing twice, whatever is redelivered', async () => {
    const [buyer, seller] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
    await waitFor(async () => (await inboxOf(seller.email)).length === 1 && (await inboxOf(buyer.email)).length === 1, {
      what: 'the users to reach notifications',
    });
    const { completed, orderId } = await soldTicket(buyer, seller, null);
    crashAfterSend.add(`order-complete:${orderId}`);
    const crashed = await deliverEvent(stack, 'notifications', completed);
    expect(crashed.status).toBe(500);
    // The record says the message was claimed, never that it was sent: it must not be sent again.
    const record = (await stack.platform('notifications').db.collection(MESSAGES).doc(`order-complete:${orderId}`).get()).data();
    expect(record?.status).toBe('sending');
    for (let i = 0; i < 5; i++) expect((await deliverEvent(stack, 'notifications', completed)).status).toBe(200);
    const bought = (await inboxOf(buyer.email)).filter((e) => e.subject.startsWith('Your ticket'));
    expect(bought).toHaveLength(1);
    expect(bought[0]!.text).toContain('The seller has been asked');
    expect((await inboxOf(seller.email)).filter((e) => e.subject.startsWith('Sold'))).toHaveLength(1);
    expect((await inboxOf(seller.email)).find((e) => e.subject.startsWith('Sold'))!.text).toContain('add its barcode');
  });

  it('tells the waiting buyer once when the seller adds the barcode after the sale', async () => {
    const [buyer, seller] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
    await waitFor(async () => (await inboxOf(buyer.email)).length === 1, { what: 'the buyer to reach notifications' });
    const { ticket, completed, orderId } = await soldTicket(buyer, seller, null);
    expect((await deliverEvent(stack, 'notifications', completed)).status).toBe(200);
    const sold = { ...ticket, version: 1, status: 'sold', orderId, barcode: null };
    const withBarcode = { ...sold, version: 2, barcode: 'LATE-9876' };
    for (const data of [sold, withBarcode, withBarcode]) expect((await deliver('ticket.updated', data)).status).toBe(200);
    const ready = (await inboxOf(buyer.email)).filter((e) => e.subject.startsWith('Your ticket is ready'));
    expect(ready).toHaveLength(1);
    expect(ready[0]!.text).toContain('LATE-9876');
  });

  it('tells the seller once that a payout was sent, with the amount in the currency’s own decimals', async () => {
    const seller = await signUp(stack.origin);
    await waitFor(async () => (await inboxOf(seller.email)).length === 1, { what: 'the seller to reach notifications' });
    const paid = envelope('payout.paid', { id: randomUUID(), orderId: randomUUID(), sellerId: seller.id, net: 90_000, currency: 'kwd', transferId: 'tr_1' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliverEvent(stack, 'notifications', paid)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    const sent = (await inboxOf(seller.email)).filter((e) => e.subject.startsWith('Payout sent'));
    expect(sent).toHaveLength(1);
    // 90,000 fils is 90 KWD (three decimals), not 900.
    expect(sent[0]!.subject).toMatch(/^Payout sent: KWD\s90\.000$/); // Intl puts a no-break space after the code
    expect(sent[0]!.text).toContain('http://shop.test/payouts');
  });
});
