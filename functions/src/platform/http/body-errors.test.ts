import type { AddressInfo } from 'node:net';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { answerBodyErrorsWithEnvelope } from './body-errors';

/**
 * functions-framework parses JSON before our handler runs, as it does in Cloud Functions: a malformed body must still
 * get the API's error envelope, not Express's HTML page. getTestServer builds the same app the deployed CLI builds.
 */
describe('platform › body errors on the deployed path', () => {
  it('answers malformed JSON with a 400 in the error envelope', async () => {
    answerBodyErrorsWithEnvelope();
    http('bodyErrorsProbe', (_req, res) => void res.status(200).json({ reached: true }));
    const server = getTestServer('bodyErrorsProbe').listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"price": 1,' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(await response.json()).toEqual({ errors: [{ message: 'Request body is not valid JSON', code: 'INVALID_JSON' }] });
      const fine = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"price": 1}' });
      expect(await fine.json()).toEqual({ reached: true });
    } finally {
      server.close();
    }
  });
});
