/**
 * Which Firestore an operator command talks to: FIRESTORE_EMULATOR_HOST when set; otherwise the cloud project
 * GOOGLE_CLOUD_PROJECT names (application-default credentials); with neither, npm start's local emulator
 * (127.0.0.1:FIRESTORE_PORT, default 8080, project demo-tickethub).
 */
export function opsProject(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.FIRESTORE_EMULATOR_HOST && !env.GOOGLE_CLOUD_PROJECT) env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${env.FIRESTORE_PORT ?? 8080}`;
  return env.GOOGLE_CLOUD_PROJECT ?? 'demo-tickethub';
}
