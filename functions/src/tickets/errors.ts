/** tickets's stable error codes: clients and tests match on these, so a code never changes meaning. */
export const TicketErrors = {
  MINE_NEEDS_SESSION: 'TICKETS.MINE_NEEDS_SESSION',
  NOT_FOUND: 'TICKETS.NOT_FOUND',
  NOT_OWNER: 'TICKETS.NOT_OWNER',
  STATUS_FILTER: 'TICKETS.STATUS_FILTER',
  VERSION_MISMATCH: 'TICKETS.VERSION_MISMATCH',
} as const;
