const MAX_PREFIX = 15;
const MIN_PREFIX = 2;

/** Lower-case words without accents: "Café Zürich" → ["cafe", "zurich"]. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= MIN_PREFIX);
}

/**
 * Every prefix (2–15 characters) of every word of title, venue and city, so one `array-contains` finds
 * "lond" in "London" with an index instead of a scan.
 */
export function searchTerms(...texts: string[]): string[] {
  const terms = new Set<string>();
  for (const word of texts.flatMap(words)) {
    for (let length = MIN_PREFIX; length <= Math.min(word.length, MAX_PREFIX); length++) terms.add(word.slice(0, length));
  }
  return [...terms];
}

/** The query's words, as they would appear among the terms (long words cut like the stored prefixes). */
export function queryTerms(q: string): string[] {
  return [...new Set(words(q).map((word) => word.slice(0, MAX_PREFIX)))];
}

export function cityKey(city: string): string {
  return words(city).join(' ');
}
