import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Firestore } from '@google-cloud/firestore';
import type { BenchStack } from './stack';

/** One line of the table and of .bench/results.json. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  /** The same kind of number for the floor, measured in the same run; null where the figure has no floor. */
  floor: number | null;
  /** value / floor (for times, floor / value would read the other way: the goal says which). */
  ratio: number | null;
  goal: string;
  met: boolean;
  note?: string;
}

export interface BenchContext {
  stack: BenchStack;
  db: Firestore;
  quick: boolean;
  log(message: string): void;
  /** Shared between figures of one run (e.g. the emulator floor measured once). */
  memo: Map<string, unknown>;
}

/** A figure: one file in bench/figures/, listed in bench/figures/index.ts; it returns its rows. */
export interface Figure {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export function ratioRow(name: string, value: number, unit: string, floor: number, goal: { atLeast?: number; atMost?: number }, note?: string): Row {
  const ratio = floor > 0 ? value / floor : null;
  const met = ratio !== null && (goal.atLeast === undefined || ratio >= goal.atLeast) && (goal.atMost === undefined || ratio <= goal.atMost);
  const text = goal.atLeast !== undefined ? `≥ ${goal.atLeast}× floor` : `≤ ${goal.atMost}× floor`;
  return { name, value: round(value), unit, floor: round(floor), ratio: ratio === null ? null : round(ratio), goal: text, met, ...(note ? { note } : {}) };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The table `npm run bench` prints (Markdown, so README can hold it as printed). */
export function formatTable(rows: Row[]): string {
  const header = ['figure', 'value', 'floor', 'ratio', 'goal', 'met'];
  const lines = rows.map((row) => [
    row.name,
    `${row.value} ${row.unit}`,
    row.floor === null ? '—' : `${row.floor} ${row.unit}`,
    row.ratio === null ? '—' : `${row.ratio}×`,
    row.goal,
    row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n');
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `work` over `items` with at most `concurrency` at once; returns the elapsed seconds. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  statuses: Record<string, number>;
  seconds: number;
}

/**
 * Load from autocannon's programmatic API, with its progress bar on long runs. `next` builds each request (so every
 * request can carry its own ticket and buyer); `amount` or `seconds` bounds the run.
 */
export async function load(options: {
  title: string;
  url: string;
  connections: number;
  amount?: number;
  seconds?: number;
  method?: 'GET' | 'POST';
  path?: string;
  next?: () => { path: string; headers?: Record<string, string>; body?: string } | null;
}): Promise<LoadResult> {
  const { next } = options;
  let instance: autocannon.Instance | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        title: options.title,
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
        requests: [
          {
            method: options.method ?? 'GET',
            // Without a path of its own, the URL's path and query (autocannon's request path would replace them with '/').
            path: options.path ?? `${new URL(options.url).pathname}${new URL(options.url).search}`,
            ...(next
              ? {
                  setupRequest: (request: autocannon.Request) => {
                    const built = next();
                    if (!built) return request;
                    return {
                      ...request,
                      path: built.path,
                      headers: { ...request.headers, 'content-type': 'application/json', ...built.headers },
                      body: built.body,
                    };
                  },
                }
              : {}),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    autocannon.track(instance, { renderProgressBar: process.stderr.isTTY, renderResultsTable: false, renderLatencyTable: false });
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}))
    statuses[code] = stat.count;
  const seconds = result.duration;
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    statuses,
    seconds,
  };
}
