import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A block of the JSON form of HCL: nested blocks are arrays, expressions are "${...}" strings. */
export type Block = Record<string, unknown>;

/** One Terraform module directory: its .tf files and their merged JSON form. */
export interface TfModule {
  dir: string;
  files: { path: string; text: string }[];
  json: Block;
}

const isObject = (value: unknown): value is Block => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Files of one module merge by concatenating blocks of the same kind and name, as Terraform does. */
function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isObject(a) && isObject(b)) {
    const out: Block = { ...a };
    for (const [key, value] of Object.entries(b)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  }
  return b;
}

export async function loadModule(dir: string): Promise<TfModule> {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.tf'))
    .sort();
  const files = names.map((name) => ({ path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
  const parsed = await Promise.all(files.map((file) => parse(file.path, file.text) as Promise<Block>));
  return { dir, files, json: parsed.reduce<Block>((all, one) => merge(all, one) as Block, {}) };
}

/** The single body of a block that HCL allows once (`[ {...} ]` in the JSON form), or of an attribute object. */
export function body(value: unknown): Block {
  const first = Array.isArray(value) ? value[0] : value;
  if (!isObject(first)) throw new Error(`Expected a block, got ${JSON.stringify(value)}`);
  return first;
}

/** Every body of a repeatable nested block (`env`, `path_rule`, …); none when absent. */
export function bodies(value: unknown): Block[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter(isObject);
}

/** Follows nested single blocks: nested(fn, 'build_config', 'source'). */
export function nested(block: Block, ...path: string[]): Block {
  return path.reduce<Block>((current, key) => body(current[key]), block);
}

/** `[name, body]` of every resource (or data source) of one type. */
export function resourcesOf(module: TfModule, type: string, kind: 'resource' | 'data' = 'resource'): [string, Block][] {
  const byType = (module.json[kind] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(byType[type] ?? {}).map(([name, value]) => [name, body(value)]);
}

/** Every resource of the module with its type. */
export function allResources(module: TfModule): { type: string; name: string; block: Block }[] {
  const byType = (module.json.resource ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(byType).flatMap(([type, named]) => Object.entries(named).map(([name, value]) => ({ type, name, block: body(value) })));
}

export function moduleCalls(module: TfModule): [string, Block][] {
  return Object.entries((module.json.module ?? {}) as Record<string, unknown>).map(([name, value]) => [name, body(value)]);
}

export function locals(module: TfModule): Block {
  return bodies(module.json.locals).reduce<Block>((all, one) => ({ ...all, ...one }), {});
}

export function variables(module: TfModule): Record<string, Block> {
  return Object.fromEntries(Object.entries((module.json.variable ?? {}) as Record<string, unknown>).map(([name, value]) => [name, body(value)]));
}

/** Every string anywhere inside a value: expressions, literals, list items. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isObject(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** Names of the `var.X` an expression (or any string inside a value) refers to. */
export function varReferences(value: unknown): Set<string> {
  const names = new Set<string>();
  for (const text of strings(value)) for (const match of text.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) names.add(match[1]!);
  return names;
}

/** The paths a `file("...")` call in an expression reads, with path.module and the given locals substituted. */
export function filesRead(expression: string, substitutions: Record<string, string>): string[] {
  return [...expression.matchAll(/file\("([^"]+)"\)/g)].map((match) =>
    Object.entries(substitutions).reduce((path, [from, to]) => path.split(from).join(to), match[1]!),
  );
}
