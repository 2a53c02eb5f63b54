import { readFileSync } from 'node:fs';
import { freePorts, isPortTaken } from './ports';

describe('freePorts', () => {
  test('hands out distinct free ports below the ephemeral range, where no outgoing connection is given one', async () => {
    const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(15000);
      expect(port).toBeLessThan(ephemeralLow);
      expect(await isPortTaken(port)).toBe(false);
    }
  });
});
