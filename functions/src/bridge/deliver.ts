import type { JsMsg } from '@nats-io/jetstream';

export type Verdict = 'ack' | 'retry' | 'reject';

/** What an HTTP answer from a function means for the message. */
export function verdictFor(status: number): Verdict {
  if (status >= 200 && status < 300) return 'ack';
  // 408 and 429 are the function asking for patience, not refusing the event.
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  return 'reject';
}

export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: (await response.text()).slice(0, 500) };
}

/** Exponential backoff by delivery count, so a function that is down is not hammered. */
export function backoffMs(message: JsMsg, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, message.info.deliveryCount - 1));
}
