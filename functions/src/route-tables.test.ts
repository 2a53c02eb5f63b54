import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Each domain's index.ts is its table of contents: `// METHOD /path → file.ts` beside every route it mounts, so a
 * newcomer holding a URL finds the code in one step. This keeps the table true in both directions.
 */
const SRC = __dirname;
const domains = readdirSync(SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['platform', 'bridge'].includes(entry.name))
  .map((entry) => entry.name);

const tableLine = /\/\/ (GET|POST|PUT|PATCH|DELETE) (\S+) → (\S+\.ts)/g;
const routeDefinition = /method: '(GET|POST|PUT|PATCH|DELETE)',\s*path: '([^']+)'/g;

function tableOf(domain: string) {
  const source = readFileSync(join(SRC, domain, 'index.ts'), 'utf8');
  return [...source.matchAll(tableLine)].map(([, method, path, file]) => ({ method: method!, path: path!, file: resolve(SRC, domain, file!) }));
}

describe('route tables', () => {
  it.each(domains)('%s/index.ts names, for every route, the file that defines it', (domain) => {
    const table = tableOf(domain);
    expect(table.length).toBeGreaterThan(0);
    for (const row of table) {
      const defined = [...readFileSync(row.file, 'utf8').matchAll(routeDefinition)].map(([, method, path]) => `${method} ${path}`);
      expect(defined).toContain(`${row.method} ${row.path}`);
    }
  });

  it.each(domains)('every route defined in %s/ appears in its index.ts table', (domain) => {
    const listed = new Set(tableOf(domain).map((row) => `${row.method} ${row.path}`));
    const files = readdirSync(join(SRC, domain)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    for (const file of files) {
      for (const [, method, path] of readFileSync(join(SRC, domain, file), 'utf8').matchAll(routeDefinition)) {
        expect({ file, route: `${method} ${path}`, listed: listed.has(`${method} ${path}`) }).toEqual({ file, route: `${method} ${path}`, listed: true });
      }
    }
  });
});
