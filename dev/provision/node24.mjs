// `node dev/provision/node24.mjs <command…>`: runs a command on Node 24, whatever Node started this script. Every npm
// script that starts a process goes through it (package.json), so the stack, Jest and its workers, functions-framework,
// the bridge, the Next server and tsx scripts run on the Node the functions are deployed on (terraform: nodejs24).
//
// When this script already runs on Node 24 it uses that Node; otherwise it provisions the pinned build from the npm
// registry (the platform's `node-<os>-<cpu>` package, which the `node` package itself installs: a plain archive of
// the official binary, fetched by npm with its integrity check) into .local/node/, once, and runs the command with
// that build's folder first on PATH, so every `node` the command starts (`#!/usr/bin/env node` included) is Node 24.
// Plain JavaScript with no dependencies: it must run on the system Node before anything else can. A command given
// as one string with spaces runs in a shell (with npm's extra arguments appended, quoted); otherwise as argv.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const pin = JSON.parse(readFileSync(join(here, 'node-version.json'), 'utf8'));

const majorOf = (version) => Number(/^v?(\d+)\./.exec(version)?.[1]);

function fail(message) {
  console.error(`provision: ${message}`);
  process.exit(1);
}

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** The pinned build in .local/node/, fetched from the npm registry when it is not there yet. */
function provisionedNode() {
  const target = `${platform()}-${arch()}`;
  const version = pin.builds[target];
  if (!version) {
    fail(`TicketHub needs Node ${pin.major}; the npm registry has no pinned build for ${target}. Install Node ${pin.major} and run npm from it.`);
  }
  const name = pin.package.replace('<platform>', platform()).replace('<arch>', arch());
  const home = join(root, '.local', 'node', `v${version}-${target}`);
  const binary = join(home, 'bin', 'node');
  if (versionOf(binary) === `v${version}`) return binary;

  console.error(`provision: Node ${version} is missing (this is ${process.version}); fetching ${name}@${version} from the npm registry`);
  mkdirSync(dirname(home), { recursive: true });
  const work = mkdtempSync(join(dirname(home), '.fetch-'));
  try {
    const packed = spawnSync('npm', ['pack', `${name}@${version}`, '--pack-destination', work, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (packed.status !== 0) fail(`npm pack ${name}@${version} failed (offline, or no such version?): install Node ${pin.major} and run npm from it`);
    const archive = join(work, packed.stdout.trim().split('\n').pop());
    const unpacked = spawnSync('tar', ['-xzf', archive, '-C', work, 'package/bin/node', 'package/LICENSE', 'package/package.json'], { stdio: 'inherit' });
    if (unpacked.status !== 0) fail(`could not unpack ${archive}`);
    rmSync(home, { recursive: true, force: true });
    // A rename, so a build that is there is whole even when two runs provision at once.
    renameSync(join(work, 'package'), home);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const got = versionOf(binary);
  if (got !== `v${version}`) fail(`${binary} reports ${got ?? 'nothing'}, not v${version}`);
  console.error(`provision: Node ${got} ready in ${home}`);
  return binary;
}

// provisionedNode() checks the build it returns reports the pinned version, so a wrong major cannot get past here.
const node = majorOf(process.version) === pin.major ? process.execPath : provisionedNode();

const [command, ...args] = process.argv.slice(2);
if (!command) fail('usage: node dev/provision/node24.mjs <command> [args…]');
const env = { ...process.env, PATH: [dirname(node), ...(process.env.PATH ?? '').split(delimiter)].join(delimiter) };
const quote = (arg) => `'${arg.replaceAll("'", `'\\''`)}'`;
const child = /\s/.test(command)
  ? spawn([command, ...args.map(quote)].join(' '), { shell: true, stdio: 'inherit', env })
  : spawn(command === 'node' ? node : command, args, { stdio: 'inherit', env });

// Ctrl-C reaches the whole foreground group; a signal sent to this process alone is passed on. The child decides
// when to exit (the stack stops what it started first), and this process exits as it did.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`${command}: ${error.message}`));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
