import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, waitFor } from '@tickethub/dev/stack/ports';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { percentile, ratioRow, type BenchContext, type Figure, type Row } from '../harness';

const FRAMEWORK = join(REPO_ROOT, 'node_modules', '.bin', 'functions-framework');
const TARGETS = ['auth', 'tickets', 'orders', 'payments', 'expiration'];

/** Process start → first HTTP answer of functions-framework serving `target` from `source`, in ms. */
async function coldStart(ctx: BenchContext, source: string, target: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(FRAMEWORK, [`--target=${target}`, `--source=${source}`, `--port=${port}`], {
    env: { ...process.env, NODE_ENV: 'development', GOOGLE_CLOUD_PROJECT: ctx.stack.projectId, NATS_URL: ctx.stack.nats.url, LOG_LEVEL: 'ERROR' },
    stdio: 'ignore',
  });
  try {
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        return response !== null;
      },
      { what: `${target} to answer`, timeoutMs: 60_000, intervalMs: 5 },
    );
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
  }
}

/** Each function of the esbuild bundle (functions/dist) against a hello-world functions-framework function. */
export const coldStarts: Figure = {
  name: 'cold start',
  async run(ctx) {
    ctx.log('building the functions bundle (esbuild)');
    const build = spawnSync('npm', ['run', 'build', '-w', 'functions'], { cwd: REPO_ROOT, stdio: 'ignore' });
    if (build.status !== 0) throw new Error('npm run build -w functions failed');
    const hello = mkdtempSync(join(tmpdir(), 'bench-hello-'));
    writeFileSync(join(hello, 'index.js'), "exports.hello = (req, res) => res.send('hello');\n");
    writeFileSync(join(hello, 'package.json'), '{"main":"index.js"}\n');
    const samples = ctx.quick ? 1 : 3;
    const median = async (source: string, target: string) => {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push(await coldStart(ctx, source, target));
      return percentile(times, 50);
    };
    try {
      const floor = await median(hello, 'hello');
      const rows: Row[] = [];
      for (const target of TARGETS) {
        ctx.log(`cold start: ${target}`);
        rows.push(
          ratioRow(
            `cold start: ${target}`,
            await median(join(REPO_ROOT, 'functions', 'dist'), target),
            'ms',
            floor,
            { atMost: 2 },
            `median of ${samples}; floor = hello-world`,
          ),
        );
      }
      return rows;
    } finally {
      rmSync(hello, { recursive: true, force: true });
    }
  },
};
