import { minorToAmount, minorUnitExponent } from '@tickethub/shared';

/** The words of each e-mail, plain text and HTML. Pure functions: table-tested, no I/O. */
export interface MessageContent {
  kind: string;
  subject: string;
  text: string;
  html: string;
  barcode?: string | null;
  fileKey?: string | null;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (paragraphs: string[]) => `<!doctype html><html><body style="font-family:sans-serif">${paragraphs.join('')}</body></html>`;
const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
const link = (href: string, label: string) => `<p><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>`;

export function verificationMessage(publicUrl: string, token: string): MessageContent {
  const url = `${publicUrl}/verify?token=${encodeURIComponent(token)}`;
  return {
    kind: 'verify-email',
    subject: 'Confirm your e-mail address',
    text: `Welcome to TicketHub.\n\nConfirm your address by opening this link:\n${url}\n`,
    html: page([p('Welcome to TicketHub.'), link(url, 'Confirm your e-mail address')]),
  };
}

/** The buyer's ticket: the QR code inline and the file attached when the seller supplied them. */
export function orderCompleteMessage(publicUrl: string, orderId: string, title: string, barcode: string | null, fileKey: string | null): MessageContent {
  const url = `${publicUrl}/orders/${orderId}`;
  const delivery = barcode
    ? [`Your ticket's barcode: ${barcode}`, 'Show the QR code below at the entrance.']
    : ['The seller has been asked for the ticket; we will e-mail it to you as soon as they supply it.'];
  return {
    kind: 'order-complete',
    subject: `Your ticket: ${title}`,
    text: [`Payment received for "${title}".`, ...delivery, ...(fileKey ? ['The ticket file is attached.'] : []), `Your order: ${url}`].join('\n\n') + '\n',
    html: page([
      p(`Payment received for “${title}”.`),
      ...delivery.map(p),
      ...(barcode ? ['<p><img src="cid:ticket-qr" alt="QR code of your ticket" width="240" height="240"></p>'] : []),
      ...(fileKey ? [p('The ticket file is attached.')] : []),
      link(url, 'Your order'),
    ]),
    barcode,
    fileKey,
  };
}

export function ticketReadyMessage(publicUrl: string, orderId: string, title: string, barcode: string, fileKey: string | null): MessageContent {
  return { ...orderCompleteMessage(publicUrl, orderId, title, barcode, fileKey), kind: 'ticket-ready', subject: `Your ticket is ready: ${title}` };
}

export function ticketSoldMessage(publicUrl: string, ticketId: string, title: string, hasBarcode: boolean): MessageContent {
  const url = `${publicUrl}/tickets/${ticketId}/edit`;
  const ask = hasBarcode ? [] : ['The buyer is waiting for the ticket: please add its barcode (and the PDF, if you have one).'];
  return {
    kind: 'ticket-sold',
    subject: `Sold: ${title}`,
    text: [`Your ticket "${title}" has been sold.`, ...ask, `Your listing: ${url}`].join('\n\n') + '\n',
    html: page([p(`Your ticket “${title}” has been sold.`), ...ask.map(p), link(url, 'Your listing')]),
  };
}

export function holdExpiredMessage(publicUrl: string, ticketId: string, title: string): MessageContent {
  const url = `${publicUrl}/tickets/${ticketId}`;
  return {
    kind: 'hold-expired',
    subject: `Your hold expired: ${title}`,
    text: `Your reservation of "${title}" expired before payment. If it is still available you can reserve it again:\n${url}\n`,
    html: page([p(`Your reservation of “${title}” expired before payment.`), link(url, 'See the listing')]),
  };
}

export function refundMessage(publicUrl: string, orderId: string, title: string): MessageContent {
  const url = `${publicUrl}/orders/${orderId}`;
  return {
    kind: 'refund',
    subject: `Refund issued: ${title}`,
    text: `We have refunded your payment for "${title}". It reaches your card within a few days.\n${url}\n`,
    html: page([p(`We have refunded your payment for “${title}”. It reaches your card within a few days.`), link(url, 'Your order')]),
  };
}

/** An amount in minor units as people read it, with the currency's real number of decimals (JPY none, KWD three). */
function formatAmount(minor: number, currency: string): string {
  const digits = minorUnitExponent(currency);
  return new Intl.NumberFormat('en', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorToAmount(minor, currency));
}

export function payoutSentMessage(publicUrl: string, net: number, currency: string): MessageContent {
  const url = `${publicUrl}/payouts`;
  const amount = formatAmount(net, currency);
  return {
    kind: 'payout-sent',
    subject: `Payout sent: ${amount}`,
    text: `We have sent ${amount} from your sale to your Stripe account. Stripe pays it out to your bank on your payout schedule.\n${url}\n`,
    html: page([
      p(`We have sent ${amount} from your sale to your Stripe account. Stripe pays it out to your bank on your payout schedule.`),
      link(url, 'Your payouts'),
    ]),
  };
}
