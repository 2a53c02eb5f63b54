import { freePorts } from './ports';

// MailDev ships no type declarations; this is the part of its API the stack uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MailDev = require('maildev') as new (options: Record<string, unknown>) => {
  listen(callback: (error?: Error) => void): void;
  close(callback: (error?: Error) => void): void;
};

export interface MailServer {
  smtpUrl: string;
  /** The inbox and its REST API (`GET /email`). */
  webUrl: string;
  stop(): Promise<void>;
}

/**
 * MailDev on loopback: SMTP for the notifications function, a web inbox and REST API for people and tests.
 * Without ports it takes two distinct free ones (tests and the rehearsal).
 */
export async function startMailDev(ports?: { smtp: number; web: number }): Promise<MailServer> {
  const [smtpPort, webPort] = ports ? [ports.smtp, ports.web] : await freePorts(2);
  const server = withoutSignalHandlers(
    () => new MailDev({ smtp: smtpPort, web: webPort, ip: '127.0.0.1', host: '127.0.0.1', silent: true, disableWeb: false }),
  );
  await new Promise<void>((resolve, reject) => server.listen((error) => (error ? reject(error) : resolve())));
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * MailDev, built as a program of its own, exits the process on SIGINT/SIGTERM once its servers close. Inside the
 * stack that exit came before the stack had stopped the emulator and nats-server, so Ctrl-C left them running; the
 * stack stops MailDev itself (`stop`), so MailDev's own handlers are taken off again.
 */
function withoutSignalHandlers<T>(make: () => T): T {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const made = make();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return made;
}

export interface ReceivedEmail {
  id: string;
  subject: string;
  to: Array<{ address: string }>;
  messageId?: string;
  text?: string;
  html?: string;
  attachments?: Array<{ fileName?: string; generatedFileName?: string; contentType: string; contentId?: string }>;
}

/** Every message in the inbox, through MailDev's REST API, as a person's browser would read it. */
export async function receivedEmails(webUrl: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${webUrl}/email`);
  if (!response.ok) throw new Error(`MailDev GET /email: ${response.status}`);
  return (await response.json()) as ReceivedEmail[];
}
