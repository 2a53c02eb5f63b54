/**
 * ack: delivered. retry: try again later, within the retry budget. wait: the event arrived ahead of its predecessor;
 * offer it again soon, without spending the budget. reject: the handler itself said the event is invalid.
 */
export type Verdict = 'ack' | 'retry' | 'wait' | 'reject';

/** The handler's explicit verdict that the event itself can never be applied: the only early dead letter. */
export const INVALID_EVENT_CODE = 'EVENTS.INVALID';
/** The handler's answer for a version that overtook its predecessor (platform/events.ts). */
export const OUT_OF_ORDER_CODE = 'EVENTS.OUT_OF_ORDER';

export interface Outcome {
  status: number;
  text: string;
}

function errorCodes(text: string): string[] {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown }).errors;
    return Array.isArray(errors)
      ? errors.flatMap((item) => (typeof (item as { code?: unknown })?.code === 'string' ? [(item as { code: string }).code] : []))
      : [];
  } catch {
    return [];
  }
}

/**
 * What an HTTP answer from a function means for the message. A bare status is never enough to give up: a 401/403 is
 * an OIDC key fetch or an IAM binding still propagating, a 404 a function being redeployed, and neither says anything
 * about the event. Only the handler's own envelope with EVENTS.INVALID does.
 */
export function verdictFor({ status, text }: Outcome): Verdict {
  if (status >= 200 && status < 300) return 'ack';
  const codes = errorCodes(text);
  if (codes.includes(OUT_OF_ORDER_CODE)) return 'wait';
  if (status >= 400 && status < 500 && codes.includes(INVALID_EVENT_CODE)) return 'reject';
  return 'retry';
}

export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Outcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: (await response.text()).slice(0, 2000) };
}

/** Capped exponential backoff by delivery count, so a function that is down is not hammered. */
export function backoffMs(deliveryCount: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, deliveryCount - 1)));
}

/** Dead only when the budget (from publication) is spent and the event was also tried often enough. */
export function isOutOfBudget(
  publishedAtMs: number,
  deliveryCount: number,
  options: { retryBudgetMs: number; minDeliveries: number },
  now = Date.now(),
): boolean {
  return now - publishedAtMs >= options.retryBudgetMs && deliveryCount >= options.minDeliveries;
}
