'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { TicketStatus } from '@tickethub/shared';
import { useCurrentUser } from '@/components/layout/current-user';
import type { FormState } from '@/components/ui/form-state';
import { ActionButton } from './action-button';

/**
 * The parts of a ticket page that depend on who looks and on the ticket's state right now. The page around them is
 * cached for everyone; these ask the API from the browser: the ticket afresh (no cache), and who is signed in.
 */
type Fresh = { status: TicketStatus; sellerId: string } | 'gone' | undefined;

const fresh = new Map<string, Promise<Fresh>>();

function readFresh(id: string): Promise<Fresh> {
  let pending = fresh.get(id);
  if (!pending) {
    pending = fetch(`/api/tickets/${encodeURIComponent(id)}`, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(async (response) => (response.status === 404 ? 'gone' : response.ok ? ((await response.json()) as Fresh) : undefined))
      .catch(() => undefined)
      .finally(() => setTimeout(() => fresh.delete(id), 0));
    fresh.set(id, pending);
  }
  return pending;
}

function useFreshTicket(id: string): Fresh {
  const [state, setState] = useState<Fresh>(undefined);
  useEffect(() => {
    let live = true;
    void readFresh(id).then((value) => {
      if (live) setState(value);
    });
    return () => {
      live = false;
    };
  }, [id]);
  return state;
}

export function SellerName({ sellerId }: { sellerId: string }) {
  const { user } = useCurrentUser();
  return <>{user?.id === sellerId ? 'You' : `Seller ${sellerId.slice(0, 6)}`}</>;
}

export function BuyBox({ ticketId, sellerId, reserve }: { ticketId: string; sellerId: string; reserve: (state: FormState) => Promise<FormState> }) {
  const ticket = useFreshTicket(ticketId);
  const { known, user } = useCurrentUser();
  if (ticket === undefined || !known) {
    return (
      <p className="muted" role="status">
        Checking availability…
      </p>
    );
  }
  const status = ticket === 'gone' ? 'withdrawn' : ticket.status;
  if (status === 'reserved') return <p>Someone is buying this ticket right now. If they don&apos;t pay in time, it comes back on sale.</p>;
  if (status === 'sold') return <p>This ticket has been sold.</p>;
  if (status === 'withdrawn') return <p>The seller withdrew this listing.</p>;
  if (user?.id === sellerId) return <p>This is your listing. Buyers see a Buy button here.</p>;
  if (!user) {
    return (
      <p>
        <Link href={`/signin?next=${encodeURIComponent(`/tickets/${ticketId}`)}`} className="button" prefetch={false}>
          Sign in to buy
        </Link>
      </p>
    );
  }
  return (
    <>
      <p className="muted">Buying reserves the ticket for you while you pay.</p>
      <ActionButton action={reserve} label="Buy" pending="Reserving…" />
    </>
  );
}

/** The seller's (or a moderator's) own controls, while the listing can still change. */
export function ManageListing({ ticketId, sellerId, withdraw }: { ticketId: string; sellerId: string; withdraw: (state: FormState) => Promise<FormState> }) {
  const ticket = useFreshTicket(ticketId);
  const { user } = useCurrentUser();
  const mine = !!user && user.id === sellerId;
  if (!(mine || user?.role === 'admin') || typeof ticket !== 'object' || ticket.status !== 'available') return null;
  return (
    <section aria-labelledby="manage" className="manage">
      <h2 id="manage">{mine ? 'Your listing' : 'Moderation'}</h2>
      <div className="row">
        {mine ? (
          <Link href={`/tickets/${ticketId}/edit`} className="button button-secondary">
            Edit listing
          </Link>
        ) : null}
        <ActionButton action={withdraw} label="Withdraw listing" pending="Withdrawing…" variant="danger" />
      </div>
    </section>
  );
}
