import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, publishedEvents, ticketBody } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { BARCODES, barcodeKey, claimHolds } from './barcodes';
import { pdfBomb, samplePdf, uploadFile } from '@tickethub/dev/testing/ticket-files';
import { LISTINGS } from './store';
import { tmpdir } from 'node:os';
import { createLocalStorage } from '../platform/storage/local-storage';

let stack: TestStack;
let seller: SignedInUser;
let rival: SignedInUser;
let stranger: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets'] });
  [seller, rival, stranger] = await Promise.all([signUp(stack.origin), signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

const code = () => `BC-${Math.random().toString(36).slice(2, 12)}`;
const list = (user: SignedInUser, barcode?: string) =>
  api(stack.origin, 'POST', '/api/tickets', { token: user.token, body: ticketBody(barcode ? { barcode } : {}) });

describe('tickets › barcodes', () => {
  it('two sellers listing one barcode at the same moment: one 201, one 409 on barcode', async () => {
    const barcode = code();
    const answers = await Promise.all([list(seller, barcode), list(rival, barcode), list(seller, barcode), list(rival, barcode)]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'barcode' })]);
  });

  it('counts spacing and case as the same barcode', async () => {
    const barcode = code();
    expect((await list(seller, barcode.toLowerCase())).status).toBe(201);
    const second = await list(rival, ` ${barcode.toUpperCase().replace('-', ' ')} `);
    expect(second.status).toBe(409);
  });

  it('counts Unicode variants of a live barcode as that barcode: 409 for each, nothing listed', async () => {
    const barcode = `AB${Date.now()}`;
    expect((await list(seller, barcode)).status).toBe(201);
    const fullWidth = [...barcode].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const variants = [
      fullWidth,
      `${barcode.slice(0, 4)}\u200B${barcode.slice(4)}`,
      `${barcode.slice(0, 2)}\u2010${barcode.slice(2)}`,
      `${barcode.slice(0, 3)}\u00AD${barcode.slice(3)}\uFEFF`,
      `${barcode.slice(0, 5)}\u00A0${barcode.slice(5)}`,
    ];
    const rivalsListings = async () => (await api(stack.origin, 'GET', '/api/tickets?mine=true&limit=100', { token: rival.token })).body.items.length;
    const before = await rivalsListings();
    for (const variant of variants) {
      const refused = await list(rival, variant);
      expect([variant, refused.status, refused.body.errors?.[0]?.field]).toEqual([variant, 409, 'barcode']);
    }
    expect(await rivalsListings()).toBe(before);
  });

  it('checks the claim on an edit of only the event date: a date edit cannot take back a barcode another listing holds', async () => {
    const barcode = code();
    const first = (await list(seller, barcode)).body;
    // The first listing's event passed by the claim's date (as it would have), and another seller listed the code.
    await stack
      .platform('tickets')
      .db.collection(BARCODES)
      .doc(barcodeKey(barcode))
      .update({ eventDate: new Date(Date.now() - 1000) });
    const second = await list(rival, barcode);
    expect(second.status).toBe(201);
    const moved = await api(stack.origin, 'PUT', `/api/tickets/${first.id}`, {
      token: seller.token,
      body: { eventDate: new Date(Date.now() + 60 * 86_400_000).toISOString() },
    });
    expect(moved.status).toBe(409);
    expect(moved.body.errors[0]).toMatchObject({ field: 'barcode' });
    const claim = await stack.platform('tickets').db.collection(BARCODES).doc(barcodeKey(barcode)).get();
    expect(claim.get('ticketId')).toBe(second.body.id);
    expect((await api(stack.origin, 'GET', `/api/tickets/${first.id}`, { token: seller.token })).body.version).toBe(first.version);
  });

  it('never shows the barcode: the seller sees the last four, others and the public nothing', async () => {
    const barcode = code();
    const created = await list(seller, barcode);
    expect(created.body.barcodeHint).toBe(`…${barcode.slice(-4)}`);
    expect(JSON.stringify(created.body)).not.toContain(barcode);
    for (const token of [undefined, stranger.token]) {
      const one = await api(stack.origin, 'GET', `/api/tickets/${created.body.id}`, { token });
      const many = await api(stack.origin, 'GET', '/api/tickets?limit=100', { token });
      for (const body of [one.body, many.body]) {
        expect(JSON.stringify(body)).not.toContain(barcode);
        expect(JSON.stringify(body)).not.toContain('barcodeHint');
        expect(JSON.stringify(body)).not.toContain('hasFile');
      }
    }
    const mine = await api(stack.origin, 'GET', '/api/tickets?mine=true', { token: seller.token });
    expect(mine.body.items.find((t: { id: string }) => t.id === created.body.id).barcodeHint).toBe(`…${barcode.slice(-4)}`);
  });

  it('a withdrawn listing frees its barcode', async () => {
    const barcode = code();
    const first = await list(seller, barcode);
    expect((await list(rival, barcode)).status).toBe(409);
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${first.body.id}`, { token: seller.token })).status).toBe(204);
    expect((await list(rival, barcode)).status).toBe(201);
  });

  it('changing the barcode frees the old one and claims the new one', async () => {
    const [a, b] = [code(), code()];
    const ticket = (await list(seller, a)).body;
    expect((await api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { barcode: b } })).status).toBe(200);
    expect((await list(rival, a)).status).toBe(201);
    expect((await list(rival, b)).status).toBe(409);
  });

  it('a seller adds a missing barcode after the sale but cannot change one', async () => {
    const ticket = await createTicket(stack, seller);
    await stack.platform('tickets').db.collection(LISTINGS).doc(ticket.id).update({ status: 'sold' });
    const barcode = code();
    const added = await api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { barcode } });
    expect(added.status).toBe(200);
    const updates = await publishedEvents(stack.platform('tickets'), 'ticket.updated');
    expect(updates.find((e) => e.data.id === ticket.id)?.data.barcode).toBe(barcode);
    const changed = await api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { barcode: code() } });
    expect(changed.status).toBe(409);
    const otherEdit = await api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { price: 25 } });
    expect(otherEdit.status).toBe(409);
  });

  it('a claim whose event has passed no longer holds', async () => {
    const barcode = code();
    await stack
      .platform('tickets')
      .db.collection(BARCODES)
      .doc(barcodeKey(barcode))
      .set({ ticketId: 'old', sellerId: 'x', eventDate: new Date(Date.now() - 1000) });
    expect((await list(rival, barcode)).status).toBe(201);
    expect(claimHolds({ ticketId: 'a', sellerId: 's', eventDate: new Date(Date.now() + 1000) }, 'b')).toBe(true);
    expect(claimHolds({ ticketId: 'a', sellerId: 's', eventDate: new Date(Date.now() + 1000) }, 'a')).toBe(false);
  });

  it('400 for a barcode shorter than 4 characters', async () => {
    const response = await list(seller, 'ab');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'barcode' })]);
  });
});

describe('tickets › file', () => {
  it('stores a real PDF for the seller and says so to the seller only', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await uploadFile(stack.origin, ticket.id, seller.token, await samplePdf())).status).toBe(204);
    const own = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token: seller.token });
    expect(own.body).toMatchObject({ hasFile: true, version: 1 });
    const other = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token: stranger.token });
    expect(other.body.hasFile).toBeUndefined();
    expect(await stack.platform('tickets').storage.read(`tickets/${ticket.id}.pdf`)).not.toBeNull();
  });

  it('refuses something that only starts like a PDF with 400, and nothing is stored', async () => {
    const ticket = await createTicket(stack, seller);
    const fake = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 65)]);
    const response = await uploadFile(stack.origin, ticket.id, seller.token, fake);
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'file' });
    expect(await stack.platform('tickets').storage.read(`tickets/${ticket.id}.pdf`)).toBeNull();
  });

  it('refuses decompression bombs of both sizes with 400 on file while the function keeps answering', async () => {
    const ticket = await createTicket(stack, seller);
    const bombs = [pdfBomb({ decodedBytes: 256 * 1024 * 1024, chained: true }), pdfBomb({ decodedBytes: 400 * 1024 * 1024, chained: false })];
    expect(bombs[0]!.length).toBeLessThan(1024);
    expect(bombs[1]!.length).toBeLessThan(2 * 1024 * 1024);
    const reads = () => Promise.all(Array.from({ length: 5 }, () => api(stack.origin, 'GET', `/api/tickets/${ticket.id}`)));
    const [uploads, gets] = await Promise.all([
      Promise.all([...bombs, ...bombs].map((bomb) => uploadFile(stack.origin, ticket.id, seller.token, bomb))),
      reads(),
    ]);
    for (const refused of uploads) {
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/refused/) });
    }
    expect(gets.map((get) => get.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await stack.platform('tickets').storage.read(`tickets/${ticket.id}.pdf`)).toBeNull();
    expect((await uploadFile(stack.origin, ticket.id, seller.token, await samplePdf())).status).toBe(204);
  });

  it('refuses a file URL signed with the secret that used to be the public default; serves one signed by this stack', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await uploadFile(stack.origin, ticket.id, seller.token, await samplePdf())).status).toBe(204);
    const key = `tickets/${ticket.id}.pdf`;
    const forged = await createLocalStorage(tmpdir(), 'tickethub-local-internal-secret').signedUrl(key, 300);
    expect((await fetch(`${stack.origin}${forged}`)).status).toBe(404);
    const genuine = await stack.platform('tickets').storage.signedUrl(key, 300);
    expect((await fetch(`${stack.origin}${genuine}`)).status).toBe(200);
  });

  it('415 for another media type, 413 over 2 MB, 403 for someone else', async () => {
    const ticket = await createTicket(stack, seller);
    const pdf = await samplePdf();
    // The envelope names what the route takes (it used to say application/json here too).
    for (const [type, data] of [
      ['application/octet-stream', pdf],
      ['application/json', Buffer.from('{}')],
    ] as const) {
      const refused = await uploadFile(stack.origin, ticket.id, seller.token, data, type);
      expect([refused.status, refused.body.errors[0].message]).toEqual([415, 'Request body must be application/pdf']);
    }
    expect((await uploadFile(stack.origin, ticket.id, seller.token, Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]))).status).toBe(413);
    expect((await uploadFile(stack.origin, ticket.id, stranger.token, pdf)).status).toBe(403);
  });

  it('JSON routes still refuse bodies over 100 kB', async () => {
    const response = await api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticketBody({ description: 'x'.repeat(120_000) }) });
    expect(response.status).toBe(413);
  });
});
