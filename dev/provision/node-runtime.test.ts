import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { REPO_ROOT } from '../stack/settings';
import { assertNodeMajor, NODE_MAJOR, nodeMajor, PINNED_NODE_BUILDS } from './node-runtime';

const LAUNCHER = join(REPO_ROOT, 'dev', 'provision', 'node24.mjs');

/** PATH as the machine has it, without the Node 24 that npm test put first: what a fresh shell would find. */
const machinePath = () =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== dirname(process.execPath))
    .join(delimiter);

/** Runs the launcher with the machine's own `node` (Node 20 on the development machines), as npm's scripts do. */
function launch(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', [LAUNCHER, ...args], { cwd: REPO_ROOT, env: { ...process.env, PATH: machinePath() } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('provision › Node 24', () => {
  it('pins only Node 24 builds, the major the functions are deployed on', () => {
    expect(NODE_MAJOR).toBe(24);
    expect(Object.keys(PINNED_NODE_BUILDS).length).toBeGreaterThan(0);
    for (const version of Object.values(PINNED_NODE_BUILDS)) expect(nodeMajor(version)).toBe(24);
    const engines = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(`>=${NODE_MAJOR}`);
  });

  it.each([
    ['v20.20.2', false],
    ['v22.11.0', false],
    ['v24.0.0', true],
    ['v24.22.3', true],
    ['v25.1.0', false],
  ])('on %s the stack starts: %s', (version, starts) => {
    const check = () => assertNodeMajor('the stack', version, '/usr/bin/node');
    if (starts) expect(check).not.toThrow();
    else expect(check).toThrow(new RegExp(`the stack runs on Node ${version} \\(/usr/bin/node\\), but TicketHub runs on Node 24`));
  });

  it('runs this test on Node 24 (npm test went through the launcher)', () => {
    expect(nodeMajor(process.version)).toBe(24);
  });

  it("runs a command, and every Node it starts, on Node 24 whatever the machine's node is", async () => {
    // Argv form: `node` is the provisioned build itself.
    const direct = await launch(['node', '-p', 'process.versions.node']);
    expect(direct.stderr).toBe('');
    expect(nodeMajor(direct.stdout.trim())).toBe(24);
    // Shell form, as the test scripts use it: a `#!/usr/bin/env node` bin (tsx) and a child it spawns with its own Node.
    const grandchild = `require("node:child_process").execFileSync(process.execPath, ["-p", "process.version"], { stdio: "inherit" })`;
    const shell = await launch([`node -p process.version && tsx -e '${grandchild}' && node -e 'process.exit(7)'`]);
    expect(shell.stdout.trim().split('\n').map(nodeMajor)).toEqual([24, 24]);
    expect(shell.code).toBe(7);
  });

  it("passes npm's extra arguments on, quoted, and exits as the command did", async () => {
    const result = await launch(['node -e "console.log(JSON.stringify(process.argv.slice(1))); process.exit(3)"', 'a b', "it's"]);
    expect(JSON.parse(result.stdout)).toEqual(['a b', "it's"]);
    expect(result.code).toBe(3);
  });
});
