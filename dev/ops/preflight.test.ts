import { evaluate, needs, preflight, terraformSecretIds, type OrgPolicy } from './preflight';

/** Answers as gcloud does for a project: effective org policies by constraint, enabled secret versions by secret. */
function gcloudFor(policies: Record<string, OrgPolicy>, enabledSecrets: Set<string>) {
  const calls: string[][] = [];
  const gcloud = async (args: string[]) => {
    calls.push(args);
    if (args[0] === 'org-policies') return JSON.stringify(policies[args[2]!.replace('constraints/', '')] ?? {});
    if (args[0] === 'secrets') return enabledSecrets.has(args[3]!) ? `projects/p/secrets/${args[3]}/versions/1\n` : '';
    throw new Error(`unexpected gcloud ${args.join(' ')}`);
  };
  return { gcloud, calls };
}

describe('npm run preflight', () => {
  it('passes a project without restrictions whose every secret has an enabled version', async () => {
    const secrets = await terraformSecretIds();
    expect(secrets).toEqual(expect.arrayContaining(['tickethub-jwt-secret', 'tickethub-nats-payouts-password', 'tickethub-nats-tls-key']));
    const { gcloud, calls } = gcloudFor({}, new Set(secrets));
    expect(await preflight('p', 'europe-west1', gcloud)).toEqual([]);
    // Read-only: describe and list, nothing else.
    expect(new Set(calls.map((args) => `${args[0]} ${args[1]}`))).toEqual(new Set(['org-policies describe', 'secrets versions']));
  });

  it('names every secret without an enabled version and every constraint that would refuse a resource', async () => {
    const secrets = await terraformSecretIds();
    const missing = ['tickethub-nats-admin-password', 'tickethub-smtp-url'];
    const { gcloud } = gcloudFor(
      {
        'iam.allowedPolicyMemberDomains': { spec: { rules: [{ values: { allowedValues: ['is:C0abc123'] } }] } },
        'compute.trustedImageProjects': { spec: { rules: [{ values: { allowedValues: ['projects/debian-cloud'] } }] } },
        'iam.disableServiceAccountCreation': { spec: { rules: [{ enforce: true }] } },
      },
      new Set(secrets.filter((secret) => !missing.includes(secret))),
    );
    const problems = await preflight('p', 'europe-west1', gcloud);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^iam\.allowedPolicyMemberDomains does not allow allUsers/),
        expect.stringMatching(/^compute\.trustedImageProjects does not allow projects\/cos-cloud/),
        expect.stringMatching(/^iam\.disableServiceAccountCreation is enforced/),
        'secret tickethub-nats-admin-password has no enabled version: add one (README step 4)',
        'secret tickethub-smtp-url has no enabled version: add one (README step 4)',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('reads list policies as Google applies them: allowAll, denyAll, denied values, value groups', () => {
    const [locations] = needs('europe-west1', []).filter((need) => need.constraint === 'gcp.resourceLocations');
    expect(evaluate(locations!, {})).toBeNull();
    expect(evaluate(locations!, { spec: { rules: [{ allowAll: true }] } })).toBeNull();
    expect(evaluate(locations!, { spec: { rules: [{ denyAll: true }] } })).toMatch(/denies all values/);
    expect(evaluate(locations!, { spec: { rules: [{ values: { deniedValues: ['europe-west1'] } }] } })).toMatch(/does not allow europe-west1/);
    expect(evaluate(locations!, { spec: { rules: [{ values: { allowedValues: ['in:eu-locations'] } }] } })).toBeNull();
    expect(evaluate(locations!, { spec: { rules: [{ values: { allowedValues: ['us-central1'] } }] } })).toMatch(/does not allow europe-west1/);
  });
});
