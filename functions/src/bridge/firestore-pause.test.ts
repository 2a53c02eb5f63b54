import { startFirestoreEmulator, type FirestoreEmulator } from '@tickethub/dev/stack/firestore-emulator';
import { freePort } from '@tickethub/dev/stack/ports';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, listedTicket } from '@tickethub/dev/testing/fixtures';
import { expectDomainsAgree } from '@tickethub/dev/testing/invariants';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { createDeadLetters } from '../platform/dead-letters';
import { TICKET_REPLICA } from '../orders/replica';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';
import { recordPhase } from '@tickethub/dev/testing/phase-timings';

/**
 * Firestore hangs (the emulator process frozen with SIGSTOP) under traffic. This file runs its own emulator: the
 * shared one serves every other test file of the run, which must not freeze with it.
 */
const PAUSE_MS = 15_000;

let emulator: FirestoreEmulator;
let previousHost: string | undefined;
let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
beforeAll(async () => {
  emulator = await startFirestoreEmulator(await freePort());
  previousHost = process.env.FIRESTORE_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders'],
    // Backoff grows past the request timeout, as production's does (1 s doubling to minutes, 10 s timeout): with a cap
    // below it, every timed-out delivery was redelivered while Firestore still worked on it, and after the resume the
    // duplicates of one event held each other's locks (a CI run timed out waiting for the replica).
    bridge: { retryBudgetMs: 120_000, minDeliveries: 3, baseBackoffMs: 250, maxBackoffMs: 4000, requestTimeoutMs: 3000 },
  });
  [seller, buyer] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(async () => {
  emulator.child.process.kill('SIGCONT');
  await stack.close();
  await emulator.stop();
  process.env.FIRESTORE_EMULATOR_HOST = previousHost;
});

describe('events › Firestore paused under traffic', () => {
  it('loses no event and the domains agree again once Firestore answers', async () => {
    const listed = await Promise.all(Array.from({ length: 3 }, () => listedTicket(stack, seller)));
    const before = await Promise.all(Array.from({ length: 3 }, () => createTicket(stack, seller)));
    emulator.child.process.kill('SIGSTOP');
    // Requests made while it hangs wait (or fail with a 5xx the client may retry); the bridge's deliveries time out.
    const during = Promise.all([
      Promise.all(Array.from({ length: 3 }, () => createTicket(stack, seller).catch(() => null))),
      Promise.all(listed.map((t) => api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: t.id } }))),
    ]);
    // The fault's duration is the point here (no condition to wait for): Firestore stays frozen this long.
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    recordPhase('fault hold', PAUSE_MS);
    emulator.child.process.kill('SIGCONT');
    const [created] = await during;
    const ids = [...before, ...created.filter((t): t is { id: string } => t !== null)].map((t) => t.id);
    const db = stack.platform('orders').db;
    await waitFor(async () => (await Promise.all(ids.map((id) => db.collection(TICKET_REPLICA).doc(id).get()))).every((doc) => doc.exists), {
      what: 'every ticket in the replica',
      timeoutMs: EVENTUALLY_MS,
    });
    expect(await createDeadLetters(db).count()).toBe(0);
    await expectDomainsAgree(stack);
  });
});
