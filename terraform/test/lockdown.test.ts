import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOMAIN_JS_API, permissionsOf } from '@tickethub/dev/stack/nats-config';
import { domains, publishers } from '@tickethub/shared';
import { body, bodies, loadModule, locals, nested, resourcesOf, strings, type Block, type TfModule } from './hcl';

const REPO_ROOT = resolve(__dirname, '..', '..');
const TERRAFORM_DIR = join(REPO_ROOT, 'terraform');

let root: TfModule;
let fnModule: TfModule;
beforeAll(async () => {
  root = await loadModule(TERRAFORM_DIR);
  fnModule = await loadModule(join(TERRAFORM_DIR, 'modules', 'function'));
});

const resource = (module: TfModule, type: string, name: string): Block => {
  const found = resourcesOf(module, type).find(([candidate]) => candidate === name);
  if (!found) throw new Error(`${type}.${name} not found`);
  return found[1];
};

describe('terraform › review fixes', () => {
  it('lets expiration delete its Cloud Tasks (order completed or cancelled), not only create them', () => {
    const grant = resource(root, 'google_cloud_tasks_queue_iam_member', 'expiration_enqueues');
    expect(strings(grant.for_each).join(' ')).toMatch(/roles\/cloudtasks\.enqueuer[\s\S]*roles\/cloudtasks\.taskDeleter/);
    expect(grant.member).toContain('module.expiration.service_account_email');
  });

  it('lets payouts delete its release tasks (a refund before release), not only create them', () => {
    const grant = resource(root, 'google_cloud_tasks_queue_iam_member', 'payouts_enqueue');
    expect(strings(grant.for_each).join(' ')).toMatch(/roles\/cloudtasks\.enqueuer[\s\S]*roles\/cloudtasks\.taskDeleter/);
    expect(grant.member).toContain('module.payouts.service_account_email');
  });

  it('never deletes the live functions zip: only noncurrent generations expire, and the functions pin the generation', () => {
    const bucket = resource(root, 'google_storage_bucket', 'sources');
    expect(body(bucket.versioning).enabled).toBe(true);
    const rules = bodies(bucket.lifecycle_rule);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(body(rule.condition).with_state).toBe('ARCHIVED');
    expect(resource(root, 'google_storage_bucket_object', 'functions').name).toBe('functions/functions.zip');
    expect(String(body(locals(root).function_platform).source_generation)).toBe('${google_storage_bucket_object.functions.generation}');
  });

  it('gives the build account narrow grants on its own bucket and repository, not roles/cloudbuild.builds.builder', () => {
    const text = readFileSync(join(TERRAFORM_DIR, 'iam.tf'), 'utf8');
    expect(text).not.toMatch(/role\s*=\s*"roles\/cloudbuild\.builds\.builder"/);
    expect(resource(root, 'google_storage_bucket_iam_member', 'build_reads_sources').role).toBe('roles/storage.objectViewer');
    expect(resource(root, 'google_artifact_registry_repository_iam_member', 'build_writes_images').role).toBe('roles/artifactregistry.writer');
    const [[, fn]] = resourcesOf(fnModule, 'google_cloudfunctions2_function') as [[string, Block]];
    expect(nested(fn, 'build_config').docker_repository).toBe('${var.platform.docker_repository}');
  });

  it('waits for IAM grants to propagate before the functions and the bridge that need them are deployed', () => {
    const [[, fn]] = resourcesOf(fnModule, 'google_cloudfunctions2_function') as [[string, Block]];
    expect(strings(fn.depends_on)).toEqual(['${time_sleep.grants_propagate}']);
    const wait = resource(fnModule, 'time_sleep', 'grants_propagate');
    expect(strings(wait.depends_on).join(' ')).toMatch(/google_project_iam_member\.this[\s\S]*google_secret_manager_secret_iam_member\.this/);
    for (const domain of domains) {
      const call = body((root.json.module as Block)[domain]);
      expect(strings(call.depends_on)).toContain('${time_sleep.build_grants_propagate}');
    }
    expect(strings(resource(root, 'google_cloud_run_v2_service', 'bridge').depends_on)).toEqual(['${time_sleep.bridge_grants_propagate}']);
  });
});

describe('terraform › NATS locked down', () => {
  const conf = () => readFileSync(join(TERRAFORM_DIR, 'nats', 'nats.conf.tftpl'), 'utf8');

  it('connects every client over TLS to the node list, with its own NATS user and password from Secret Manager', () => {
    expect(String(locals(root).nats_url)).toMatch(/"tls:\/\/\$\{google_compute_address\.nats\[node\]\.address\}:4222"/);
    const common = body(locals(fnModule).common_environment);
    expect(common.NATS_USER).toBe('${var.name}');
    expect(String(locals(fnModule).secret_environment)).toMatch(/NATS_PASSWORD\s*=\s*var\.platform\.nats_password_secrets\[var\.name\]/);
    expect(String(locals(fnModule).secret_environment)).toMatch(/NATS_TLS_CA\s*=\s*var\.platform\.nats_tls_ca_secret/);
    const secrets = resource(root, 'google_secret_manager_secret', 'nats_password');
    expect(secrets.secret_id).toBe('tickethub-nats-${each.key}-password');
    expect(String(locals(root).nats_users)).toMatch(/keys\(local\.functions\)[\s\S]*"bridge"[\s\S]*"admin"/);
  });

  it('requires TLS on client and route connections and advertises the node address, not the container network', () => {
    const text = conf();
    expect(text).toMatch(/^tls \{[\s\S]*?cert_file[\s\S]*?\}/m);
    expect(text).toMatch(/cluster \{[\s\S]*tls \{[\s\S]*verify: true/);
    expect(text).toMatch(/client_advertise: "\$\{address\}:4222"/);
    expect(text).toMatch(/advertise: "\$\{address\}:6222"/);
  });

  it('renders the same permission model as the local generated config (publishers.json, the JetStream API list, the bridge)', () => {
    const text = conf();
    expect(text).toContain('%{ for user, subjects in publishers ~}');
    expect(text).toContain('concat([for subject in subjects : "tickethub.${subject}"], domain_js_api)');
    expect(strings(locals(root).nats_domain_js_api)).toEqual(DOMAIN_JS_API);
    expect(String(locals(root).publishers)).toContain('shared/src/events/publishers.json');
    const bridge = permissionsOf('bridge');
    expect(text).toContain(`publish: { allow: ${JSON.stringify(bridge.publish.allow).replace(/,/g, ', ')} }`);
    // Every subject has exactly one publisher.
    const owned = Object.values(publishers).flat();
    expect(new Set(owned).size).toBe(owned.length);
  });

  it('bounds the stream (age and size) and the JetStream store', () => {
    const [[, instance]] = resourcesOf(root, 'google_compute_instance') as [[string, Block]];
    const metadata = body(instance.metadata);
    expect(metadata['nats-stream-max-age']).toBe('${var.nats_stream_max_age_days * 24}h');
    expect(metadata['nats-stream-max-bytes']).toBe('${tostring(var.nats_stream_max_bytes)}');
    expect(readFileSync(join(TERRAFORM_DIR, 'nats', 'startup.sh'), 'utf8')).toMatch(/--max-age "\$MAX_AGE" --max-bytes "\$MAX_BYTES"/);
    expect(conf()).toMatch(/max_file_store: \$\{max_file_store\}/);
  });
});
