import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './settings';
import { java21Home } from './firebase-exec';

describe('local › firebase emulators:exec', () => {
  it('runs a command with FIRESTORE_EMULATOR_HOST pointing at a Firestore emulator that Firebase tools started', () => {
    if (!java21Home()) {
      // firebase-tools refuses to start its emulators below Java 21; the README says so.
      console.warn('No Java 21+ on this machine: firebase emulators:exec cannot run here');
      expect(java21Home()).toBeNull();
      return;
    }
    const probe = `node -e "fetch('http://'+process.env.FIRESTORE_EMULATOR_HOST+'/').then(r=>r.text()).then(t=>console.log('EMULATOR='+t.trim()+' HOST='+process.env.FIRESTORE_EMULATOR_HOST))"`;
    const run = spawnSync('npx', ['tsx', join('functions', 'src', 'local', 'firebase-exec.ts'), probe], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(`${run.stdout}`).toMatch(/EMULATOR=Ok HOST=127\.0\.0\.1:8080/);
    expect(run.status).toBe(0);
  });
});
