import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
// Lighthouse's own choice of the representative run (closest to the median FCP and TTI), as LHCI uses it.
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { prepare } from './shop-fixtures';
import { FRESHNESS_GOAL_MS, measureFreshness } from './shop-freshness';

/**
 * The shop under a crowd (issue #18), against a running shop (`npm start`): the home page, a ticket page and the
 * listing API at 50 connections, each as a ratio to a static asset's rate measured in the same run, how soon the
 * cached pages show a change, then Lighthouse (mobile, simulated throttling) on the home, ticket and order pages. Rows
 * in the bench harness's shape.
 */
export interface Row {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run (null: judged against an absolute goal). */
  floor: number | null;
  ratio: number | null;
  goal: string;
  met: boolean;
}

export interface ShopBenchOptions {
  /** Seconds per autocannon run (the issue's figures: 15). */
  seconds?: number;
  connections?: number;
  /** Skip Lighthouse (e.g. no Chromium). */
  lighthouse?: boolean;
  /** Lighthouse runs per page; the median run is reported, as Lighthouse's own docs and LHCI advise (default 5). */
  lighthouseRuns?: number;
  log?: (line: string) => void;
}

const STATIC_ASSET = '/icon.svg';
/**
 * Headless Chromium sometimes withholds the frames of a page that has finished loading for up to a second or two
 * (viz's BeginFrame throttling, GoogleChrome/lighthouse#17148, open; PageSpeed Insights shows it too), and Lighthouse's
 * simulation then counts every request and task before that late first paint into FCP and LCP. Runs where the
 * observed first paint comes this long after the load event are counted, so a reader can tell a slow page from that.
 */
const PAINT_HELD_MS = 500;
const run = promisify(execFile);

export async function measureShop(origin: string, options: ShopBenchOptions = {}): Promise<Row[]> {
  const { seconds = 15, connections = 50, log = () => undefined } = options;
  const fixtures = await prepare(origin);
  const load = async (path: string) => {
    const result = await autocannon({ url: `${origin}${path}`, connections, duration: seconds });
    const failed = result.errors + result.timeouts + result.non2xx;
    log(`${path}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${failed} failed`);
    return { rate: result.requests.average, p99: result.latency.p99, failed };
  };
  // Every page once before measuring: the first request of a cached page renders it, as after a deploy.
  for (const path of ['/', fixtures.ticketPath, fixtures.listingPath]) await fetch(`${origin}${path}`).then((r) => r.text());

  const asset = await load(STATIC_ASSET);
  const home = await load('/');
  const ticket = await load(fixtures.ticketPath);
  const listing = await load(fixtures.listingPath);
  const rows: Row[] = [
    rate('static asset (icon.svg)', asset.rate, asset.rate, 1, asset.failed),
    rate('home page /', home.rate, asset.rate, 0.5, home.failed),
    latency('home page / p99', home.p99, 500),
    rate('ticket page /tickets/:id', ticket.rate, asset.rate, 0.3, ticket.failed),
    latency('ticket page p99', ticket.p99, null),
    rate('listing API filter+sort', listing.rate, asset.rate, null, listing.failed),
    latency('listing API p99', listing.p99, null),
  ];
  const freshness = await measureFreshness(origin, fixtures);
  log(`cached pages show a change after: ${freshness.map((f) => `${f.change} (${f.page}) ${f.ms} ms`).join(', ')}`);
  rows.push(latency('cached home and ticket pages show a change, slowest', Math.max(...freshness.map((f) => f.ms)), FRESHNESS_GOAL_MS));
  if (options.lighthouse !== false) {
    for (const [page, path, headers] of [
      ['home', '/', {}],
      ['ticket', fixtures.ticketPath, {}],
      ['order', fixtures.orderPath, { Cookie: `session=${fixtures.buyerToken}` }],
    ] as const) {
      const runs: LighthouseResult[] = [];
      for (let n = 0; n < (options.lighthouseRuns ?? 5); n++) runs.push(await runLighthouse(`${origin}${path}`, headers));
      const report = figures(computeMedianRun(runs));
      const each = runs.map(figures);
      const scores = each.map((run) => run.performance);
      const held = each.filter((run) => run.paintHeldMs >= PAINT_HELD_MS);
      log(
        `lighthouse ${page}: median run ${JSON.stringify(report)}; every run (performance, first paint held after load, ` +
          `host benchmarkIndex): ${each.map((run) => `${run.performance} ${run.paintHeldMs} ms ${run.benchmarkIndex}`).join(', ')}`,
      );
      const strict = page !== 'order';
      rows.push(
        score(`lighthouse ${page}: performance (median of ${runs.length})`, report.performance, strict ? 95 : null),
        score(`lighthouse ${page}: performance, lowest run`, Math.min(...scores), null),
        {
          name: `lighthouse ${page}: runs whose first paint Chromium held`,
          value: held.length,
          unit: 'runs',
          floor: null,
          ratio: null,
          goal: 'report',
          met: true,
        },
        score(`lighthouse ${page}: accessibility`, report.accessibility, 100),
        score(`lighthouse ${page}: best practices`, report.bestPractices, null),
        latency(`lighthouse ${page}: LCP`, report.lcpMs, null),
        latency(`lighthouse ${page}: TBT`, report.tbtMs, null),
      );
    }
  }
  return rows;
}

function rate(name: string, value: number, floor: number, goal: number | null, failed: number): Row {
  const ratio = floor > 0 ? round(value / floor) : 0;
  return {
    name: `${name} req/s`,
    value: round(value),
    unit: 'req/s',
    floor: round(floor),
    ratio,
    goal: goal === null ? 'report (no errors)' : `≥ ${goal}× static, no errors`,
    met: failed === 0 && (goal === null || ratio >= goal),
  };
}

function latency(name: string, value: number, goalMs: number | null): Row {
  return { name, value, unit: 'ms', floor: null, ratio: null, goal: goalMs === null ? 'report' : `≤ ${goalMs} ms`, met: goalMs === null || value <= goalMs };
}

function score(name: string, value: number, goal: number | null): Row {
  return { name, value, unit: 'score', floor: null, ratio: null, goal: goal === null ? 'report' : `≥ ${goal}`, met: goal === null || value >= goal };
}

const round = (n: number) => Math.round(n * 100) / 100;

interface LighthouseFigures {
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

/**
 * Lighthouse's own CLI (lighthouse 12.2: 13 needs Node 22), mobile with simulated throttling as by default, in
 * Debian's Chromium (CHROME_PATH, read by chrome-launcher).
 */
async function runLighthouse(url: string, headers: Record<string, string>): Promise<LighthouseResult> {
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
        ...(Object.keys(headers).length ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as LighthouseResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
