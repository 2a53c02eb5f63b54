import { constants, inflateRawSync } from 'node:zlib';

/** What the streams of an uploaded PDF may decode to, in total (API.md: a stream past 20 MB is refused). */
export const PDF_DECODE_LIMIT_BYTES = 20 * 1024 * 1024;
/** More streams than any ticket has; each costs a scan, so a file of nothing but stream headers is refused early. */
const MAX_STREAMS = 5_000;
/** A stream's dictionary is a few hundred bytes; a longer one could hide its /Filter beyond what is read here. */
const MAX_DICTIONARY_CHARS = 16_384;

export type StreamVerdict = { ok: true; decodedBytes: number } | { ok: false; reason: string };

/**
 * pdf-lib decodes object and cross-reference streams while it loads, with no limit on their output and through any
 * filter chain: a 734-byte file decodes to 256 MB. So before pdf-lib sees a file, this checks its streams without
 * ever holding more than the limit: filter chains and the filters pdf-lib expands without bound (LZW, RunLength)
 * are refused outright, and every stream declared FlateDecode is inflated by zlib with its output capped at what
 * is left of the budget. A declared Flate stream that zlib cannot decode is refused too, since pdf-lib's decoder
 * is more lenient (it reads past a bad back-reference) and could still expand what zlib gave up on.
 */
export function checkPdfStreams(data: Buffer, limitBytes = PDF_DECODE_LIMIT_BYTES): StreamVerdict {
  // latin1 maps byte for byte; names may hide letters as #xx escapes (/Fl#61teDecode), which pdf-lib decodes.
  const text = data.toString('latin1').replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (/\/Filter\s*\[[^\]]*\/[^\]]*\/[^\]]*\]/.test(text)) return { ok: false, reason: 'a stream with a chain of filters' };
  if (/\/Filter\s*\d+\s+\d+\s+R/.test(text)) return { ok: false, reason: 'a stream whose filter is an indirect object' };
  if (/\/(LZWDecode|LZW|RunLengthDecode|RL)(?![^\s/[\]<>()%{}])/.test(text)) return { ok: false, reason: 'an LZW or RunLength stream' };

  let decodedBytes = 0;
  let streams = 0;
  let dictionaryStart = 0;
  // Object headers mark where each stream's dictionary begins; `>> stream` is where pdf-lib starts a stream's data.
  const tokens = /(\d+\s+\d+\s+obj\b)|(>>(?:\s|%[^\r\n]*)*stream)/g;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    if (match[1]) {
      dictionaryStart = match.index;
      continue;
    }
    if (++streams > MAX_STREAMS) return { ok: false, reason: 'too many streams' };
    if (match.index - dictionaryStart > MAX_DICTIONARY_CHARS) return { ok: false, reason: 'a stream dictionary too long to check' };
    const dictionary = text.slice(dictionaryStart, match.index);
    if (!/\/(FlateDecode|Fl)(?![^\s/[\]<>()%{}])/.test(dictionary)) continue;
    let start = match.index + match[0].length;
    while (start < data.length && (data[start] === 0x0d || data[start] === 0x0a || data[start] === 0x20)) start++;
    const decoded = inflateCapped(data.subarray(start + 2), limitBytes - decodedBytes);
    if (decoded === 'too-large') return { ok: false, reason: `streams that decode to more than ${limitBytes} bytes` };
    if (decoded === 'invalid') return { ok: false, reason: 'a FlateDecode stream that does not decode' };
    decodedBytes += decoded;
  }
  return { ok: true, decodedBytes };
}

/**
 * The zlib header's two bytes are skipped (pdf-lib checks fewer of its bits than zlib does). The data runs to the end
 * of the file, not to the stream's Length: inflating more input can only give more output, and a final block ends it.
 */
function inflateCapped(deflated: Buffer, remaining: number): number | 'too-large' | 'invalid' {
  try {
    // A truncated stream is not an error here: what matters is how much it can produce.
    return inflateRawSync(deflated, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, remaining) }).length;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'invalid';
  }
}
