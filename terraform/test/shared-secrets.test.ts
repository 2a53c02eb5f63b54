import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deployableEnvs } from '@tickethub/functions/src/functions';
import { allResources, bodies, body, loadModule, locals, moduleCalls, nested, resourcesOf, strings, type Block, type TfModule } from './hcl';

/**
 * The secrets the shop (web) shares with other deployables: SHOP_REVALIDATE_SECRET with the bridge (which delivers
 * ticket events to the shop's /hooks/revalidate, signed), CLIENT_IP_SECRET with the functions that limit by client
 * address (the shop signs the browser's address with it). Each deployable that reads one gets it from the same Secret
 * Manager secret, and only those deployables' accounts may read it.
 */

const REPO_ROOT = resolve(__dirname, '..', '..');
const TERRAFORM_DIR = join(REPO_ROOT, 'terraform');
const SHOP_SECRET = '${google_secret_manager_secret.app["SHOP_REVALIDATE_SECRET"].secret_id}';
const CLIENT_IP_SECRET = '${google_secret_manager_secret.app["CLIENT_IP_SECRET"].secret_id}';

let root: TfModule;
beforeAll(async () => {
  root = await loadModule(TERRAFORM_DIR);
});

function runService(name: string): Block {
  const found = resourcesOf(root, 'google_cloud_run_v2_service').find(([candidate]) => candidate === name);
  if (!found) throw new Error(`google_cloud_run_v2_service.${name} not found`);
  return found[1];
}

/** A Cloud Run service's env: name → plain value, or the secret_key_ref's secret (prefixed "secret:"). */
function runEnv(name: string): Record<string, string> {
  return Object.fromEntries(
    bodies(nested(runService(name), 'template', 'containers').env).map((item) => [
      String(item.name),
      'value_source' in item ? `secret:${String(nested(item, 'value_source', 'secret_key_ref').secret)}` : String(item.value),
    ]),
  );
}

function functionSecrets(): Record<string, Record<string, string>> {
  return Object.fromEntries(
    moduleCalls(root)
      .filter(([, call]) => call.source === './modules/function')
      .map(([name, call]) => [name, Object.fromEntries(Object.entries(body(call.secret_environment_variables ?? {})).map(([k, v]) => [k, String(v)]))]),
  );
}

/** `var.X` / `local.X` spelled out once, so "${local.shop_revalidate_url}" reads as the URL it is. */
function expand(expression: string): string {
  const single = /^\$\{local\.(\w+)\}$/.exec(expression);
  return single ? strings(locals(root)[single[1]!]).join('') : expression;
}

/**
 * Who may read an app secret (the env name of `local.secret_ids`): the members of every root grant that names it,
 * and every function whose module call is given it (the module grants exactly what a call is given).
 */
function readersOf(envName: string): string[] {
  const ref = `google_secret_manager_secret.app["${envName}"]`;
  const root_ = allResources(root)
    .filter(({ block }) => block.role === 'roles/secretmanager.secretAccessor')
    .filter(({ block }) => [...strings(block.secret_id), ...strings(block.for_each)].some((text) => text.includes(ref)))
    .map(({ block }) => String(block.member));
  const fns = Object.entries(functionSecrets())
    .filter(([, secrets]) => Object.values(secrets).some((secret) => secret.includes(ref)))
    .map(([name]) => `serviceAccount:\${module.${name}.service_account_email}`);
  return [...root_, ...fns].sort();
}

/** Every name `process.env.NAME` in the shop's own code (web/, without node_modules and build output). */
function webEnvReads(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (['node_modules', '.next', 'public'].includes(entry)) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs|js)$/.test(entry) && !/\.test\./.test(entry))
        for (const match of readFileSync(path, 'utf8').matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)/g)) names.add(match[1]!);
    }
  };
  walk(join(REPO_ROOT, 'web'));
  return names;
}

