import { createDeadLetters, type DeadLetter } from '@tickethub/functions/src/platform/dead-letters';
import { commonEnv, natsOptionsOf, parseEnv } from '@tickethub/functions/src/platform/config';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { createLogger } from '@tickethub/functions/src/platform/logger';
import { createNats } from '@tickethub/functions/src/platform/nats';
import { localNatsCredentials } from '../stack/nats-config';
import { localPorts } from '../stack/settings';

const USAGE = `npm run dlq -- <command>
  list                 dead letters, newest first
  show <id>            one dead letter with its event
  replay <id> | --all  send back to its domain (the bridge delivers it; applied once: handlers dedupe by event id)
  drop <id>            forget it for good

Locally it talks to the npm start stack (FIRESTORE_PORT, NATS_PORT); in the cloud set GOOGLE_CLOUD_PROJECT,
NATS_URL (reachable from where you run it), NATS_USER/NATS_PASSWORD (the auth function's NATS user: it may publish
the replay subjects) and NATS_TLS_CA, and Google credentials, and leave FIRESTORE_EMULATOR_HOST unset.`;

function line(letter: DeadLetter): string {
  return `${letter.id}\t${letter.subject}\tattempts=${letter.attempts}\treplays=${letter.replays}\t${letter.deadAt.toISOString()}\t${letter.reason.slice(0, 80)}`;
}

/** `npm run dlq`: the operator's view of the bridge's dead-letter store, the same operations as the admin page. */
export async function runDlq(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = console.log): Promise<number> {
  const [command, arg] = argv;
  const local = !env.K_SERVICE && !env.GOOGLE_APPLICATION_CREDENTIALS && (env.GOOGLE_CLOUD_PROJECT ?? 'demo-tickethub').startsWith('demo-');
  const ports = localPorts(env);
  // Locally it replays as the auth function's NATS user, the one allowed to publish tickethub.replay.* (publishers.json).
  const { user, pass } = localNatsCredentials('auth');
  const effective = local
    ? { FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`, NATS_URL: `nats://127.0.0.1:${ports.nats}`, NATS_USER: user, NATS_PASSWORD: pass, ...env }
    : env;
  // The Firestore client reads the emulator address from the process environment.
  if (effective.FIRESTORE_EMULATOR_HOST) process.env.FIRESTORE_EMULATOR_HOST = effective.FIRESTORE_EMULATOR_HOST;
  const config = parseEnv(commonEnv, effective, 'dlq configuration');
  const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
  const deadLetters = createDeadLetters(db);
  const nats = createNats({ ...natsOptionsOf(config), name: 'tickethub-dlq', log: createLogger({ component: 'dlq' }) });
  try {
    switch (command) {
      case 'list': {
        const items = await deadLetters.list(1000);
        out(items.length === 0 ? 'No dead letters.' : items.map(line).join('\n'));
        return 0;
      }
      case 'show': {
        const letter = arg ? await deadLetters.get(arg) : null;
        if (!letter) return fail(out, `No dead letter ${arg ?? ''}`);
        out(JSON.stringify({ ...letter, body: JSON.parse(letter.body) as unknown }, null, 2));
        return 0;
      }
      case 'replay': {
        const letters = arg === '--all' ? await deadLetters.list(10_000) : [arg ? await deadLetters.get(arg) : null].filter((l): l is DeadLetter => l !== null);
        if (letters.length === 0) return fail(out, arg === '--all' ? 'No dead letters.' : `No dead letter ${arg ?? ''}`);
        for (const letter of letters) await deadLetters.replay(nats, letter);
        out(`Replayed ${letters.length}: the bridge delivers them and removes each once its domain accepted it.`);
        return 0;
      }
      case 'drop': {
        if (!arg || !(await deadLetters.drop(arg))) return fail(out, `No dead letter ${arg ?? ''}`);
        out(`Dropped ${arg}.`);
        return 0;
      }
      default:
        out(USAGE);
        return command ? 2 : 0;
    }
  } finally {
    await nats.close();
    await db.terminate();
  }
}

function fail(out: (text: string) => void, message: string): number {
  out(message);
  return 1;
}

if (require.main === module) {
  void runDlq(process.argv.slice(2)).then((code) => process.exit(code));
}
