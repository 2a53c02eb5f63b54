import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOUD_TASKS_MAX_AHEAD_MS } from '@tickethub/functions/src/platform/task-horizon';
import { CLOUD_TASKS_AGENT, type TerraformIam } from './terraform-iam';
import type { TokenIssuer } from './token-issuer';

/** A task as the stand-in holds it: where it POSTs, when, with what, as whom. */
export interface StoodInTask {
  /** Full resource name: projects/P/locations/L/queues/Q/tasks/T. */
  name: string;
  queue: string;
  id: string;
  scheduleTime: Date;
  url: string;
  headers: Record<string, string>;
  body: any;
  oidc: { serviceAccountEmail: string; audience: string };
  attempts: Array<{ status: number; body: string }>;
}

/** A call the stand-in refused, as Google would have: who asked, for what, and the status. */
export interface Refusal {
  status: 'PERMISSION_DENIED' | 'INVALID_ARGUMENT' | 'ALREADY_EXISTS' | 'NOT_FOUND' | 'UNAUTHENTICATED';
  method: string;
  account?: string;
  task: string;
  message: string;
}

export interface CloudTasksStandIn {
  /** For TASKS_API_ENDPOINT: the Cloud Tasks v2 REST API the client library's REST transport speaks. */
  url: string;
  /** Pending tasks, of one queue or all. */
  tasks(queue?: string): StoodInTask[];
  refusals: Refusal[];
  /**
   * Dispatches a pending task now, as Cloud Tasks does at its schedule time: with `asIfDue`, the clock is moved to its
   * schedule time through its payload (a hop's dueAt moves as much closer as the task was ahead). Returns the response.
   */
  runNow(id: string, options?: { asIfDue?: boolean }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const GRPC: Record<Refusal['status'], number> = { INVALID_ARGUMENT: 400, UNAUTHENTICATED: 401, PERMISSION_DENIED: 403, NOT_FOUND: 404, ALREADY_EXISTS: 409 };

/**
 * The rehearsal's stand-in for Cloud Tasks: the REST API's createTask and deleteTask, held to what Google enforces
 * and the functions could get wrong. The caller is known from its access token (each function has its own identity,
 * token-issuer.ts), and its permissions come from the parsed Terraform (terraform-iam.ts): creating a task needs
 * cloudtasks.tasks.create on the queue and iam.serviceAccounts.actAs on the task's OIDC account, deleting one
 * cloudtasks.tasks.delete; otherwise PERMISSION_DENIED. A schedule_time more than 720 h ahead is INVALID_ARGUMENT, a
 * name in use (or used by a task that ran or was deleted, for an hour) ALREADY_EXISTS. Due tasks are dispatched with an
 * OIDC token of their account, minted only if Terraform lets the Cloud Tasks service agent do so, and retried until 2xx.
 */
export async function startCloudTasksStandIn(options: { issuer: TokenIssuer; iam: TerraformIam }): Promise<CloudTasksStandIn> {
  const { issuer, iam } = options;
  const pending = new Map<string, StoodInTask>();
  const tombstones = new Map<string, number>();
  const refusals: Refusal[] = [];
  const inFlight = new Set<string>();

  const refuse = (res: ServerResponse, refusal: Refusal) => {
    refusals.push(refusal);
    res.writeHead(GRPC[refusal.status], { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: GRPC[refusal.status], message: refusal.message, status: refusal.status } }));
  };

  const dispatch = async (task: StoodInTask): Promise<{ status: number; body: string }> => {
    const { serviceAccountEmail, audience } = task.oidc;
    let result: { status: number; body: string };
    if (!iam.allows(CLOUD_TASKS_AGENT, 'iam.serviceAccounts.getOpenIdToken', `serviceAccount:${serviceAccountEmail}`)) {
      result = { status: 0, body: `PERMISSION_DENIED: the Cloud Tasks service agent may not mint tokens for ${serviceAccountEmail}` };
    } else {
      const response = await fetch(task.url, {
        method: 'POST',
        headers: { ...task.headers, authorization: `Bearer ${issuer.mint(audience, serviceAccountEmail)}` },
        body: JSON.stringify(task.body),
      }).catch((error: unknown) => ({ status: 0, text: async () => String(error) }));
      result = { status: response.status, body: await response.text() };
    }
    task.attempts.push(result);
    if (result.status >= 200 && result.status < 300) {
      pending.delete(task.id);
      tombstones.set(task.id, Date.now());
    } else {
      task.scheduleTime = new Date(Date.now() + Math.min(1000 * 2 ** (task.attempts.length - 1), 10_000));
    }
    return result;
  };

