import { join } from 'node:path';
import { loadModule, moduleCalls, resourcesOf, type Block, type TfModule } from '../../terraform/test/hcl';
import { REPO_ROOT } from '../stack/settings';

/** The permissions the rehearsal's stand-ins check, and the predefined roles that hold them (as Google defines them). */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  'roles/cloudtasks.enqueuer': ['cloudtasks.tasks.create'],
  'roles/cloudtasks.taskDeleter': ['cloudtasks.tasks.delete'],
  'roles/cloudtasks.taskRunner': ['cloudtasks.tasks.run'],
  'roles/cloudtasks.admin': ['cloudtasks.tasks.create', 'cloudtasks.tasks.delete', 'cloudtasks.tasks.run', 'cloudtasks.tasks.list'],
  'roles/iam.serviceAccountUser': ['iam.serviceAccounts.actAs'],
  'roles/iam.serviceAccountTokenCreator': ['iam.serviceAccounts.getOpenIdToken', 'iam.serviceAccounts.getAccessToken', 'iam.serviceAccounts.signBlob'],
  'roles/run.invoker': ['run.routes.invoke'],
  'roles/owner': ['*'],
  'roles/editor': ['*'],
};

/** The Cloud Tasks service agent, which mints the OIDC token of a task it dispatches. */
export const CLOUD_TASKS_AGENT = 'cloud-tasks-service-agent';

/** One grant: who, what role, on which resource ("project", "queue:<name>", "serviceAccount:<email>"). */
export interface Grant {
  member: string;
  role: string;
  resource: string;
}

export interface TerraformIam {
  grants: Grant[];
  /** Whether `member` holds `permission` on `resource` (through a grant there or on the project). */
  allows(member: string, permission: string, resource: string): boolean;
}

export interface IamPlaceholders {
  projectId: string;
  /** The queue's name as the rehearsal gives it (terraform-env.ts resolves google_cloud_tasks_queue.X.name the same way). */
  queueName(resource: string): string;
}

/** The rehearsal's name of each Cloud Tasks queue resource: rehearsal-<resource name>, as terraform-env.ts gives it. */
export const rehearsalQueueName = (resource: string) => `rehearsal-${resource}`;

/**
 * Who may do what on the Cloud Tasks queues and the service accounts, read from the PARSED Terraform: every
 * google_cloud_tasks_queue_iam_member, google_service_account_iam_member and google_project_iam_member (and each
 * function module's project_roles), members and resources resolved to the rehearsal's names. An expression it cannot
 * read stops it with its text, as terraform-env.ts does.
 */
export async function terraformIam(placeholders: IamPlaceholders, root?: TfModule): Promise<TerraformIam> {
  const module = root ?? (await loadModule(join(REPO_ROOT, 'terraform')));
  const accountIds = Object.fromEntries(resourcesOf(module, 'google_service_account').map(([name, block]) => [name, String(block.account_id)]));
  const email = (accountId: string) => `${accountId}@${placeholders.projectId}.iam.gserviceaccount.com`;
  const fnEmail = (name: string) => email(`tickethub-fn-${name}`);

  const member = (expression: unknown): string => {
    const text = String(expression);
    const rules: Array<[RegExp, (m: RegExpExecArray) => string]> = [
      [/^serviceAccount:\$\{google_service_account\.(\w+)\.email\}$/, (m) => email(accountIds[m[1]!] ?? unknown(text))],
      [/^serviceAccount:\$\{module\.(\w+)\.service_account_email\}$/, (m) => fnEmail(m[1]!)],
      [/^serviceAccount:\$\{google_project_service_identity\.tasks\.email\}$/, () => CLOUD_TASKS_AGENT],
      [/^serviceAccount:\$\{google_project_service_identity\.(\w+)\.email\}$/, (m) => `service-agent-${m[1]}`],
      [/^allUsers$/, () => 'allUsers'],
    ];
    for (const [pattern, value] of rules) {
      const hit = pattern.exec(text);
      if (hit) return value(hit);
    }
    return unknown(text);
  };
  const roles = (block: Block, each: unknown): string[] => {
    const role = String(block.role);
    if (role !== '${each.value}') return [role];
    const literal = /^\$\{toset\(\[([^\]]*)\]\)\}$/.exec(String(each));
    if (!literal) return unknown(String(each));
    return [...literal[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  };

  const grants: Grant[] = [];
  for (const [, block] of resourcesOf(module, 'google_cloud_tasks_queue_iam_member')) {
    const queue = /^\$\{google_cloud_tasks_queue\.(\w+)\.name\}$/.exec(String(block.name))?.[1] ?? unknown(String(block.name));
    for (const role of roles(block, block.for_each)) grants.push({ member: member(block.member), role, resource: `queue:${placeholders.queueName(queue)}` });
  }
  for (const [, block] of resourcesOf(module, 'google_service_account_iam_member')) {
    const target = String(block.service_account_id);
    const account =
      /^\$\{google_service_account\.(\w+)\.name\}$/.exec(target)?.[1] !== undefined
        ? email(accountIds[/^\$\{google_service_account\.(\w+)\.name\}$/.exec(target)![1]!]!)
        : /^\$\{module\.(\w+)\.service_account_id\}$/.exec(target)
          ? fnEmail(/^\$\{module\.(\w+)\.service_account_id\}$/.exec(target)![1]!)
          : unknown(target);
    for (const role of roles(block, block.for_each)) grants.push({ member: member(block.member), role, resource: `serviceAccount:${account}` });
  }
  for (const [, block] of resourcesOf(module, 'google_project_iam_member')) {
    for (const role of roles(block, block.for_each)) grants.push({ member: member(block.member), role, resource: 'project' });
  }
  for (const [name, call] of moduleCalls(module).filter(([, c]) => c.source === './modules/function')) {
    for (const role of (call.project_roles as string[] | undefined) ?? []) grants.push({ member: fnEmail(name), role, resource: 'project' });
  }

  return {
    grants,
    allows: (who, permission, resource) =>
      grants.some(
        (grant) =>
          grant.member === who &&
          (grant.resource === resource || grant.resource === 'project') &&
          (ROLE_PERMISSIONS[grant.role] ?? []).some((held) => held === permission || held === '*'),
      ),
  };
}

function unknown(text: string): never {
  throw new Error(`The rehearsal cannot read the IAM expression ${text}: teach dev/rehearsal/terraform-iam.ts`);
}
