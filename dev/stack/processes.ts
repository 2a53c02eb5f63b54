import type { SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import type { Domain } from '@tickethub/shared';
import { startChild, type Child } from './child';
import { freePort, waitFor } from './ports';
import { REPO_ROOT } from './settings';

export interface FunctionProcess {
  domain: Domain;
  url: string;
  child: Child;
}

export interface ProcessOptions {
  /** Where it listens; a free port when absent. */
  port?: number;
  /** Its logs on this terminal (`npm start`) rather than kept for the error message of a failed start (bench). */
  showOutput?: boolean;
}

const stdioOf = ({ showOutput }: ProcessOptions): SpawnOptions => (showOutput ? { stdio: ['ignore', 'inherit', 'inherit'] } : {});

/**
 * Waits until `url` answers, or fails with the process's own last words if it exits first; a process that never
 * answers is stopped before the error is thrown, so a failed start leaves nothing behind.
 */
async function untilServing(child: Child, url: string, what: string): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (child.process.exitCode !== null) throw new Error(`${what} exited:\n${child.output() || '(its output is above)'}`);
        return fetch(url).then(
          () => true,
          () => false,
        );
      },
      { what, timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/**
 * A function in its own Node process (dev/stack/function-main.ts), configured by `env` alone. In one process, all
 * functions shared one core, and functions-framework's per-request domain (which has Node track every promise in the
 * process) taxed the bridge and everything else in it too; in the cloud each function is its own instance.
 */
export async function startFunctionProcess(domain: Domain, env: NodeJS.ProcessEnv, options: ProcessOptions = {}): Promise<FunctionProcess> {
  const bound = options.port ?? (await freePort());
  const child = startChild(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'dev', 'stack', 'function-main.ts'), domain, String(bound)], {
    cwd: REPO_ROOT,
    env,
    ...stdioOf(options),
  });
  const url = `http://127.0.0.1:${bound}`;
  await untilServing(child, `${url}/api/health`, `the ${domain} function`);
  return { domain, url, child };
}

/** The bridge as deployed (functions/src/bridge/main.ts: the Cloud Run service), in its own process. */
export async function startBridgeProcess(env: NodeJS.ProcessEnv, options: ProcessOptions = {}): Promise<{ url: string; child: Child }> {
  const port = options.port ?? (await freePort());
  const child = startChild(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'functions', 'src', 'bridge', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    ...stdioOf(options),
  });
  const url = `http://127.0.0.1:${port}`;
  await untilServing(child, `${url}/healthz`, 'the bridge');
  return { url, child };
}
