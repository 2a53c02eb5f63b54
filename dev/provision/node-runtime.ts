import pin from './node-version.json';

/**
 * The Node major TicketHub runs on, here and in the cloud (terraform: `nodejs24`, the images `node:24`), and the
 * builds dev/provision/node24.mjs provisions from the npm registry when the machine's Node is another one.
 */
export const NODE_MAJOR: number = pin.major;
export const PINNED_NODE_BUILDS: Readonly<Record<string, string>> = pin.builds;

export function nodeMajor(version: string): number {
  const major = /^v?(\d+)\./.exec(version)?.[1];
  if (!major) throw new Error(`not a Node version: ${JSON.stringify(version)}`);
  return Number(major);
}

/**
 * Fails loudly when `what` runs on another Node major than the one deployed: what is tested must be what runs. The
 * npm scripts start everything through node24.mjs, so this fires only when something bypasses them.
 */
export function assertNodeMajor(what: string, version: string = process.version, execPath: string = process.execPath): void {
  if (nodeMajor(version) === NODE_MAJOR) return;
  throw new Error(
    `${what} runs on Node ${version} (${execPath}), but TicketHub runs on Node ${NODE_MAJOR}. ` +
      `Start it through npm (npm start, npm test, npm run …), which provisions Node ${NODE_MAJOR}, ` +
      `or prefix the command: node dev/provision/node24.mjs <command>.`,
  );
}
