const PROBE_ORIGIN = 'http://tickethub.invalid';

/**
 * Only same-origin paths, however encoded. The value is resolved the way a browser resolves a Location header
 * (tabs and newlines dropped, `\` read as `/`), so `/\t/evil.example`, `/\\evil.example` or `//evil.example` all
 * land on another host and are refused; what is returned is the re-serialised path, with no raw control characters
 * left for a later step to reinterpret.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Belt and braces: a result that a browser could still read as protocol-relative never leaves here.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  return path;
}
