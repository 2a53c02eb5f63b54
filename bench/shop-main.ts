import { measureShop } from './shop';

/**
 * `npm run bench:shop [origin]`: the shop's rows against a running `npm start` (default http://127.0.0.1:$PORT, 3000).
 * SHOP_BENCH_SECONDS shortens the load runs; SHOP_BENCH_LIGHTHOUSE=0 skips Lighthouse; SHOP_BENCH_LIGHTHOUSE_RUNS sets
 * how many Lighthouse runs per page the median is taken from (5).
 */
async function main(): Promise<void> {
  const origin = (process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  const rows = await measureShop(origin, {
    seconds: Number(process.env.SHOP_BENCH_SECONDS ?? 15),
    lighthouse: process.env.SHOP_BENCH_LIGHTHOUSE !== '0',
    lighthouseRuns: Number(process.env.SHOP_BENCH_LIGHTHOUSE_RUNS ?? 5),
    log: (line) => console.error(line),
  });
  console.table(rows.map((row) => ({ ...row, ratio: row.ratio ?? '', floor: row.floor ?? '' })));
  console.log(JSON.stringify(rows));
  if (rows.some((row) => !row.met)) process.exitCode = 1;
}

void main();
