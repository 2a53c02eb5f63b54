/** Only same-site paths: `//evil.example` and absolute URLs would turn the sign-in redirect into an open redirect. */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
