import type { OrderTicket } from '@tickethub/shared';
import { RefreshWhileMounted } from '@/components/orders/refresh-while';

/**
 * The buyer's ticket on a complete order: the QR code (an SVG the API rendered from the barcode, no client code),
 * the barcode as text and the file. Until the seller supplies the barcode the page says so and asks again now and then.
 */
export function OrderTicketPanel({ ticket }: { ticket: OrderTicket | null }) {
  if (!ticket) return null;
  return (
    <section className="card stack" aria-label="Your ticket">
      <h2>Your ticket</h2>
      {ticket.barcode && ticket.qrSvg ? (
        <>
          <div className="ticket-qr" role="img" aria-label={`QR code of barcode ${ticket.barcode}`} dangerouslySetInnerHTML={{ __html: ticket.qrSvg }} />
          <p>
            Barcode:{' '}
            <span className="mono" data-testid="ticket-barcode">
              {ticket.barcode}
            </span>
          </p>
        </>
      ) : (
        <div role="status" className="alert alert-info">
          <p>The seller has been asked for the ticket’s barcode. This page updates as soon as they add it, and we e-mail it to you.</p>
          <RefreshWhileMounted everyMs={5000} />
        </div>
      )}
      {ticket.fileUrl ? (
        <p>
          <a className="button" href={ticket.fileUrl} download="ticket.pdf">
            Download the ticket (PDF)
          </a>
        </p>
      ) : null}
    </section>
  );
}
