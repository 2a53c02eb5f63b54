import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Stripe from 'stripe';
import { STRIPE_WEBHOOK_EVENTS } from '@tickethub/functions/src/payments/stripe-events';
import { allResources, bodies, body, loadModule, locals, nested, resourcesOf, variables, type Block, type TfModule } from './hcl';

/**
 * What a first real `terraform apply` (and the operator's steps around it, terraform/README.md) would have hit, each
 * read from the configuration and the README as they are (issue 32, "What a first real apply hits").
 */

const TERRAFORM_DIR = resolve(__dirname, '..');
const REPO_ROOT = resolve(TERRAFORM_DIR, '..');

let root: TfModule;
let fnModule: TfModule;
let readme: string;
beforeAll(async () => {
  root = await loadModule(TERRAFORM_DIR);
  fnModule = await loadModule(join(TERRAFORM_DIR, 'modules', 'function'));
  readme = readFileSync(join(TERRAFORM_DIR, 'README.md'), 'utf8');
});

/** A README section: from its `## N.` heading to the next `## `. */
function step(n: number): string {
  const start = readme.indexOf(`\n## ${n}. `);
  if (start < 0) throw new Error(`terraform/README.md has no step ${n}`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** A Terraform regex literal (as parsed: HCL escapes already undone) as a JS RegExp; RE2 syntax used here is JS's too. */
const re = (pattern: string) => new RegExp(pattern);

describe('terraform › provider 8', () => {
  it('requires google and google-beta ~> 8.0 in the root and in every module', () => {
    for (const module of [root, fnModule]) {
      const required = body(body(module.json.terraform).required_providers);
      expect(String(body(required.google).version)).toBe('~> 8.0');
      if (required['google-beta']) expect(String(body(required['google-beta']).version)).toBe('~> 8.0');
    }
  });

  it('sets what 7.0 and 8.0 changed the defaults of: load balancing schemes, the remote repository, API disabling', () => {
    // 8.0: load_balancing_scheme defaults to EXTERNAL_MANAGED on backend services and global forwarding rules.
    for (const type of ['google_compute_backend_service', 'google_compute_global_forwarding_rule']) {
      for (const [, block] of resourcesOf(root, type)) expect(block.load_balancing_scheme).toBe('EXTERNAL_MANAGED');
    }
    // 7.0: remote repositories' public_repository lost its default; google_project_service's disable_on_destroy too.
    for (const [, repo] of resourcesOf(root, 'google_artifact_registry_repository').filter(([, r]) => r.mode === 'REMOTE_REPOSITORY')) {
      expect(nested(repo, 'remote_repository_config', 'docker_repository').public_repository).toBe('DOCKER_HUB');
    }
    for (const [, service] of resourcesOf(root, 'google_project_service')) expect(service.disable_on_destroy).toBe(false);
    // 7.0 removed or made output-only: none of these may be set.
    const text = root.files.map((file) => file.text).join('\n') + fnModule.files.map((file) => file.text).join('\n');
    expect(text).not.toMatch(/\benable_flow_logs\b|^\s*service\s*=.*# service_config|\bretention_period\s*=\s*\d/m);
    for (const { block } of allResources(fnModule).filter((r) => r.type === 'google_cloudfunctions2_function')) {
      expect(nested(block, 'service_config').service).toBeUndefined();
    }
  });
});

describe('terraform › the operator’s steps', () => {
  it('creates in step 3 every secret step 4 fills, and the load balancer’s address for DNS', () => {
    const targets = new Set([...step(3).matchAll(/-target=([\w.]+)/g)].map((match) => match[1]!));
    const secrets = resourcesOf(root, 'google_secret_manager_secret').map(([name]) => `google_secret_manager_secret.${name}`);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    expect(secrets.filter((secret) => !targets.has(secret))).toEqual([]);
    expect(targets).toContain('google_compute_global_address.lb');
    expect(step(3)).toMatch(/A record/);
    // Every target names a resource that exists.
    const resources = new Set(allResources(root).map(({ type, name }) => `${type}.${name}`));
    expect([...targets].filter((target) => !resources.has(target))).toEqual([]);
  });

  it('enables Cloud Monitoring and creates the dead-letter alert only once its log metric is known to it', () => {
    expect(String(locals(root).apis)).toContain('"monitoring.googleapis.com"');
    const [[, policy]] = resourcesOf(root, 'google_monitoring_alert_policy') as [[string, Block]];
    const waits = (policy.depends_on as string[]).map((ref) => ref.replace(/^\$\{|\}$/g, ''));
    const sleep = waits.find((ref) => ref.startsWith('time_sleep.'));
    expect(sleep).toBeDefined();
    const [, wait] = resourcesOf(root, 'time_sleep').find(([name]) => `time_sleep.${name}` === sleep)!;
    expect(JSON.stringify(wait)).toContain('google_logging_metric.dead_letters');
    expect(readme).toMatch(/Cannot find metric\(s\) that match type[\s\S]{0,200}terraform apply/);
  });

  it('builds the images for linux/amd64 and deploys them by digest only', () => {
    const builds = step(5)
      .split('\n')
      .filter((line) => /^\s*docker build /.test(line));
    expect(builds.length).toBeGreaterThanOrEqual(2);
    for (const line of builds) expect(line).toContain('--platform linux/amd64');
    const vars = variables(root);
    for (const name of ['web_image', 'bridge_image']) {
      const condition = String(body(vars[name]!.validation).condition);
      const pattern = /regex\("(.+)", var\.\w+\)/.exec(condition)![1]!.replace(/\\\\/g, '\\');
      expect(re(pattern).test(`us-central1-docker.pkg.dev/p/tickethub/${name.split('_')[0]}@sha256:${'a'.repeat(64)}`)).toBe(true);
      expect(re(pattern).test(`us-central1-docker.pkg.dev/p/tickethub/${name.split('_')[0]}:v1`)).toBe(false);
    }
    const example = readFileSync(join(TERRAFORM_DIR, 'terraform.tfvars.example'), 'utf8');
    expect(example).toMatch(/web_image\s*=\s*".*@sha256:[a-f0-9]{64}"/);
    expect(example).toMatch(/bridge_image\s*=\s*".*@sha256:[a-f0-9]{64}"/);
  });

  it('deploys functions/dist/package.json with the exact versions the suite ran (package-lock.json)', () => {
    execFileSync('npm', ['run', 'build:functions'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const deployed = JSON.parse(readFileSync(join(REPO_ROOT, 'functions', 'dist', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(Object.keys(deployed.dependencies)).toContain('stripe');
    for (const [name, version] of Object.entries(deployed.dependencies)) {
      const installed = (lock.packages[`functions/node_modules/${name}`] ?? lock.packages[`node_modules/${name}`])?.version;
      expect({ name, version }).toEqual({ name, version: installed });
    }
  });

  it('registers both Stripe webhook endpoints at the SDK’s API version, recorded beside the dependency, for every handled event', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'functions', 'package.json'), 'utf8')) as { stripeApiVersion?: string };
    expect(pkg.stripeApiVersion).toBe(Stripe.API_VERSION);
    const commands = step(4)
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((line) => line.includes('/v1/webhook_endpoints'));
    expect(commands).toHaveLength(2);
    for (const command of commands) expect(/api_version=([\w.-]+)/.exec(command)?.[1]).toBe(pkg.stripeApiVersion);
    const events = (command: string) => [...command.matchAll(/enabled_events\[\]=([\w.]+)/g)].map((match) => match[1]!).sort();
    const payments = commands.find((command) => command.includes('/api/payments/webhook'))!;
    const connect = commands.find((command) => command.includes('/api/payouts/webhook'))!;
    expect(events(payments)).toEqual([...STRIPE_WEBHOOK_EVENTS].sort());
    expect(events(connect)).toEqual(['account.updated']);
    expect(connect).toContain('connect=true');
  });
});

describe('terraform › NATS as the code runs it', () => {
  it('creates and corrects the stream with discard new on the VMs, as ensureStream does', () => {
    const script = readFileSync(join(TERRAFORM_DIR, 'nats', 'startup.sh'), 'utf8');
    expect(script).not.toMatch(/--discard old/);
    expect(script).toMatch(/nats stream add [^\n]*\\\n[^\n]*--discard new/);
    expect(script).toMatch(/nats stream edit [^\n]*--discard new/);
  });

  it('gives the bridge the stream size the VMs create it with, and the VMs the bridge’s horizon', () => {
    const [, bridge] = resourcesOf(root, 'google_cloud_run_v2_service').find(([name]) => name === 'bridge')!;
    const env = Object.fromEntries(bodies(nested(bridge, 'template', 'containers').env).map((item) => [item.name, item.value]));
    expect(env.NATS_STREAM_MAX_BYTES).toBe('${tostring(var.nats_stream_max_bytes)}');
    expect(env.NATS_STREAM_MAX_AGE_DAYS).toBe('${tostring(var.nats_stream_max_age_days)}');
    const [[, instance]] = resourcesOf(root, 'google_compute_instance') as [[string, Block]];
    const metadata = body(instance.metadata);
    expect(metadata['nats-stream-max-bytes']).toBe('${tostring(var.nats_stream_max_bytes)}');
    expect(metadata['nats-stream-max-age']).toBe('${var.nats_stream_max_age_days * 24}h');
  });

  it('runs nats-server 2.12 or 2.14 pinned by digest, pulled through the Artifact Registry mirror rather than Docker Hub', () => {
    const vars = variables(root);
    expect(String(vars.nats_image!.default)).toMatch(/^library\/nats:2\.(12|14)\.\d+[\w.-]*@sha256:[a-f0-9]{64}$/);
    expect(String(vars.nats_box_image!.default)).toMatch(/@sha256:[a-f0-9]{64}$/);
    const [[, instance]] = resourcesOf(root, 'google_compute_instance') as [[string, Block]];
    const metadata = body(instance.metadata);
    expect(metadata['nats-image']).toBe('${local.dockerhub_mirror}/${var.nats_image}');
    expect(metadata['nats-box-image']).toBe('${local.dockerhub_mirror}/${var.nats_box_image}');
    const [, mirror] = resourcesOf(root, 'google_artifact_registry_repository').find(([name]) => name === 'dockerhub')!;
    expect(mirror.mode).toBe('REMOTE_REPOSITORY');
    expect(String(locals(root).dockerhub_mirror)).toContain('google_artifact_registry_repository.dockerhub.repository_id');
    // The VMs may read the mirror, and log in to it.
    const [, pull] = resourcesOf(root, 'google_artifact_registry_repository_iam_member').find(([name]) => name === 'nats_pulls')!;
    expect(pull).toMatchObject({ role: 'roles/artifactregistry.reader', member: '${google_service_account.nats.email}'.replace('${', 'serviceAccount:${') });
    expect(readFileSync(join(TERRAFORM_DIR, 'nats', 'startup.sh'), 'utf8')).toMatch(/docker-credential-gcr configure-docker/);
  });
});

describe('terraform › Cloud Armor at the edge', () => {
  const armor = () => {
    const [[, policy]] = resourcesOf(root, 'google_compute_security_policy') as [[string, Block]];
    const rules = bodies(policy.rule);
    const all = locals(root);
    // Each rule's expression with the locals it names put in.
    const expression = (rule: Block) => String(body(body(rule.match).expr).expression).replace(/\$\{local\.(\w+)\}/g, (_, name: string) => String(all[name]));
    return { rules, expression };
  };
  /** Evaluates the one shape of expression the policy uses: && of (!)x.matches('re') and request.method == 'M'. */
  const matches = (expression: string, request: { path: string; method?: string; contentLength?: string }) =>
    expression.split(' && ').every((term) => {
      const method = /^request\.method == '(\w+)'$/.exec(term);
      if (method) return request.method === method[1];
      const m = /^(!?)request\.(path|headers\['content-length'\])\.matches\('([^']+)'\)$/.exec(term);
      if (!m) throw new Error(`The test cannot read the term ${term}`);
      const value = m[2] === 'path' ? request.path : request.contentLength;
      const hit = value !== undefined && re(m[3]!).test(value);
      return m[1] === '!' ? !hit : hit;
    });
  const refusedBy = (request: { path: string; method?: string; contentLength?: string }) => {
    const { rules, expression } = armor();
    return rules
      .filter((rule) => rule.action !== 'allow' && rule.match && body(rule.match).expr)
      .sort((a, b) => Number(a.priority) - Number(b.priority))
      .find((rule) => matches(expression(rule), request))?.action;
  };

  it('is attached to every backend service', () => {
    const backends = resourcesOf(root, 'google_compute_backend_service');
    expect(backends.length).toBeGreaterThanOrEqual(2);
    for (const [, backend] of backends) expect(backend.security_policy).toBe('${google_compute_security_policy.edge.id}');
  });

  it('refuses bodies over 3 MB everywhere and over 100 kB outside the ticket file upload, and nothing smaller', () => {
    const upload = '/api/tickets/t-1/file';
    expect(refusedBy({ path: upload, method: 'PUT', contentLength: '3000000' })).toBeUndefined();
    expect(refusedBy({ path: upload, method: 'PUT', contentLength: '2097152' })).toBeUndefined();
    expect(refusedBy({ path: upload, method: 'PUT', contentLength: '3000001' })).toMatch(/^deny/);
    expect(refusedBy({ path: upload, method: 'PUT', contentLength: '12000000' })).toMatch(/^deny/);
    expect(refusedBy({ path: '/api/orders', method: 'POST', contentLength: '100000' })).toBeUndefined();
    expect(refusedBy({ path: '/api/orders', method: 'POST', contentLength: '99999' })).toBeUndefined();
    expect(refusedBy({ path: '/api/orders', method: 'POST', contentLength: '100001' })).toMatch(/^deny/);
    expect(refusedBy({ path: '/api/orders', method: 'POST', contentLength: '0200000' })).toMatch(/^deny/);
    expect(refusedBy({ path: '/sell', method: 'POST', contentLength: '900000' })).toMatch(/^deny/);
    expect(refusedBy({ path: '/', method: 'GET' })).toBeUndefined();
    // Exhaustive around each bound: every length from 0 to 3.2 M in steps, checked against the plain comparison.
    for (let length = 0; length <= 3_200_000; length += 997) {
      const json = refusedBy({ path: '/api/orders', method: 'POST', contentLength: String(length) }) !== undefined;
      const file = refusedBy({ path: upload, method: 'PUT', contentLength: String(length) }) !== undefined;
      expect({ length, json, file }).toEqual({ length, json: length > 100_000, file: length > 3_000_000 });
    }
  });

  it('bans an address that keeps posting to sign-in or sign-up, and only there', () => {
    const { rules } = armor();
    const ban = rules.find((rule) => rule.action === 'rate_based_ban')!;
    expect(ban).toBeDefined();
    const options = body(ban.rate_limit_options);
    expect(options).toMatchObject({ conform_action: 'allow', exceed_action: 'deny(429)', enforce_on_key: 'IP' });
    expect(body(options.ban_threshold)).toBeDefined();
    expect(refusedBy({ path: '/api/users/signin', method: 'POST' })).toBe('rate_based_ban');
    expect(refusedBy({ path: '/api/users/signup', method: 'POST' })).toBe('rate_based_ban');
    expect(refusedBy({ path: '/api/users/signout', method: 'POST' })).toBeUndefined();
    expect(refusedBy({ path: '/api/users/currentuser', method: 'GET' })).toBeUndefined();
  });
});
