import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { body, loadModule, locals } from '../../terraform/test/hcl';
import { REPO_ROOT } from '../stack/settings';

const run = promisify(execFile);

const USAGE = `npm run preflight -- --project <project-id> [--region <region>]

Before the full terraform apply (terraform/README.md, step 6): reads the project with your gcloud credentials and
changes nothing. It checks
  - every organization policy constraint the stack would otherwise be refused by (effective on the project), and
  - that every Secret Manager secret Terraform creates has an enabled version (a function or Cloud Run revision
    given a secret without one fails to deploy).
project and region default to terraform/terraform.tfvars. Exit status 1 names each problem.`;

/** An effective organization policy as \`gcloud org-policies describe --effective --format=json\` prints it. */
export interface OrgPolicy {
  spec?: { rules?: Array<{ allowAll?: boolean; denyAll?: boolean; enforce?: boolean; values?: { allowedValues?: string[]; deniedValues?: string[] } }> };
}

/** What the stack needs of one constraint: list constraints must allow values, boolean ones must not be enforced. */
export type Need = { constraint: string; why: string } & ({ kind: 'allows'; values: string[] } | { kind: 'not-enforced' });

/**
 * The constraints TicketHub's Terraform meets only if the organization lets it: what each resource needs of them.
 * Constraints the stack already satisfies whatever they say (shielded VMs, no external IPs, uniform bucket access,
 * public access prevention, a VPC connector on every function) are not listed.
 */
export function needs(region: string, apis: string[]): Need[] {
  return [
    {
      constraint: 'iam.allowedPolicyMemberDomains',
      kind: 'allows',
      values: ['allUsers'],
      why: 'the load balancer reaches the web app and the public functions as allUsers (roles/run.invoker)',
    },
    { constraint: 'compute.trustedImageProjects', kind: 'allows', values: ['projects/cos-cloud'], why: 'the NATS VMs boot Container-Optimized OS (cos-cloud)' },
    { constraint: 'gcp.resourceLocations', kind: 'allows', values: [region], why: `everything is created in ${region}` },
    { constraint: 'gcp.restrictServiceUsage', kind: 'allows', values: apis, why: 'the APIs apis.tf enables' },
    {
      constraint: 'run.allowedIngress',
      kind: 'allows',
      values: ['internal-and-cloud-load-balancing', 'internal'],
      why: 'the web app admits the load balancer only, the bridge internal traffic only',
    },
    { constraint: 'run.allowedVPCEgress', kind: 'allows', values: ['all-traffic'], why: 'the bridge sends all its egress through the VPC connector' },
    {
      constraint: 'cloudfunctions.allowedIngressSettings',
      kind: 'allows',
      values: ['ALLOW_INTERNAL_AND_GCLB', 'ALLOW_INTERNAL_ONLY'],
      why: 'public functions sit behind the load balancer, expiration and notifications are internal only',
    },
    {
      constraint: 'cloudfunctions.allowedVpcConnectorEgressSettings',
      kind: 'allows',
      values: ['PRIVATE_RANGES_ONLY'],
      why: 'the functions reach NATS through the connector, everything else directly',
    },
    {
      constraint: 'compute.restrictLoadBalancerCreationForTypes',
      kind: 'allows',
      values: ['EXTERNAL_MANAGED_HTTP_HTTPS'],
      why: 'the global external Application Load Balancer (lb.tf)',
    },
    {
      constraint: 'iam.disableServiceAccountCreation',
      kind: 'not-enforced',
      why: 'each function, the bridge, the web app and the NATS VMs get their own service account',
    },
    {
      constraint: 'compute.restrictCloudNATUsage',
      kind: 'allows',
      values: [],
      why: 'the bridge reaches the shop on the public load balancer through Cloud NAT (any restriction: check it lists the tickethub subnets)',
    },
  ];
}