  // Due tasks, as Cloud Tasks dispatches them: polled, since a timer cannot wait the 720 h a task may be ahead.
  const ticker = setInterval(() => {
    for (const task of pending.values()) {
      if (task.scheduleTime.getTime() > Date.now() || inFlight.has(task.id)) continue;
      inFlight.add(task.id);
      void dispatch(task).finally(() => inFlight.delete(task.id));
    }
  }, 200);

  const handle = async (req: IncomingMessage, res: ServerResponse, text: string) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://tasks').pathname).replace(/^\/v2\//, '');
    const account = issuer.accountOf((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!account)
      return refuse(res, { status: 'UNAUTHENTICATED', method: req.method!, task: path, message: 'Request had invalid authentication credentials.' });
    if (req.method === 'POST' && /^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/]+\/tasks$/.test(path)) {
      const queue = path.split('/')[5]!;
      const { task } = JSON.parse(text) as { task: any };
      const id = String(task.name ?? '').split('/tasks/')[1] ?? `auto-${Date.now()}`;
      const base = { method: 'createTask', account, task: id };
      const oidc = task.httpRequest?.oidcToken ?? {};
      if (!iam.allows(account, 'cloudtasks.tasks.create', `queue:${queue}`))
        return refuse(res, {
          ...base,
          status: 'PERMISSION_DENIED',
          message: `The principal (user or service account) lacks IAM permission "cloudtasks.tasks.create" for the resource "${path}"`,
        });
      if (!iam.allows(account, 'iam.serviceAccounts.actAs', `serviceAccount:${oidc.serviceAccountEmail}`))
        return refuse(res, {
          ...base,
          status: 'PERMISSION_DENIED',
          message: `The principal lacks IAM permission "iam.serviceAccounts.actAs" for "${oidc.serviceAccountEmail}"`,
        });
      const scheduleTime = new Date(task.scheduleTime ?? Date.now());
      if (scheduleTime.getTime() - Date.now() > CLOUD_TASKS_MAX_AHEAD_MS)
        return refuse(res, {
          ...base,
          status: 'INVALID_ARGUMENT',
          message: 'The specified schedule time is too far in the future. Must be within 720 hours from now.',
        });
      const tombstone = tombstones.get(id);
      if (pending.has(id) || (tombstone !== undefined && Date.now() - tombstone < 3_600_000))
        return refuse(res, { ...base, status: 'ALREADY_EXISTS', message: 'Requested entity already exists' });
      pending.set(id, {
        name: task.name,
        queue,
        id,
        scheduleTime,
        url: task.httpRequest.url,
        headers: task.httpRequest.headers ?? {},
        body: JSON.parse(Buffer.from(task.httpRequest.body ?? '', 'base64').toString() || 'null'),
        oidc: { serviceAccountEmail: oidc.serviceAccountEmail, audience: oidc.audience },
        attempts: [],
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...task, scheduleTime: scheduleTime.toISOString() }));
      return;
    }
    if (req.method === 'DELETE' && /^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/]+\/tasks\/[^/]+$/.test(path)) {
      const [queue, id] = [path.split('/')[5]!, path.split('/')[7]!];
      const base = { method: 'deleteTask', account, task: id };
      if (!iam.allows(account, 'cloudtasks.tasks.delete', `queue:${queue}`))
        return refuse(res, {
          ...base,
          status: 'PERMISSION_DENIED',
          message: `The principal (user or service account) lacks IAM permission "cloudtasks.tasks.delete" for the resource "${path}"`,
        });
      if (!pending.delete(id))
        return refuse(res, { ...base, status: 'NOT_FOUND', message: 'The task no longer exists, though a task with this name existed recently.' });
      tombstones.set(id, Date.now());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 404, message: `no such method ${req.method} ${path}`, status: 'NOT_FOUND' } }));
  };

  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      handle(req, res, text).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 500, message: String(error), status: 'INTERNAL' } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    tasks: (queue) => [...pending.values()].filter((task) => !queue || task.queue === queue),
    refusals,
    async runNow(id, { asIfDue = false } = {}) {
      const task = pending.get(id);
      if (!task) throw new Error(`No pending task ${id}`);
      if (asIfDue && task.body?.dueAt) {
        const ahead = task.scheduleTime.getTime() - Date.now();
        task.body = { ...task.body, dueAt: new Date(Date.parse(task.body.dueAt) - ahead).toISOString() };
      }
      task.scheduleTime = new Date();
      inFlight.add(id);
      try {
        return await dispatch(task);
      } finally {
        inFlight.delete(id);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
