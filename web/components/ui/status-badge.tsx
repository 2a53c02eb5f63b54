const LABELS: Record<string, string> = {
  available: 'Available',
  reserved: 'Reserved',
  sold: 'Sold',
  withdrawn: 'Withdrawn',
  created: 'Awaiting payment',
  'awaiting:payment': 'Awaiting payment',
  complete: 'Complete',
  cancelled: 'Cancelled',
  expired: 'Expired',
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
  refunded: 'Refunded',
  held: 'Held',
  paid: 'Paid',
  reversed: 'Reversed',
  none: 'Not set up',
  onboarding: 'Onboarding',
  active: 'Active',
  restricted: 'Restricted',
};

/** Text carries the meaning; colour only repeats it (each pair has ≥ 4.5:1 contrast). */
export function StatusBadge({ status }: { status: string }) {
  const tone = status.replace(':', '-');
  return <span className={`badge badge-${tone}`}>{LABELS[status] ?? status}</span>;
}
