import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './ports';
import { REPO_ROOT } from './settings';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('local › Ctrl-C stops what npm start started', () => {
  it("runs npm start's script under a runner that lets the stack stop its detached helpers, even while busy", async () => {
    // The runner exactly as package.json's start script has it, pointed at a fixture that behaves like the stack.
    const start = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain('dev/stack/start.ts');
    const command = start.replace('dev/stack/start.ts', 'dev/stack/stop-on-signal.fixture.ts');
    // Its own process group, as a terminal gives a foreground job: Ctrl-C signals the whole group.
    const job = spawn('bash', ['-c', command], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => job.once('exit', (code) => resolve(code)));
    let output = '';
    job.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let helper = 0;
    await waitFor(async () => (helper = Number(/helper (\d+)/.exec(output)?.[1] ?? 0)) > 0, { what: 'the fixture to start its helper', timeoutMs: 30_000 });
    expect(alive(helper)).toBe(true);

    process.kill(-job.pid!, 'SIGINT');
    await exited;
    await waitFor(async () => !alive(helper), { what: `the helper (pid ${helper}) to be stopped`, timeoutMs: 10_000 }).catch((error: unknown) => {
      process.kill(helper, 'SIGKILL');
      throw error;
    });
  });
});
