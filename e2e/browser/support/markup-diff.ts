/**
 * Boundaries whose content the server did not put in place: bailed out to client rendering (`$!`, useSearchParams on a
 * page rendered ahead of time) or still pending when the shell was sent (`$?`, filled in later by a streamed segment).
 */
const CLIENT_FILLED_BOUNDARY = /<!--\$[!?]-->[\s\S]*?<!--\/\$-->/g;
const SKIPPED = '\u0000';
const ANCHOR_LENGTH = 80;
const MIN_ANCHOR_LENGTH = 8;
const CONTEXT = 120;

/** A tag's attributes in one order: React's client writes some in its own order (an input's value before its name). */
function sortedAttributes(attributes: string, dropped: string[] = []): string {
  return [...attributes.matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)]
    .filter(([, name]) => !dropped.includes(name!.toLowerCase()))
    .map(([attribute]) => attribute)
    .sort()
    .join('');
}

const FORM_WIRING = ['action', 'enctype', 'method'];

/**
 * A form whose action is a server action is written differently by the server (`action="" encType method`, with
 * hidden `$ACTION_…` inputs carrying the reference) and by the client (`action="javascript:throw …"`). After a #418
 * React renders the whole page on the client, which also writes an input's attributes in another order than the
 * server: without this every report stopped at the first such form (run 30) or at its first hidden input (the
 * official CI run of d520576).
 */
function withoutClientRenderingArtifacts(html: string): string {
  return html
    .replace(/<input\b[^>]*\bname="\$ACTION[^"]*"[^>]*>/g, '')
    .replace(
      /<([a-z][a-z0-9-]*)\b([^>]*)>/g,
      (_tag, name: string, attributes: string) => `<${name}${sortedAttributes(attributes, name === 'form' ? FORM_WIRING : [])}>`,
    );
}

/** Markup as it is seen: no scripts, no comments (React's boundary and text markers), no whitespace between tags. */
function visible(html: string): string {
  return withoutClientRenderingArtifacts(
    (/<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html)
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/>\s+</g, '><'),
  );
}

/**
 * The first place where the page's markup differs from the document the server sent, skipping the boundaries the
 * server left for the client to fill: their content differs by design (the fallback against the real thing), so
 * past each one the comparison resumes where the markup that followed it on the server appears again.
 * Both arguments are serialised by the browser (attribute names as the DOM spells them), the served one without its
 * streamed segments (`<div hidden id="S:n">`, which React moves into their boundaries).
 */
export function firstMarkupDifference(servedHtml: string, currentHtml: string): string {
  const server = visible(servedHtml.replace(CLIENT_FILLED_BOUNDARY, SKIPPED));
  const client = visible(currentHtml);
  let [i, j] = [0, 0];
  while (i < server.length) {
    if (server[i] === SKIPPED) {
      // The longest stretch of what followed on the server that the client has too: a difference just after the
      // boundary must not hide where it ends.
      let anchor = server.slice(i + 1, i + 1 + ANCHOR_LENGTH).split(SKIPPED)[0]!;
      while (anchor.length > MIN_ANCHOR_LENGTH && !client.includes(anchor, j)) anchor = anchor.slice(0, -1);
      const resumed = anchor ? client.indexOf(anchor, j) : client.length;
      if (resumed < 0) return `after a client-rendered boundary the server's next markup is missing: …${anchor}…`;
      [i, j] = [i + 1, resumed];
      continue;
    }
    if (server[i] !== client[j]) {
      const around = (text: string, at: number) => text.slice(Math.max(0, at - CONTEXT), at + CONTEXT).replaceAll(SKIPPED, '[rendered by the client]');
      return `first difference (server at ${i}, client at ${j}): server …${around(server, i)}… client …${around(client, j)}…`;
    }
    i++;
    j++;
  }
  return j === client.length ? 'markup now equals what the server sent' : `the client has more markup at the end: …${client.slice(j, j + CONTEXT)}…`;
}