/** Whether an effective policy lets the stack have what it needs; the reason when it does not. */
export function evaluate(need: Need, policy: OrgPolicy): string | null {
  const rules = policy.spec?.rules ?? [];
  if (need.kind === 'not-enforced') return rules.some((rule) => rule.enforce === true) ? `${need.constraint} is enforced: ${need.why}` : null;
  if (rules.length === 0 || rules.some((rule) => rule.allowAll)) return null;
  if (rules.some((rule) => rule.denyAll)) return `${need.constraint} denies all values: ${need.why}`;
  const allowed = rules.flatMap((rule) => rule.values?.allowedValues ?? []).map(plain);
  const denied = rules.flatMap((rule) => rule.values?.deniedValues ?? []).map(plain);
  if (need.values.length === 0) return allowed.length > 0 || denied.length > 0 ? `${need.constraint} is restricted (check it): ${need.why}` : null;
  const refused = need.values.filter((value) => denied.includes(value) || (allowed.length > 0 && !allowed.some((entry) => admits(entry, value))));
  return refused.length > 0 ? `${need.constraint} does not allow ${refused.join(', ')}: ${need.why}` : null;
}

const plain = (value: string) => value.replace(/^(is|under):/, '');
/** A value group (in:us-locations) may hold the value; it is named, not expanded, so the operator checks it. */
const admits = (entry: string, value: string) => entry === value || entry.startsWith('in:');

/** Every Secret Manager secret id Terraform creates (secrets.tf): the app's, one NATS password per user, the TLS material. */
export async function terraformSecretIds(): Promise<string[]> {
  const root = await loadModule(join(REPO_ROOT, 'terraform'));
  const all = locals(root);
  const app = Object.values(body(all.secret_ids)).map(String);
  const tls = Object.values(body(all.nats_tls_secret_ids)).map(String);
  if (String(all.nats_users) !== '${toset(concat(keys(local.functions), ["bridge", "admin"]))}')
    throw new Error('secrets.tf names its NATS users another way: teach dev/ops/preflight.ts');
  const users = [...Object.keys(body(all.functions)), 'bridge', 'admin'];
  return [...app, ...tls, ...users.map((user) => `tickethub-nats-${user}-password`)];
}

async function terraformApis(): Promise<string[]> {
  const root = await loadModule(join(REPO_ROOT, 'terraform'));
  return [...String(locals(root).apis).matchAll(/"([\w.-]+\.googleapis\.com)"/g)].map((match) => match[1]!);
}

/** project_id and region from terraform/terraform.tfvars, when there is one. */
function tfvars(): Record<string, string> {
  const file = join(REPO_ROOT, 'terraform', 'terraform.tfvars');
  if (!existsSync(file)) return {};
  return Object.fromEntries([...readFileSync(file, 'utf8').matchAll(/^\s*(\w+)\s*=\s*"([^"]*)"/gm)].map((match) => [match[1]!, match[2]!]));
}

type Gcloud = (args: string[]) => Promise<string>;
const gcloudCli: Gcloud = async (args) => (await run('gcloud', args, { maxBuffer: 16 * 1024 * 1024 })).stdout;

/** The preflight: every problem found, each on its own line; none means the full apply may start. */
export async function preflight(project: string, region: string, gcloud: Gcloud = gcloudCli): Promise<string[]> {
  const problems: string[] = [];
  for (const need of needs(region, await terraformApis())) {
    let policy: OrgPolicy;
    try {
      policy = JSON.parse(
        (await gcloud(['org-policies', 'describe', `constraints/${need.constraint}`, `--project=${project}`, '--effective', '--format=json'])) || '{}',
      ) as OrgPolicy;
    } catch (error) {
      problems.push(`could not read ${need.constraint}: ${String(error).split('\n')[0]}`);
      continue;
    }
    const problem = evaluate(need, policy);
    if (problem) problems.push(problem);
  }
  for (const secret of await terraformSecretIds()) {
    let versions: string;
    try {
      versions = await gcloud(['secrets', 'versions', 'list', secret, `--project=${project}`, '--filter=state=ENABLED', '--limit=1', '--format=value(name)']);
    } catch (error) {
      problems.push(`secret ${secret}: ${String(error).split('\n')[0]} (created by README step 3?)`);
      continue;
    }
    if (!versions.trim()) problems.push(`secret ${secret} has no enabled version: add one (README step 4)`);
  }
  return problems;
}

export async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const vars = tfvars();
  const project = flag('project') ?? vars.project_id;
  const region = flag('region') ?? vars.region ?? 'us-central1';
  if (!project) {
    console.error(USAGE);
    return 2;
  }
  const problems = await preflight(project, region);
  for (const problem of problems) console.error(`✗ ${problem}`);
  if (problems.length === 0) console.log(`✓ ${project}: the organization policies allow the stack, and every secret has an enabled version`);
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
