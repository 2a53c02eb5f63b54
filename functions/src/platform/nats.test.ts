import { startNatsServer, type NatsServer } from '@tickethub/dev/stack/nats-server';
import { freePort } from '@tickethub/dev/stack/ports';
import { rootLogger } from './logger';
import { createNats, natsServers } from './nats';

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
});
