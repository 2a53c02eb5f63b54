import { join } from 'node:path';
import { subscriptions, type Domain } from '@tickethub/shared';
import { body, bodies, loadModule, locals, moduleCalls, nested, resourcesOf, variables, type Block } from '../../terraform/test/hcl';
import { REPO_ROOT } from '../stack/settings';
import { rehearsalQueueName } from './terraform-iam';

/** What the rehearsal stands in for: addresses of its local services and placeholder values of the cloud's names. */
export interface Placeholders {
  projectId: string;
  natsUrls: string[];
  /** Where each function listens (its Cloud Run URL in the cloud, its internal audience). */
  functionUrls: Partial<Record<Domain, string>>;
  /** The shop's POST /hooks/revalidate the bridge delivers ticket events to (https://<domain>/hooks/revalidate in the cloud). */
  shopUrl: string;
  /** Secret Manager values by environment variable name (and NATS user for NATS_PASSWORD). */
  secret(name: string, deployable: string): string;
}

export interface DeployableEnv {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

/**
 * Each deployable's environment as the PARSED Terraform gives it: the function module's common environment plus each
 * call's own, the bridge's Cloud Run env list, secrets from their Secret Manager references. Every expression is
 * resolved to a placeholder or a variable's default; one the rehearsal does not know stops it with its text, so a new
 * Terraform expression is taught here rather than silently skipped.
 */
export async function terraformEnvs(placeholders: Placeholders): Promise<Record<string, DeployableEnv>> {
  const root = await loadModule(join(REPO_ROOT, 'terraform'));
  const fnModule = await loadModule(join(REPO_ROOT, 'terraform', 'modules', 'function'));
  const defaults = Object.fromEntries(Object.entries(variables(root)).map(([name, variable]) => [name, variable.default]));
  const natsNodes = (locals(root).nats_nodes as unknown[]).length;
  // A service account's email from its account_id in the parsed Terraform (the resource name may differ: payout_tasks).
  const accountIds = Object.fromEntries(resourcesOf(root, 'google_service_account').map(([name, block]) => [name, String(block.account_id)]));
  const account = (name: string) => `${accountIds[name] ?? `tickethub-${name}`}@${placeholders.projectId}.iam.gserviceaccount.com`;

  const resolve = (value: unknown, call: Block, deployable: string): string => {
    const text = String(value);
    const match = /^\$\{([\s\S]*)\}$/.exec(text);
    // A string with interpolations inside ("https://${var.domain}"): each resolved in place.
    if (!match) return text.replace(/\$\{([^}]*)\}/g, (part) => resolve(part, call, deployable));
    const expr = match[1]!.trim();
    const rules: Array<[RegExp, (m: RegExpExecArray) => string]> = [
      [/^var\.(platform\.)?project_id$/, () => placeholders.projectId],
      [/^(var\.platform\.nats_url|local\.nats_url)$/, () => placeholders.natsUrls.join(',')],
      [/^var\.platform\.nats_stream_replicas$|^length\(local\.nats_nodes\)$/, () => String(natsNodes)],
      [/^var\.name$/, () => String(call.name)],
      [/^join\(",", var\.internal_callers\)$/, () => (call.internal_callers as unknown[]).map((c) => resolve(c, call, deployable)).join(',')],
      [/^var\.internal_audience$/, () => resolve(call.internal_audience, call, deployable)],
      [/^local\.internal_urls\["(\w+)"\]$/, (m) => urlOf(m[1]!)],
      [/^local\.expiration_task_url$/, () => `${urlOf('expiration')}/tasks/expire`],
      [/^tostring\(([\s\S]+)\)$/, (m) => resolve(`\${${m[1]}}`, call, deployable)],
      [/^google_service_account\.(\w+)\.email$/, (m) => account(m[1]!)],
      [/^google_cloud_tasks_queue\.\w+\.location$/, () => 'rehearsal-region'],
      // The same names the Cloud Tasks stand-in's IAM reads (terraform-iam.ts).
      [/^google_cloud_tasks_queue\.(\w+)\.name$/, (m) => rehearsalQueueName(m[1]!)],
      [/^local\.payout_task_url$/, () => `${urlOf('payouts')}/tasks/release`],
      // The shop's revalidation endpoint on the load balancer's domain: the rehearsal's shop stand-in.
      [/^local\.shop_revalidate_url$/, () => placeholders.shopUrl],
      // The purchase path stores no file; a file upload would need Cloud Storage, which nothing here stands in for.
      [/^google_storage_bucket\.ticket_files\.name$/, () => 'rehearsal-ticket-files'],
      [/^jsonencode\(\{\s*for domain in local\.subscribed_domains : domain => local\.internal_urls\[domain\]\s*\}\)$/, () => bridgeTargets()],
      [/^var\.(\w+)$/, (m) => variable(m[1]!)],
    ];
    for (const [pattern, value] of rules) {
      const hit = pattern.exec(expr);
      if (hit) return value(hit);
    }
    throw new Error(`The rehearsal cannot resolve the Terraform expression \${${expr}} (${deployable}): teach dev/rehearsal/terraform-env.ts`);
  };
  const urlOf = (domain: string) => {
    const url = placeholders.functionUrls[domain as Domain];
    if (!url) throw new Error(`The rehearsal has no URL for function ${domain}`);
    return url;
  };
  const bridgeTargets = () =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(subscriptions)
          .filter(([, subjects]) => subjects.length > 0)
          .map(([domain]) => [domain, urlOf(domain)]),
      ),
    );
  const variable = (name: string) => {
    const placeholder = VARIABLE_PLACEHOLDERS[name];
    if (placeholder !== undefined) return placeholder;
    const value = defaults[name];
    if (value === undefined) throw new Error(`Terraform variable ${name} has no default: give the rehearsal a placeholder in VARIABLE_PLACEHOLDERS`);
    return typeof value === 'string' ? value : String(value);
  };

  const envs: Record<string, DeployableEnv> = {};
  const common = body(locals(fnModule).common_environment);
  const moduleSecrets = [...(/merge\(\s*\{([^}]*)\}/.exec(String(locals(fnModule).secret_environment))?.[1] ?? '').matchAll(/(\w+)\s*=/g)].map((m) => m[1]!);
  for (const [, call] of moduleCalls(root).filter(([, c]) => c.source === './modules/function')) {
    const name = String(call.name);
    const plain: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...common, ...body(call.environment_variables ?? {}) })) plain[key] = resolve(value, call, name);
    const secretNames = [...moduleSecrets, ...Object.keys(body(call.secret_environment_variables ?? {}))];
    envs[name] = { plain, secret: Object.fromEntries(secretNames.map((key) => [key, placeholders.secret(key, name)])) };
  }
  for (const [name, service] of resourcesOf(root, 'google_cloud_run_v2_service')) {
    if (name === 'web') continue; // the shop is not part of the rehearsal (its build is the browser tests' job)
    const vars = bodies(nested(service, 'template', 'containers').env);
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const item of vars) {
      if ('value_source' in item) secret[String(item.name)] = placeholders.secret(String(item.name), name);
      else plain[String(item.name)] = resolve(item.value, { name }, name);
    }
    envs[name] = { plain, secret };
  }
  return envs;
}

/** Terraform variables without a default (terraform.tfvars in a real project). */
const VARIABLE_PLACEHOLDERS: Record<string, string> = {
  admin_emails: 'admin@rehearsal.example',
  domain: 'rehearsal.example',
  stripe_publishable_key: 'pk_test_rehearsal',
};
