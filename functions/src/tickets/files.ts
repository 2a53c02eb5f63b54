import { NotFoundError } from '@tickethub/shared';
import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { isLocalStorage } from '../platform/storage';
import { TicketErrors } from './errors';

/**
 * Locally only: serves a stored file to whoever holds a signed, unexpired URL (what Cloud Storage's V4 signed URLs
 * do in the cloud). Not registered when the files are in a bucket.
 */
export function localFilesRoute({ storage }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/tickets/files/:key',
    access: 'public',
    undocumented: true,
    params: z.object({ key: z.string() }),
    query: z.object({ expires: z.string().default(''), signature: z.string().default('') }),
    handler: async ({ params, query, res }) => {
      const key = params.key.replace('~', '/');
      if (!isLocalStorage(storage) || !storage.verify(key, query.expires, query.signature))
        throw new NotFoundError('File not found', TicketErrors.FILE_NOT_FOUND);
      const data = await storage.read(key);
      if (!data) throw new NotFoundError('File not found', TicketErrors.FILE_NOT_FOUND);
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('content-disposition', 'attachment; filename="ticket.pdf"');
      res.status(200).type('application/pdf').send(data);
    },
  });
}
