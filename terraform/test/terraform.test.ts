import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { domains } from '@tickethub/shared';
import { deployableEnvs } from '@tickethub/functions/src/functions';
import {
  allResources,
  bodies,
  body,
  filesRead,
  loadModule,
  locals,
  moduleCalls,
  nested,
  resourcesOf,
  strings,
  variables,
  varReferences,
  type Block,
  type TfModule,
} from './hcl';

const REPO_ROOT = resolve(__dirname, '..', '..');
const TERRAFORM_DIR = join(REPO_ROOT, 'terraform');
const MODULES_DIR = join(TERRAFORM_DIR, 'modules');
const FUNCTION_MODULE = './modules/function';
const API_PREFIXES: Record<string, string> = {
  '/api/users': 'auth',
  '/api/tickets': 'tickets',
  '/api/orders': 'orders',
  '/api/payments': 'payments',
  '/api/payouts': 'payouts',
  '/api/admin/dead-letters': 'auth',
};

let root: TfModule;
let functionModule: TfModule;
let allModules: TfModule[];

beforeAll(async () => {
  root = await loadModule(TERRAFORM_DIR);
  const moduleDirs = readdirSync(MODULES_DIR).map((name) => join(MODULES_DIR, name));
  allModules = [root, ...(await Promise.all(moduleDirs.map(loadModule)))];
  functionModule = allModules.find((module) => module.dir === join(MODULES_DIR, 'function'))!;
});

/** The names `export const NAME` in functions/src/index.ts: the entry points the functions package serves. */
function exportedFunctions(): string[] {
  const source = readFileSync(join(REPO_ROOT, 'functions', 'src', 'index.ts'), 'utf8');
  return [...source.matchAll(/^export const (\w+)/gm)].map((match) => match[1]!);
}

function functionCalls(): Map<string, Block> {
  const calls = moduleCalls(root).filter(([, call]) => call.source === FUNCTION_MODULE);
  return new Map(calls.map(([, call]) => [String(call.entry_point), call]));
}

function objectKeys(value: unknown): string[] {
  return Object.keys(body(value));
}

/** What a local's expression is, with the locals it names expanded once, so a chain of locals reads as one text. */
function expandLocal(name: string): string {
  const all = locals(root);
  const own = strings(all[name]).join(' ');
  const named = [...own.matchAll(/local\.(\w+)/g)].map((match) => strings(all[match[1]!]).join(' '));
  return [own, ...named].join(' ');
}

/** `${path.module}` and `${local.repo_root}` as Terraform would resolve them when run from terraform/. */
function pathSubstitutions(): Record<string, string> {
  const repoRoot = String(locals(root).repo_root).split('${path.module}').join(TERRAFORM_DIR);
  return { '${local.repo_root}': repoRoot, '${path.module}': TERRAFORM_DIR };
}

