import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertNodeMajor } from '../provision/node-runtime';
import { NEEDS, provision } from '../provision/provision';
import { REPO_ROOT } from '../stack/settings';

/**
 * `npm run rehearse`: the step before `terraform apply` (terraform/README.md). Builds the bundles, starts every
 * deployable exactly as deployed with the environment the parsed Terraform gives it, proves each healthy and drives
 * one purchase end to end, and proves the rehearsal catches a missing variable, a missing index and a forged subject.
 * It is the rehearsal's own Jest project, so this command and `npm test` prove the same things; exit code non-zero
 * on any failure, with its reason.
 */
async function main(): Promise<void> {
  assertNodeMajor('npm run rehearse');
  await provision([NEEDS.nats, NEEDS.java, NEEDS.firestore]);
  const jest = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const result = spawnSync(process.execPath, [jest, '--selectProjects', 'rehearsal'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
  });
  process.exit(result.status ?? 1);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
