import Link from 'next/link';
import type { Payout } from '@tickethub/shared';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatPrice } from '@/lib/format';
import type { Viewer } from '@/lib/viewer';

const WHY_HELD = {
  'awaiting-release': 'Paid out after the event',
  'awaiting-onboarding': 'Waiting for your payout account: finish onboarding to be paid',
  'transfer-refused': 'Stripe refused the transfer; we retry automatically',
  dispute: 'The buyer disputed the payment; held until their bank decides',
} as const;

/** One payout: the sale, the split (gross, fee, net), its state and when it is (or was) released. */
export function PayoutRow({ payout, viewer }: { payout: Payout; viewer: Viewer }) {
  const money = (amount: number) => formatPrice(amount, payout.currency, viewer.locale);
  return (
    <li className="row-item" data-payout-id={payout.id} data-order-id={payout.orderId}>
      <div className="row-main">
        <h3>
          <Link href={`/tickets/${payout.ticketId}`}>Sale of order {payout.orderId.slice(0, 8)}</Link>
        </h3>
        <p className="muted">
          {money(payout.gross)} − fee {money(payout.fee)} · release <EventDate iso={payout.releaseAt} viewer={viewer} />
        </p>
        {payout.holdReason ? (
          <p className="muted">
            {payout.holdReason === 'awaiting-onboarding' ? <Link href="/get-paid">{WHY_HELD[payout.holdReason]}</Link> : WHY_HELD[payout.holdReason]}
            {payout.lastError ? ` (${payout.lastError})` : ''}
          </p>
        ) : null}
      </div>
      <p className="price" aria-label={`You receive ${money(payout.net)}`}>
        {money(payout.net)}
      </p>
      <StatusBadge status={payout.status} />
    </li>
  );
}
