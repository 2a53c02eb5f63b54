import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { NODE_MAJOR, nodeMajor } from '../provision/node-runtime';
import { localNatsCredentials } from './nats-config';
import { startNatsServer, type NatsServer } from './nats-server';
import { freePort } from './ports';
import { startBridgeProcess, startFunctionProcess } from './processes';

/** The Node a running process really is, read from the kernel rather than from what the process says of itself. */
function nodeVersionOfProcess(pid: number): string {
  const executable = readlinkSync(`/proc/${pid}/exe`);
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${executable} (pid ${pid}) is not a Node: ${result.stderr}`);
  return result.stdout.trim();
}

describe('local › the processes npm start and npm run bench start', () => {
  let nats: NatsServer;
  beforeAll(async () => {
    nats = await startNatsServer(await freePort());
  });
  afterAll(() => nats?.destroy());

  // Linux's /proc tells which binary runs a process; this machine, CI and the images are Linux.
  (process.platform === 'linux' ? it : it.skip)(`run a function and the bridge on Node ${NODE_MAJOR}, as deployed`, async () => {
    const user = (service: 'auth' | 'bridge') => ({ NATS_USER: localNatsCredentials(service).user, NATS_PASSWORD: localNatsCredentials(service).pass });
    const env = { ...process.env, NODE_ENV: 'development', GOOGLE_CLOUD_PROJECT: `node-major-${randomUUID().slice(0, 8)}`, NATS_URL: nats.url };
    const auth = await startFunctionProcess('auth', { ...env, ...user('auth') });
    try {
      const bridge = await startBridgeProcess({ ...env, ...user('bridge'), BRIDGE_TARGETS: JSON.stringify({ auth: auth.url }) });
      try {
        const versions = [auth.child.process.pid!, bridge.child.process.pid!].map(nodeVersionOfProcess);
        expect(versions.map(nodeMajor)).toEqual([NODE_MAJOR, NODE_MAJOR]);
      } finally {
        await bridge.child.stop();
      }
    } finally {
      await auth.child.stop();
    }
  });
});