describe('terraform › secrets the shop shares', () => {
  it('keeps both shared secrets in Secret Manager, without values', () => {
    const ids = body(locals(root).secret_ids);
    expect(ids.SHOP_REVALIDATE_SECRET).toBe('tickethub-shop-revalidate-secret');
    expect(ids.CLIENT_IP_SECRET).toBe('tickethub-client-ip-secret');
    const [, app] = resourcesOf(root, 'google_secret_manager_secret').find(([name]) => name === 'app')!;
    expect(app.for_each).toBe('${local.secret_ids}');
    expect(allResources(root).filter(({ type }) => type === 'google_secret_manager_secret_version')).toEqual([]);
  });

  it('points the bridge at the shop’s /hooks/revalidate on the load balancer’s domain, the only way in to the web service', () => {
    const url = runEnv('bridge').BRIDGE_SHOP_URL;
    expect(url).toBeDefined();
    expect(expand(url!)).toBe('https://${var.domain}/hooks/revalidate');
    // The web service admits the load balancer only: its own run.app URL would refuse the bridge.
    expect(runService('web').ingress).toBe('INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    // On that domain, /hooks/revalidate reaches the web app: no API rule takes it, and the rest goes to web.
    const [[, map]] = resourcesOf(root, 'google_compute_url_map').filter(([, candidate]) => 'path_matcher' in candidate) as [[string, Block]];
    expect(strings(body(map.host_rule).hosts)).toEqual(['${var.domain}']);
    const matcher = body(map.path_matcher);
    expect(matcher.default_service).toBe('${google_compute_backend_service.web.id}');
    const taken = bodies(matcher.path_rule)
      .flatMap((rule) => strings(rule.paths))
      .filter((path) => path === '/hooks/revalidate' || (path.endsWith('/*') && '/hooks/revalidate'.startsWith(path.slice(0, -1))));
    expect(taken).toEqual([]);
    // And the shop serves that route.
    expect(existsSync(join(REPO_ROOT, 'web', 'app', 'hooks', 'revalidate', 'route.ts'))).toBe(true);
  });

  it('gives the bridge and the web app SHOP_REVALIDATE_SECRET from the same secret', () => {
    expect(runEnv('bridge').SHOP_REVALIDATE_SECRET).toBe(`secret:${SHOP_SECRET}`);
    expect(runEnv('web').SHOP_REVALIDATE_SECRET).toBe(`secret:${SHOP_SECRET}`);
    // No function signs or checks shop deliveries.
    for (const [name, secrets] of Object.entries(functionSecrets())) expect([name, secrets.SHOP_REVALIDATE_SECRET]).toEqual([name, undefined]);
  });

  it('gives CLIENT_IP_SECRET to the web app and to exactly the functions whose schema reads it, from one secret', () => {
    expect(runEnv('web').CLIENT_IP_SECRET).toBe(`secret:${CLIENT_IP_SECRET}`);
    expect(runEnv('bridge')).not.toHaveProperty('CLIENT_IP_SECRET');
    const readers = Object.entries(deployableEnvs())
      .filter(([name, spec]) => name !== 'bridge' && 'CLIENT_IP_SECRET' in spec.shape)
      .map(([name]) => name)
      .sort();
    expect(readers).toEqual(['auth', 'orders']);
    const given = Object.entries(functionSecrets()).filter(([, secrets]) => 'CLIENT_IP_SECRET' in secrets);
    expect(given.map(([name]) => name).sort()).toEqual(readers);
    for (const [, secrets] of given) expect(secrets.CLIENT_IP_SECRET).toBe(CLIENT_IP_SECRET);
  });

  it('lets only the bridge and the web app read SHOP_REVALIDATE_SECRET, only web, auth and orders CLIENT_IP_SECRET', () => {
    expect(readersOf('SHOP_REVALIDATE_SECRET')).toEqual([
      'serviceAccount:${google_service_account.bridge.email}',
      'serviceAccount:${google_service_account.web.email}',
    ]);
    expect(readersOf('CLIENT_IP_SECRET')).toEqual([
      'serviceAccount:${google_service_account.web.email}',
      'serviceAccount:${module.auth.service_account_email}',
      'serviceAccount:${module.orders.service_account_email}',
    ]);
    // The web app reads these two and no other secret.
    const webGrants = allResources(root).filter(({ block }) => block.member === 'serviceAccount:${google_service_account.web.email}');
    const webSecrets = webGrants.flatMap(({ block }) => [...strings(block.secret_id), ...strings(block.for_each)]).join(' ');
    expect([...webSecrets.matchAll(/google_secret_manager_secret\.(\w+)(\["\w+"\])?/g)].map((m) => m[0]).sort()).toEqual([
      'google_secret_manager_secret.app["CLIENT_IP_SECRET"]',
      'google_secret_manager_secret.app["SHOP_REVALIDATE_SECRET"]',
    ]);
    for (const { block } of webGrants) expect(block.role).toBe('roles/secretmanager.secretAccessor');
  });

  it('deploys the web app and the bridge only once their secret grants have propagated', () => {
    const sleeps = Object.fromEntries(resourcesOf(root, 'time_sleep'));
    expect(strings(runService('web').depends_on)).toEqual(['${time_sleep.web_grants_propagate}']);
    expect(strings(sleeps.web_grants_propagate?.depends_on)).toContain('${google_secret_manager_secret_iam_member.web}');
    expect(strings(runService('bridge').depends_on)).toEqual(['${time_sleep.bridge_grants_propagate}']);
    expect(strings(sleeps.bridge_grants_propagate?.depends_on)).toContain('${google_secret_manager_secret_iam_member.bridge_shop}');
  });

  it('gives the web app only variables its code reads, and the load balancer’s proxy hops like the functions', () => {
    const env = runEnv('web');
    const reads = webEnvReads();
    expect(reads.size).toBeGreaterThan(3);
    expect(Object.keys(env).filter((name) => name !== 'NODE_ENV' && !reads.has(name))).toEqual([]);
    expect(env.WEB_TRUSTED_PROXY_HOPS).toBe('${tostring(var.trusted_proxy_hops)}');
    for (const name of ['auth', 'orders']) {
      const call = body((root.json.module as Block)[name]);
      expect(body(call.environment_variables).TRUSTED_PROXY_HOPS).toBe('${tostring(var.trusted_proxy_hops)}');
    }
  });
});
