// @ts-check
/**
 * A Jest reporter that measures the suite instead of guessing at it: every test file's wall time and project, each
 * project's total, and the expensive steps the harness records (dev/testing/phase-timings.ts) summed per phase.
 * Written to .ci/timings.json and summarised at the end of `npm test`. CommonJS because Jest loads reporters without
 * its TypeScript transform.
 */
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

class TimingReporter {
  /** @param {{ rootDir: string, maxWorkers: number }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.maxWorkers = globalConfig.maxWorkers;
    /** @type {{ file: string, project: string, ms: number, tests: number, failed: number }[]} */
    this.files = [];
    this.started = Date.now();
    // jest.config.js sets it before the global setups and the workers start; a config without it gets one here.
    this.dir = process.env.TICKETHUB_TIMINGS_DIR ?? mkdtempSync(join(tmpdir(), 'tickethub-timings-'));
    process.env.TICKETHUB_TIMINGS_DIR = this.dir;
  }

  /**
   * @param {{ path: string, context: { config: { displayName?: { name: string } | string } } }} test
   * @param {{ perfStats: { start: number, end: number }, numPassingTests: number, numFailingTests: number }} result
   */
  onTestFileResult(test, result) {
    const name = test.context.config.displayName;
    this.files.push({
      file: relative(this.rootDir, test.path),
      project: typeof name === 'string' ? name : (name?.name ?? 'default'),
      ms: result.perfStats.end - result.perfStats.start,
      tests: result.numPassingTests + result.numFailingTests,
      failed: result.numFailingTests,
    });
  }

  onRunComplete() {
    const wallMs = Date.now() - this.started;
    /** @type {Record<string, { ms: number, files: number }>} */
    const projects = {};
    for (const f of this.files) {
      const p = (projects[f.project] ??= { ms: 0, files: 0 });
      p.ms += f.ms;
      p.files += 1;
    }
    const phases = readPhases(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
    const slowest = [...this.files].sort((a, b) => b.ms - a.ms).slice(0, 15);
    const report = { wallMs, maxWorkers: this.maxWorkers, projects, phases, slowest, files: this.files };
    mkdirSync(join(this.rootDir, '.ci'), { recursive: true });
    writeFileSync(join(this.rootDir, '.ci', 'timings.json'), `${JSON.stringify(report, null, 2)}\n`);
    const s = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;
    const lines = [
      '',
      `Timings (.ci/timings.json): ${s(wallMs)} wall clock, ${this.maxWorkers} workers`,
      '  projects (sum of file times):',
      ...Object.entries(projects)
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([name, p]) => `    ${name.padEnd(14)} ${s(p.ms).padStart(9)}  ${p.files} files`),
      '  where the time goes (summed over workers):',
      ...Object.entries(phases)
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([name, p]) => `    ${name.padEnd(26)} ${s(p.ms).padStart(9)}  ${p.count}×`),
      '  slowest files:',
      ...slowest.map((f) => `    ${s(f.ms).padStart(9)}  ${f.file}`),
      '',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

/** @param {string} dir */
function readPhases(dir) {
  /** @type {Record<string, { ms: number, count: number }>} */
  const phases = {};
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      const { phase, ms } = JSON.parse(line);
      const p = (phases[phase] ??= { ms: 0, count: 0 });
      p.ms += ms;
      p.count += 1;
    }
  }
  return phases;
}

module.exports = TimingReporter;
