import { startChild } from './child';
import { closeServer, hostFunction } from './functions-host';
import { startMailDev } from './maildev';
import { stopOnSignals } from './stop-on-signals';

/**
 * A stand-in for `npm start` in dev/stack/stop-on-signal.test.ts: starts a detached helper (as the stack starts the
 * emulator and nats-server), MailDev and a function hosted through functions-framework in-process (as the stack
 * does), stops them on SIGINT/SIGTERM with start.ts's own stopOnSignals, and keeps its event loop as busy as a stack delivering events is, so
 * that anything that ends the process before the helper is stopped is caught.
 */
const { stops } = stopOnSignals();
const helper = startChild(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
stops.push(helper.stop);
setInterval(() => {
  const until = Date.now() + 150;
  while (Date.now() < until) {
    // busy, like a stack applying a burst of events
  }
}, 10);
void (async () => {
  const mail = await startMailDev();
  stops.push(mail.stop);
  const hosted = await hostFunction('auth', (_req, res) => void res.end());
  // Stopped after a moment's work, as the stack's functions are, so a handler that exits at once wins the race.
  stops.push(() => new Promise((resolve) => setTimeout(resolve, 200)).then(() => closeServer(hosted.server)));
  console.log(`helper ${helper.process.pid}`);
})();
