import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
// Lighthouse's own choice of the representative run (closest to the median FCP and TTI), as LHCI uses it.
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';

const run = promisify(execFile);

export interface LighthouseFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  /** How long after the load event Chromium showed the first contentful frame (0 when it did before). */
  paintHeldMs: number;
  /**
   * Lighthouse's measure of the host's CPU: its 4× slowdown is calibrated for about 1,500 (docs/throttling.md), so
   * a faster or busier host shifts every score; runs on different days are comparable only beside it.
   */
  benchmarkIndex: number;
}

/** Lighthouse runs of one page: Lighthouse's median run and every run. */
export interface PageRuns {
  median: LighthouseFigures;
  each: LighthouseFigures[];
}

/**
 * `runs` Lighthouse runs of a page, mobile with simulated throttling as by default, or with the CPU slowdown given
 * (`slowdown`, Lighthouse's cpuSlowdownMultiplier).
 */
export async function lighthousePage(url: string, headers: Record<string, string>, runs: number, slowdown?: number): Promise<PageRuns> {
  const results: LighthouseResult[] = [];
  for (let n = 0; n < runs; n++) results.push(await runLighthouse(url, headers, slowdown));
  return { median: figures(computeMedianRun(results)), each: results.map(figures) };
}

/**
 * The CPU slowdown that makes this host behave like Lighthouse's reference phone, from its benchmarkIndex: the
 * piecewise line of Lighthouse's CPU throttling calculator (docs/throttling.md; 1,533 → 4×, 2,000 → 6×, 800 → 2×).
 */
export function calibratedSlowdown(benchmarkIndex: number): number {
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return Math.max(1, 1 + (benchmarkIndex - 150) / 650);
}

/** The part of Lighthouse's result (LH.Result) read here and by its median-run helper. */
interface LighthouseResult {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; details?: { items?: Array<Record<string, number | undefined>> } }>;
  environment?: { benchmarkIndex?: number };
}

function figures(lhr: LighthouseResult): LighthouseFigures {
  const pct = (key: string) => Math.round((lhr.categories[key]?.score ?? 0) * 100);
  // The metrics audit's unsimulated timings, as the browser saw them.
  const observed = lhr.audits.metrics?.details?.items?.[0] ?? {};
  return {
    performance: pct('performance'),
    accessibility: pct('accessibility'),
    bestPractices: pct('best-practices'),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
    paintHeldMs: Math.max(0, Math.round((observed.observedFirstContentfulPaint ?? 0) - (observed.observedLoad ?? Infinity))),
    benchmarkIndex: Math.round(lhr.environment?.benchmarkIndex ?? NaN),
  };
}

/** Lighthouse's own CLI (lighthouse 12.2: 13 needs Node 22) in Debian's Chromium (CHROME_PATH, read by chrome-launcher). */
async function runLighthouse(url: string, headers: Record<string, string>, slowdown?: number): Promise<LighthouseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const out = join(dir, 'report.json');
  try {
    await run(
      process.execPath,
      [
        require.resolve('lighthouse/cli/index.js'),
        url,
        '--output=json',
        `--output-path=${out}`,
        '--quiet',
        '--only-categories=performance,accessibility,best-practices',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
        ...(slowdown === undefined ? [] : [`--throttling.cpuSlowdownMultiplier=${slowdown}`]),
        ...(Object.keys(headers).length ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as LighthouseResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
