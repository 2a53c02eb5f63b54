/**
 * `npm run admin -- grant|revoke <email>`: gives or takes the admin role. Locally it talks to the emulator named by
 * FIRESTORE_EMULATOR_HOST (npm start's, by default 127.0.0.1:8080); in the cloud, unset it and set
 * GOOGLE_CLOUD_PROJECT, with application-default credentials. The change applies to the user's next request.
 */
import { setRole } from '@tickethub/functions/src/auth/roles';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { opsProject } from './project';

const USAGE = 'usage: npm run admin -- grant|revoke <email>';

async function main(argv: string[]): Promise<number> {
  const [action, email] = argv;
  if ((action !== 'grant' && action !== 'revoke') || !email) {
    console.error(USAGE);
    return 2;
  }
  const db = createFirestore(opsProject());
  try {
    const user = await setRole(db, email, action === 'grant' ? 'admin' : 'user');
    if (!user) {
      console.error(`No account with the email ${email}`);
      return 1;
    }
    console.log(`${user.email} (${user.id}) is now ${user.role}`);
    return 0;
  } finally {
    await db.terminate();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
