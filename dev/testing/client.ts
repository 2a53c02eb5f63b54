import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as raw text with the given content type instead of JSON. */
  raw?: { text: string; contentType?: string };
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

/** Real HTTP against a test stack's origin; the body is parsed as JSON whenever there is one. */
export async function api<T = any>(origin: string, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw) {
    body = options.raw.text;
    if (options.raw.contentType) headers['content-type'] = options.raw.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${origin}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text: a test asserting on an envelope will fail loudly with it
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export interface SignedInUser {
  id: string;
  email: string;
  role: 'user' | 'admin';
  token: string;
  /** `session=<jwt>`, ready for a Cookie header. */
  cookie: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Signs up a fresh user and returns both its bearer token and its cookie. */
export async function signUp(
  origin: string,
  email = uniqueEmail(),
  password = 'correct horse battery',
  headers?: Record<string, string>,
): Promise<SignedInUser> {
  const response = await api(origin, 'POST', '/api/users/signup', { body: { email, password }, headers });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { ...response.body, cookie };
}

/** The error envelope every non-2xx response must have. */
export function expectEnvelope(response: ApiResponse): void {
  expect(response.body).toEqual({ errors: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]) });
  expect(Array.isArray(response.body.errors) && response.body.errors.length > 0).toBe(true);
}
