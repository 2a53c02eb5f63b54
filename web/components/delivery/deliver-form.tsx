import { deliverTicketAction } from './actions';

/** For a reserved or sold listing that lacks its barcode or file: only those can still be added. */
export function DeliverForm({
  ticketId,
  version,
  needsBarcode,
  needsFile,
  problem,
}: {
  ticketId: string;
  version: number;
  needsBarcode: boolean;
  needsFile: boolean;
  problem?: string;
}) {
  return (
    <form action={deliverTicketAction.bind(null, ticketId, version)} className="stack form-wide">
      {problem ? (
        <p role="alert" className="alert alert-warning">
          {problem}
        </p>
      ) : null}
      {needsBarcode ? (
        <div className="field">
          <label htmlFor="deliver-barcode">Barcode</label>
          <input id="deliver-barcode" name="barcode" autoComplete="off" maxLength={200} />
        </div>
      ) : null}
      {needsFile ? (
        <div className="field">
          <label htmlFor="deliver-file">Ticket file (PDF, up to 2 MB)</label>
          <input id="deliver-file" name="ticketFile" type="file" accept="application/pdf,.pdf" />
        </div>
      ) : null}
      <div>
        <button type="submit" className="button">
          Send to the buyer
        </button>
      </div>
    </form>
  );
}
