import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePorts } from './ports';
import { REPO_ROOT } from './settings';
import { java21Home } from './firebase-exec';

describe('local › firebase emulators:exec', () => {
  it('runs a command with FIRESTORE_EMULATOR_HOST pointing at a Firestore emulator that Firebase tools started', async () => {
    if (!java21Home()) {
      // firebase-tools refuses to start its emulators below Java 21; the README says so.
      console.warn('No Java 21+ on this machine: firebase emulators:exec cannot run here');
      expect(java21Home()).toBeNull();
      return;
    }
    // The project's firebase.json with free ports, so a running `npm start` (on 8080) or another suite on the same
    // machine does not collide: firebase-tools also listens on fixed ports of its own (hub 4400, logging 4500,
    // Firestore's websocket 9150), and a second run at the same moment failed on 4500 with exit code 2 (CI run 28).
    const [port, hub, logging, websocket] = await freePorts(4);
    const configPath = join(REPO_ROOT, '.local', 'firebase', `firebase-test-${port}.json`);
    mkdirSync(dirname(configPath), { recursive: true });
    const base = JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8'));
    base.firestore = { rules: join(REPO_ROOT, 'firestore.rules'), indexes: join(REPO_ROOT, 'firestore.indexes.json') };
    base.emulators.firestore = { ...base.emulators.firestore, port, websocketPort: websocket };
    base.emulators.hub = { host: '127.0.0.1', port: hub };
    base.emulators.logging = { host: '127.0.0.1', port: logging };
    writeFileSync(configPath, JSON.stringify(base));
    const probe = `node -e "fetch('http://'+process.env.FIRESTORE_EMULATOR_HOST+'/').then(r=>r.text()).then(t=>console.log('EMULATOR='+t.trim()+' HOST='+process.env.FIRESTORE_EMULATOR_HOST))"`;
    const run = spawnSync('npx', ['tsx', join('dev', 'stack', 'firebase-exec.ts'), probe], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, FIREBASE_CONFIG_PATH: configPath },
    });
    expect(`${run.stdout}`).toContain(`EMULATOR=Ok HOST=127.0.0.1:${port}`);
    // On failure, show firebase-tools' own explanation rather than a bare exit code.
    expect(run.status === 0 ? 0 : `exit ${run.status}: ${run.stderr}`).toBe(0);
  });
});
