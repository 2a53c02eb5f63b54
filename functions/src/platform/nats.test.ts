import { startNatsServer, type NatsServer } from '@tickethub/dev/stack/nats-server';
import { freePort } from '@tickethub/dev/stack/ports';
import { rootLogger } from './logger';
import { DiscardPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAM_NAME } from '@tickethub/shared';
import { createNats, ensureStream, natsServers } from './nats';

describe('platform › NATS', () => {
  it('reads NATS_URL as the list of the cluster’s servers', () => {
    expect(natsServers('nats://a:4222, nats://b:4222,,nats://c:4222 ')).toEqual(['nats://a:4222', 'nats://b:4222', 'nats://c:4222']);
  });

  describe('with one node of the list down', () => {
    let server: NatsServer;
    beforeAll(async () => {
      server = await startNatsServer(await freePort());
    });
    afterAll(() => server.destroy());

    it('connects to the live node whichever place the dead one has in the list, and publishes', async () => {
      const dead = `nats://127.0.0.1:${await freePort()}`;
      const nats = createNats({ servers: natsServers(`${server.url},${dead}`), name: 'nats-list-test', log: rootLogger, ...server.credentials('admin') });
      try {
        const js = await nats.jetstream();
        const ack = await js.publish('tickethub.ticket.created', JSON.stringify({ probe: true }));
        expect(ack.seq).toBeGreaterThan(0);
      } finally {
        await nats.close();
      }
    });
  });

  describe('the stream', () => {
    let server: NatsServer;
    beforeAll(async () => {
      server = await startNatsServer(await freePort());
    });
    afterAll(() => server.destroy());

    it('corrects a stream whose discard policy differs (made with discard old, as the VMs once did) to discard new', async () => {
      const nc = await connect({ servers: server.url, ...server.credentials('admin') });
      try {
        const jsm = await jetstreamManager(nc);
        const limits = { maxAgeMs: 7 * 86_400_000, maxBytes: 64 * 1024 ** 2, enforce: true };
        await jsm.streams.delete(STREAM_NAME).catch(() => undefined);
        // What terraform/nats/startup.sh ran on main: the same limits as the bridge's, but discard old.
        await jsm.streams.add({
          name: STREAM_NAME,
          subjects: ['tickethub.>'],
          max_age: limits.maxAgeMs * 1_000_000,
          max_bytes: limits.maxBytes,
          discard: DiscardPolicy.Old,
        });
        await ensureStream(jsm, 1, limits);
        const { config } = await jsm.streams.info(STREAM_NAME);
        expect(config).toMatchObject({ discard: DiscardPolicy.New, max_bytes: limits.maxBytes, max_age: limits.maxAgeMs * 1_000_000 });
      } finally {
        await nc.close();
      }
    });
  });
});