describe('terraform', () => {
  it('parses every .tf file, in the root and in each module', () => {
    const files = allModules.flatMap((module) => module.files);
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(root.json.resource as Block).length).toBeGreaterThan(20);
    expect(functionModule.files.map((file) => file.path)).toEqual(expect.arrayContaining([join(MODULES_DIR, 'function', 'main.tf')]));
  });

  it('is formatted (terraform fmt -check -recursive)', () => {
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', TERRAFORM_DIR], { encoding: 'utf8' });
    const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    if (missing) {
      console.warn('terraform is not installed: the fmt check did not run (install terraform >= 1.5 to run it)');
      return;
    }
    expect({ status: result.status, unformatted: result.stdout.trim() }).toEqual({ status: 0, unformatted: '' });
  });

  it('pins the google and google-beta providers', () => {
    const required = body(body(root.json.terraform).required_providers);
    for (const name of ['google', 'google-beta']) {
      const provider = body(required[name]);
      expect(provider.source).toBe(`hashicorp/${name}`);
      expect(String(provider.version)).toMatch(/^~> \d+\.\d+$/);
    }
  });

  it('has a Cloud Function with the same entry point for every export of functions/src/index.ts', () => {
    const exported = exportedFunctions();
    expect(exported).toContain('auth');
    const calls = functionCalls();
    for (const name of exported) {
      expect(calls.get(name)).toEqual(expect.objectContaining({ source: FUNCTION_MODULE, entry_point: name, name }));
    }
    const [[, fn]] = resourcesOf(functionModule, 'google_cloudfunctions2_function') as [[string, Block]];
    expect(nested(fn, 'build_config')).toEqual(expect.objectContaining({ entry_point: '${var.entry_point}', runtime: 'nodejs24' }));
    expect(nested(fn, 'build_config', 'source', 'storage_source')).toEqual({
      bucket: '${var.platform.source_bucket}',
      object: '${var.platform.source_object}',
      // Pinned: a new upload redeploys, and deleting old generations never touches the live one.
      generation: '${var.platform.source_generation}',
    });
  });

  it('defines every domain function, whatever index.ts exports today', () => {
    expect([...functionCalls().keys()].sort()).toEqual([...domains].sort());
  });

  it('gives every function its own service account and sizing from variables', () => {
    const [[, account]] = resourcesOf(functionModule, 'google_service_account') as [[string, Block]];
    expect(String(account.account_id)).toContain('${var.name}');
    const [[, fn]] = resourcesOf(functionModule, 'google_cloudfunctions2_function') as [[string, Block]];
    expect(nested(fn, 'service_config')).toEqual(
      expect.objectContaining({
        service_account_email: '${google_service_account.this.email}',
        available_memory: '${var.settings.memory}',
        available_cpu: '${var.settings.cpu}',
        max_instance_request_concurrency: '${var.settings.concurrency}',
        min_instance_count: '${var.settings.min_instances}',
        max_instance_count: '${var.settings.max_instances}',
        vpc_connector: '${var.platform.vpc_connector}',
      }),
    );
  });

  /** Plain and Secret Manager variables Terraform gives one deployable (a function or the bridge). */
  function terraformEnv(service: string): { plain: string[]; secret: Record<string, string> } {
    const call = functionCalls().get(service);
    if (call) {
      // What the module gives every function, plus what this call adds.
      const plain = [...objectKeys(locals(functionModule).common_environment), ...objectKeys(call.environment_variables)];
      // The module's own secrets (NATS password and CA): the first object of its merge(...).
      const moduleSecrets = /merge\(\s*\{([^}]*)\}/.exec(String(locals(functionModule).secret_environment))?.[1] ?? '';
      const secret = Object.fromEntries([
        ...[...moduleSecrets.matchAll(/(\w+)\s*=\s*(\S+)/g)].map((match) => [match[1]!, match[2]!]),
        ...Object.entries(body(call.secret_environment_variables ?? {})).map(([k, v]) => [k, String(v)]),
      ]);
      return { plain, secret };
    }
    const run = resourcesOf(root, 'google_cloud_run_v2_service').find(([name]) => name === service);
    if (!run) throw new Error(`${service} is neither a function module nor a Cloud Run service`);
    const vars = bodies(nested(run[1], 'template', 'containers').env);
    return {
      plain: vars.filter((item) => 'value' in item).map((item) => String(item.name)),
      secret: Object.fromEntries(
        vars.filter((item) => 'value_source' in item).map((item) => [String(item.name), String(nested(item, 'value_source', 'secret_key_ref').secret)]),
      ),
    };
  }

  it.each(Object.entries(deployableEnvs()))('gives %s every variable its schema requires in production, secrets from Secret Manager', (service, spec) => {
    const env = terraformEnv(service);
    const given = [...env.plain, ...Object.keys(env.secret)];
    expect(given).toEqual(expect.arrayContaining([...spec.requiredInProduction, 'NODE_ENV']));
    // Nothing Terraform sets is unknown to the deployable's schema (a typo would be silently ignored).
    expect(given.filter((name) => !(name in spec.shape))).toEqual([]);
    for (const name of given.filter((candidate) => /SECRET|PASSWORD/.test(candidate))) {
      expect(env.plain).not.toContain(name);
      expect(env.secret[name]).toMatch(/google_secret_manager_secret\.|var\.platform\.nats_(password_secrets|tls_ca_secret)/);
    }
  });

  it('passes plain and secret variables through the function module to the function', () => {
    const [[, fn]] = resourcesOf(functionModule, 'google_cloudfunctions2_function') as [[string, Block]];
    const service = nested(fn, 'service_config');
    expect(service.environment_variables).toBe('${merge(local.common_environment, var.environment_variables)}');
    const dynamic = body(body(service.dynamic).secret_environment_variables);
    expect(dynamic.for_each).toBe('${local.secret_environment}');
    expect(String(locals(functionModule).secret_environment)).toMatch(/merge\([\s\S]*var\.secret_environment_variables/);
    expect(body(dynamic.content)).toEqual(
      expect.objectContaining({ key: '${secret_environment_variables.key}', secret: '${secret_environment_variables.value}' }),
    );
  });

  it('lets each function read exactly the secrets it is given, and puts no secret value in the configuration', () => {
    const [[, grant]] = resourcesOf(functionModule, 'google_secret_manager_secret_iam_member') as [[string, Block]];
    expect(grant).toEqual(expect.objectContaining({ for_each: '${local.secret_environment}', role: 'roles/secretmanager.secretAccessor' }));
    // Secret access is granted per secret, to: each function (its own), the bridge (its NATS password and the CA, and
    // the shop's revalidation secret), the web app (its two) and the NATS VMs (the NATS secrets, to render nats.conf).
    // Never on the project.
    const accessorGrants = allModules.flatMap(allResources).filter(({ block }) => block.role === 'roles/secretmanager.secretAccessor');
    expect(accessorGrants.map(({ type, name }) => `${type}.${name}`).sort()).toEqual([
      'google_secret_manager_secret_iam_member.bridge_nats',
      'google_secret_manager_secret_iam_member.bridge_shop',
      'google_secret_manager_secret_iam_member.nats',
      'google_secret_manager_secret_iam_member.this',
      'google_secret_manager_secret_iam_member.web',
    ]);
    expect(allModules.flatMap(allResources).filter(({ type }) => type === 'google_secret_manager_secret_version')).toEqual([]);
    expect(Object.keys(locals(root).secret_ids as Block).sort()).toEqual([
      'CLIENT_IP_SECRET',
      'JWT_SECRET',
      'SHOP_REVALIDATE_SECRET',
      'SMTP_URL',
      'STRIPE_CONNECT_WEBHOOK_SECRET',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
  });

  it.each([['root'], ['function']])('declares every variable the %s module references, each with a description', (which) => {
    const module = which === 'root' ? root : functionModule;
    const declared = variables(module);
    const used = varReferences(module.json);
    expect([...used].filter((name) => !(name in declared))).toEqual([]);
    expect(
      Object.entries(declared)
        .filter(([, variable]) => !String(variable.description ?? '').trim())
        .map(([name]) => name),
    ).toEqual([]);
  });

  it('passes every required input of the function module and nothing it does not declare', () => {
    const declared = variables(functionModule);
    const required = Object.keys(declared).filter((name) => !('default' in declared[name]!));
    const meta = new Set(['source', 'version', 'providers', 'depends_on', 'for_each', 'count']);
    for (const [, call] of functionCalls()) {
      const given = Object.keys(call).filter((key) => !meta.has(key));
      expect(required.filter((name) => !given.includes(name))).toEqual([]);
      expect(given.filter((name) => !(name in declared))).toEqual([]);
    }
  });

  it('grants no service account roles/owner or roles/editor', () => {
    const iam = allModules.flatMap(allResources).filter(({ type }) => /_iam_(member|binding|policy)$/.test(type));
    expect(iam.length).toBeGreaterThanOrEqual(10);
    const granted = [...iam.flatMap(({ block }) => strings(block)), ...[...functionCalls().values()].flatMap((call) => strings(call.project_roles ?? []))];
    expect(granted.filter((role) => /roles\/(owner|editor)\b/.test(role))).toEqual([]);
    expect(allResources(root).filter(({ type }) => type === 'google_project_iam_binding' || type === 'google_project_iam_policy')).toEqual([]);
  });

  it('gives no NATS VM an external IP and runs three nodes with persistent disks', () => {
    const instances = resourcesOf(root, 'google_compute_instance');
    expect(instances.length).toBeGreaterThan(0);
    for (const [, instance] of instances) {
      const interfaces = bodies(instance.network_interface);
      expect(interfaces.length).toBeGreaterThan(0);
      for (const item of interfaces) {
        expect(item).not.toHaveProperty('access_config');
        expect(body(item.dynamic ?? {})).not.toHaveProperty('access_config');
      }
      expect(instance.for_each).toBe('${toset(local.nats_nodes)}');
      expect(body(instance.attached_disk).source).toContain('google_compute_disk.nats');
      // Rolling changes: the startup script is one static file, configuration lives in metadata (updated in place),
      // and a moving boot image does not replace the VMs.
      expect(String(instance.metadata_startup_script)).toBe('${file("${path.module}/nats/startup.sh")}');
      expect(String(body(instance.metadata)['nats-stream-replicas'])).toBe('${tostring(length(local.nats_nodes))}');
      expect(strings(body(instance.lifecycle).ignore_changes).join(' ')).toContain('boot_disk[0].initialize_params[0].image');
    }
    expect(locals(root).nats_nodes).toHaveLength(3);
  });

  it('opens NATS ports to the VPC ranges only', () => {
    const rules = resourcesOf(root, 'google_compute_firewall').filter(([, rule]) => strings(rule.target_tags).includes('nats'));
    expect(rules.length).toBeGreaterThan(0);
    const vpcRanges = strings(locals(root).vpc_ranges);
    expect(vpcRanges).toEqual(['${var.subnet_cidr}', '${var.connector_cidr}']);
    for (const [, rule] of rules) {
      const sources = strings(rule.source_ranges);
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(['${local.vpc_ranges}', ...vpcRanges]).toContain(source);
    }
  });

  it('creates the composite indexes from firestore.indexes.json, the file firebase.json names', () => {
    const [[, index]] = resourcesOf(root, 'google_firestore_index') as [[string, Block]];
    expect(index.for_each).toBe('${local.firestore_index_map}');
    const source = expandLocal('firestore_index_map');
    expect(source).toMatch(/jsondecode\(file\("[^"]*firestore\.indexes\.json"\)\)/);
    const [read] = filesRead(source, pathSubstitutions());
    const firebase = JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8')) as { firestore: { indexes: string } };
    expect(resolve(read!)).toBe(join(REPO_ROOT, firebase.firestore.indexes));
    const field = body(body(index.dynamic).fields);
    expect(body(field.content).field_path).toBe('${fields.value.fieldPath}');
  });

  it('applies firestore.indexes.json’s fieldOverrides: indexes off, and the TTL policy where the file says ttl', () => {
    const [[, field]] = resourcesOf(root, 'google_firestore_field') as [[string, Block]];
    expect(field).toEqual(expect.objectContaining({ field: '${each.value.fieldPath}', for_each: '${local.firestore_field_overrides}' }));
    expect(field).toHaveProperty('index_config');
    expect(body(body(field.dynamic).ttl_config).for_each).toMatch(/each\.value\.ttl/);
    expect(expandLocal('firestore_field_overrides')).toMatch(/jsondecode\(file\("[^"]*firestore\.indexes\.json"\)\)\.fieldOverrides/);
    const { fieldOverrides } = JSON.parse(readFileSync(join(REPO_ROOT, 'firestore.indexes.json'), 'utf8')) as {
      fieldOverrides: Array<{ collectionGroup: string; fieldPath: string; ttl: boolean }>;
    };
    const ttl = fieldOverrides.filter((o) => o.ttl).map((o) => `${o.collectionGroup}.${o.fieldPath}`);
    expect(ttl).toEqual(
      expect.arrayContaining(['auth_revoked_sessions.expiresAt', 'auth_rate_limits.expiresAt', 'orders_rate_limits.expiresAt', 'bridge_dead_letters.expireAt']),
    );
    // Every domain's processed-event records expire after the redelivery horizon (platform/events.ts).
    for (const domain of ['auth', 'tickets', 'orders', 'payments', 'expiration', 'payouts']) expect(ttl).toContain(`${domain}_processed_events.expireAt`);
  });

  it('counts dead letters from the bridge log and alerts on any', () => {
    const [, metric] = resourcesOf(root, 'google_logging_metric').find(([name]) => name === 'dead_letters') as [string, Block];
    expect(String(metric.filter)).toContain('jsonPayload.message="event dead-lettered"');
    const [, policy] = resourcesOf(root, 'google_monitoring_alert_policy').find(([name]) => name === 'dead_letters') as [string, Block];
    const condition = body(body(policy.conditions).condition_threshold);
    expect(String(condition.filter)).toContain('${google_logging_metric.dead_letters.name}');
    expect(condition).toEqual(expect.objectContaining({ comparison: 'COMPARISON_GT', threshold_value: 0 }));
  });

  it('gives the bridge its retry budget and the stream its durability horizon', () => {
    const [, bridge] = resourcesOf(root, 'google_cloud_run_v2_service').find(([name]) => name === 'bridge')!;
    const names = bodies(nested(bridge, 'template', 'containers').env).map((item) => item.name);
    expect(names).toEqual(expect.arrayContaining(['BRIDGE_RETRY_BUDGET_HOURS', 'BRIDGE_MAX_BACKOFF_MS', 'NATS_STREAM_MAX_AGE_DAYS']));
  });

  it('routes exactly the API prefixes, each to its function, and everything else to the web app', () => {
    const maps = resourcesOf(root, 'google_compute_url_map').filter(([, map]) => 'path_matcher' in map);
    expect(maps).toHaveLength(1);
    const matcher = body(maps[0]![1].path_matcher);
    expect(matcher.default_service).toBe('${google_compute_backend_service.web.id}');
    const rules = bodies(matcher.path_rule);
    const prefixes = new Set<string>();
    // The API's health check and OpenAPI document: exact paths, answered by the auth function.
    const exact = rules.filter((rule) => strings(rule.paths).includes('/api/health'));
    expect(exact).toHaveLength(1);
    expect(strings(exact[0]!.paths).sort()).toEqual(['/api/health', '/api/openapi.json']);
    expect(exact[0]!.service).toBe('${google_compute_backend_service.api["auth"].id}');
    for (const rule of rules.filter((candidate) => candidate !== exact[0])) {
      const paths = strings(rule.paths);
      const prefix = paths[0]!.replace(/\/\*$/, '');
      expect(paths.sort()).toEqual([prefix, `${prefix}/*`]);
      expect(rule.service).toBe(`\${google_compute_backend_service.api["${API_PREFIXES[prefix]}"].id}`);
      prefixes.add(prefix);
    }
    expect([...prefixes].sort()).toEqual(Object.keys(API_PREFIXES).sort());
    // One rule per prefix, plus the exact paths of the health check and the OpenAPI document.
    expect(rules).toHaveLength(Object.keys(API_PREFIXES).length + 1);
    const apiFunctions = body(locals(root).api_functions);
    for (const domain of Object.values(API_PREFIXES)) expect(apiFunctions[domain]).toBe(`\${module.${domain}.name}`);
  });

  it('grants the bridge the invoker role on exactly the functions that have subscriptions, and targets them', () => {
    const subscriptions = JSON.parse(readFileSync(join(REPO_ROOT, 'shared', 'src', 'events', 'subscriptions.json'), 'utf8')) as Record<string, string[]>;
    const subscribed = Object.entries(subscriptions)
      .filter(([, subjects]) => subjects.length > 0)
      .map(([domain]) => domain);
    expect(subscribed.length).toBeGreaterThan(0);
    for (const domain of subscribed) expect(functionCalls().has(domain)).toBe(true);

    const source = strings(locals(root).subscriptions).join(' ');
    const [read] = filesRead(source, pathSubstitutions());
    expect(source).toContain('jsondecode(file(');
    expect(resolve(read!)).toBe(join(REPO_ROOT, 'shared', 'src', 'events', 'subscriptions.json'));
    expect(String(locals(root).subscribed_domains)).toMatch(/local\.subscriptions\b.*length\(subjects\) > 0/);

    const grants = allResources(root).filter(
      ({ block }) => block.member === 'serviceAccount:${google_service_account.bridge.email}' && block.role === 'roles/run.invoker',
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]!.block.for_each).toBe('${local.subscribed_domains}');

    const [, bridge] = resourcesOf(root, 'google_cloud_run_v2_service').find(([name]) => name === 'bridge')!;
    const targets = bodies(nested(bridge, 'template', 'containers').env).find((item) => item.name === 'BRIDGE_TARGETS')!;
    expect(String(targets.value)).toMatch(/^\$\{jsonencode\(\{\s*for domain in local\.subscribed_domains\s*:/);
  });

  it('runs the bridge as one always-on instance with CPU always allocated', () => {
    const [, bridge] = resourcesOf(root, 'google_cloud_run_v2_service').find(([name]) => name === 'bridge')!;
    expect(nested(bridge, 'template', 'scaling').min_instance_count).toBe(1);
    const container = nested(bridge, 'template', 'containers');
    expect(nested(container, 'resources').cpu_idle).toBe(false);
    expect([...strings(container.command), ...strings(container.args)]).toEqual(['node', 'dist/bridge.js']);
  });

  it('keeps ticket files in a private bucket that only tickets writes, and lets orders sign download URLs as itself', () => {
    const bucket = resourcesOf(root, 'google_storage_bucket').find(([name]) => name === 'ticket_files')?.[1] as Block;
    expect(bucket).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: 'enforced' });
    const grants = allResources(root).filter(({ block }) => String(block.bucket).includes('google_storage_bucket.ticket_files'));
    const members = grants.map(({ block }) => `${block.role} ${block.member}`).join('\n');
    expect(members).toMatch(/roles\/storage\.objectUser serviceAccount:\$\{module\.tickets\.service_account_email\}/);
    expect(members).not.toMatch(/allUsers|allAuthenticatedUsers/);
    const signer = resourcesOf(root, 'google_service_account_iam_member').find(([name]) => name === 'orders_signs_urls')?.[1] as Block;
    expect(signer).toMatchObject({ role: 'roles/iam.serviceAccountTokenCreator', service_account_id: '${module.orders.service_account_id}' });
  });

  it('lets the bridge call every function internally, each Cloud Tasks account only its own function', () => {
    const callers = Object.fromEntries([...functionCalls()].map(([domain, call]) => [domain, call.internal_callers]));
    expect(callers).toEqual({
      auth: ['${google_service_account.bridge.email}'],
      tickets: ['${google_service_account.bridge.email}'],
      orders: ['${google_service_account.bridge.email}'],
      payments: ['${google_service_account.bridge.email}'],
      expiration: ['${google_service_account.bridge.email}', '${google_service_account.tasks.email}'],
      payouts: ['${google_service_account.bridge.email}', '${google_service_account.payout_tasks.email}'],
      notifications: ['${google_service_account.bridge.email}'],
    });
    for (const [domain, call] of functionCalls()) expect(call.internal_audience).toBe(`\${local.internal_urls["${domain}"]}`);
    expect(locals(functionModule).common_environment).toEqual(
      expect.objectContaining({ INTERNAL_CALLERS: '${join(",", var.internal_callers)}', INTERNAL_AUDIENCE: '${var.internal_audience}' }),
    );
  });

  it('points expiry tasks at the expiration function without depending on the function itself', () => {
    const url = strings(locals(root).expiration_task_url).join('');
    expect(url).toMatch(/\/tasks\/expire$/);
    const expanded = expandLocal('expiration_task_url');
    expect(expanded).not.toMatch(/module\.expiration/);
    expect(expanded).toContain('.run.app');
    const [[, queue]] = resourcesOf(root, 'google_cloud_tasks_queue') as [[string, Block]];
    expect(Object.keys(queue)).toEqual(expect.arrayContaining(['rate_limits', 'retry_config']));
  });

  it('points payout release tasks at the payouts function through its own queue and its own least-privilege account', () => {
    expect(strings(locals(root).payout_task_url).join('')).toMatch(/\/tasks\/release$/);
    const expanded = expandLocal('payout_task_url');
    expect(expanded).not.toMatch(/module\.payouts/);
    expect(expanded).toContain('.run.app');
    const queues = Object.fromEntries(resourcesOf(root, 'google_cloud_tasks_queue'));
    expect(Object.keys(queues).sort()).toEqual(['expirations', 'payouts']);
    expect(Object.keys(queues.payouts!)).toEqual(expect.arrayContaining(['rate_limits', 'retry_config']));
    const env = body(functionCalls().get('payouts')!.environment_variables as Block);
    expect(env).toEqual(
      expect.objectContaining({
        PAYOUT_TASKS_QUEUE: '${google_cloud_tasks_queue.payouts.name}',
        TASKS_SERVICE_ACCOUNT: '${google_service_account.payout_tasks.email}',
        PAYOUT_TASK_URL: '${local.payout_task_url}',
      }),
    );
    // The payouts function enqueues on its own queue only; the payout tasks account invokes the payouts function only.
    const payoutQueueGrants = allResources(root).filter(
      ({ block }) => block.member === 'serviceAccount:${module.payouts.service_account_email}' && String(block.name).startsWith('${google_cloud_tasks_queue.'),
    );
    expect(payoutQueueGrants.map(({ block }) => block.name)).toEqual(['${google_cloud_tasks_queue.payouts.name}']);
    const invokes = allResources(root).filter(
      ({ block }) => block.member === 'serviceAccount:${google_service_account.payout_tasks.email}' && block.role === 'roles/run.invoker',
    );
    expect(invokes.map(({ block }) => block.name)).toEqual(['${module.payouts.name}']);
    const secrets = body(functionCalls().get('payouts')!.secret_environment_variables as Block);
    expect(Object.keys(secrets).sort()).toEqual(['JWT_SECRET', 'STRIPE_CONNECT_WEBHOOK_SECRET', 'STRIPE_SECRET_KEY']);
  });

  it('pokes the bridge relay from Cloud Scheduler with an OIDC token', () => {
    const [[, job]] = resourcesOf(root, 'google_cloud_scheduler_job') as [[string, Block]];
    const target = nested(job, 'http_target');
    expect(target.http_method).toBe('POST');
    expect(target.uri).toBe('${google_cloud_run_v2_service.bridge.uri}/relay');
    expect(nested(target, 'oidc_token').service_account_email).toBe('${google_service_account.scheduler.email}');
  });

  it('outputs the site URL, the Stripe webhook URL and the function URLs', () => {
    const outputs = Object.fromEntries(Object.entries(root.json.output as Block).map(([name, value]) => [name, body(value)]));
    expect(outputs.site_url?.value).toBe('https://${var.domain}');
    expect(outputs.stripe_webhook_url?.value).toBe('https://${var.domain}/api/payments/webhook');
    expect(outputs.function_urls?.value).toBe('${local.function_urls}');
  });
});

describe('firebase.json', () => {
  const firebase = JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8')) as {
    firestore: { rules: string; indexes: string };
    emulators: { firestore: { port: unknown } };
  };

  it('gives the Firestore emulator a numeric port', () => {
    const port = firebase.emulators.firestore.port;
    expect(typeof port).toBe('number');
    expect(Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536).toBe(true);
  });

  it('names rules and indexes files that exist', () => {
    expect(existsSync(join(REPO_ROOT, firebase.firestore.rules))).toBe(true);
    expect(existsSync(join(REPO_ROOT, firebase.firestore.indexes))).toBe(true);
  });

  it('indexes every domain outbox on (shard, sent, createdAt)', () => {
    const { indexes } = JSON.parse(readFileSync(join(REPO_ROOT, firebase.firestore.indexes), 'utf8')) as {
      indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: string }[] }[];
    };
    for (const domain of domains) {
      expect(indexes).toContainEqual({
        collectionGroup: `${domain}_outbox`,
        queryScope: 'COLLECTION',
        fields: [
          { fieldPath: 'shard', order: 'ASCENDING' },
          { fieldPath: 'sent', order: 'ASCENDING' },
          { fieldPath: 'createdAt', order: 'ASCENDING' },
        ],
      });
    }
  });

  it('denies every client read and write in the rules', () => {
    const rules = readFileSync(join(REPO_ROOT, firebase.firestore.rules), 'utf8');
    expect(rules).toMatch(/rules_version\s*=\s*'2'/);
    const allows = rules.split('\n').filter((line) => /^\s*allow\s/.test(line));
    expect(allows.length).toBeGreaterThan(0);
    for (const line of allows) expect(line.trim()).toMatch(/^allow [a-z, ]+: if false;$/);
  });
});
