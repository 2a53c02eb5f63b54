/** The tickets domain's stable error codes for delivery (issue #16). */
export const TicketErrors = {
  BARCODE_IN_USE: 'TICKETS.BARCODE_IN_USE',
  BARCODE_LOCKED: 'TICKETS.BARCODE_LOCKED',
  FILE_NOT_PDF: 'TICKETS.FILE_NOT_PDF',
  FILE_TOO_LARGE: 'TICKETS.FILE_TOO_LARGE',
  FILE_LOCKED: 'TICKETS.FILE_LOCKED',
} as const;
