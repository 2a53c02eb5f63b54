import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { body, loadModule, locals, type TfModule } from './hcl';

/**
 * terraform/README.md's step 4 is what an operator types to give the secrets their values: Terraform creates them
 * empty, and a secret left without a version stops every function that reads it at start. The step names each one.
 */

const TERRAFORM_DIR = resolve(__dirname, '..');

let root: TfModule;
let readme: string;
beforeAll(async () => {
  root = await loadModule(TERRAFORM_DIR);
  readme = readFileSync(join(TERRAFORM_DIR, 'README.md'), 'utf8');
});

/** Every secret id Terraform creates, from secrets.tf's locals: the app secrets, one NATS password per user, the TLS material. */
function createdSecretIds(): string[] {
  const all = locals(root);
  const app = Object.values(body(all.secret_ids)).map(String);
  const tls = Object.values(body(all.nats_tls_secret_ids)).map(String);
  // nats_users = keys(local.functions) + bridge + admin (the functions map's keys are the NATS users' names).
  const expression = String(all.nats_users);
  expect(expression).toBe('${toset(concat(keys(local.functions), ["bridge", "admin"]))}');
  const users = [...Object.keys(body(all.functions)), 'bridge', 'admin'];
  return [...app, ...tls, ...users.map((user) => `tickethub-nats-${user}-password`)];
}

/** The secret ids README's commands add a version to, with its one loop over NATS users spelled out. */
function idsGivenValues(text: string): string[] {
  const direct = [...text.matchAll(/gcloud secrets versions add "?([\w$-]+)"?/g)].map((match) => match[1]!);
  const loop = /for user in ([\w ]+); do/.exec(text);
  const users = loop ? loop[1]!.trim().split(/\s+/) : [];
  return direct.flatMap((id) => (id.includes('$user') ? users.map((user) => id.replace('$user', user)) : [id]));
}

test('step 4 of terraform/README.md gives every secret Terraform creates a value, and names no other', () => {
  const created = createdSecretIds();
  expect(created).toEqual(expect.arrayContaining(['tickethub-stripe-connect-webhook-secret', 'tickethub-smtp-url', 'tickethub-nats-payouts-password']));
  expect(new Set(idsGivenValues(readme))).toEqual(new Set(created));
});

test('the check reads the loop and sees a secret the step leaves out', () => {
  const without = readme.replace(/^.*tickethub-smtp-url.*$/m, '').replace(' payouts notifications ', ' ');
  const given = new Set(idsGivenValues(without));
  expect(
    createdSecretIds()
      .filter((id) => !given.has(id))
      .sort(),
  ).toEqual(['tickethub-nats-notifications-password', 'tickethub-nats-payouts-password', 'tickethub-smtp-url']);
});
