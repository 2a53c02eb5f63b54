import { cookies } from 'next/headers';
import { errorEnvelopeSchema } from '@tickethub/shared';
import { apiOrigin } from '../config';
import { clientIpHeaders } from './client-ip';
import { ApiError } from './errors';

export const SESSION_COOKIE = 'session';

interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** A non-JSON body (a ticket file), sent as is with its content type. */
  raw?: { data: Uint8Array; contentType: string };
  /** Parses the 2xx body; absent for 204 answers. */
  schema?: { parse(input: unknown): T };
  /**
   * A public read, the same for every visitor: sent without the session and kept in Next's data cache under these
   * tags (lib/cache/tags.ts) for at most `revalidate` seconds. Never for anything a visitor's identity changes.
   */
  publicCache?: { tags: string[]; revalidate: number };
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

/**
 * The one door to the API. The session rides as a bearer token taken from the browser's cookie: the API's
 * same-origin check guards cookie sessions only, and this request comes from the web server, not the browser.
 */
export async function apiRequest<T = undefined>(path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
  const url = new URL(path, apiOrigin());
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  // Reading the cookie (or the request's headers) makes a page dynamic: a public read must not, so that the page can
  // be rendered once and cached. Public reads carry no session and no client address.
  const headers: Record<string, string> = { accept: 'application/json', ...(options.publicCache ? {} : await clientIpHeaders()), ...options.headers };
  const token = options.publicCache ? undefined : (await cookies()).get(SESSION_COOKIE)?.value;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw) headers['content-type'] = options.raw.contentType;

  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.raw ? new Blob([options.raw.data as Uint8Array<ArrayBuffer>]) : options.body === undefined ? undefined : JSON.stringify(options.body),
    ...(options.publicCache ? { next: options.publicCache } : { cache: 'no-store' as const }),
    // A hung API should end in the error page, not in a browser spinner that never stops.
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const json = text ? safeJson(text) : undefined;
  if (!response.ok) throw toApiError(response.status, json);
  const data = options.schema ? options.schema.parse(json) : (undefined as T);
  return { data, headers: response.headers };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  return new ApiError(
    status,
    envelope.success ? envelope.data.errors : [{ message: status >= 500 ? 'The service is unavailable right now' : `Request failed (${status})` }],
  );
}
