import { revalidateTag } from 'next/cache';
import { NextResponse } from 'next/server';
import { verifySignature, SIGNATURE_HEADER } from '@/lib/cache/signature';
import { tagsForEvent } from '@/lib/cache/ticket-events';
import { revalidateSecret } from '@/lib/config';

/**
 * POST /hooks/revalidate: the bridge delivers each ticket event here (a CloudEvent, signed with the shared secret),
 * and the cached public reads it makes stale are revalidated. Answers as the functions' /events do, so the bridge
 * retries a 5xx and dead-letters a refusal.
 */
export async function POST(request: Request): Promise<NextResponse> {
  const secret = revalidateSecret();
  if (!secret) return refuse(503, 'Revalidation is not configured (SHOP_REVALIDATE_SECRET)');
  const body = await request.text();
  if (!verifySignature(body, request.headers.get(SIGNATURE_HEADER), secret)) return refuse(401, 'Invalid or missing signature');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return refuse(400, 'Body must be JSON');
  }
  const verdict = tagsForEvent(json);
  if (!verdict.ok) return refuse(400, verdict.message);
  // Expired at once, not served stale while it refreshes (Next 16's 'max' profile): the next visitor sees the change.
  for (const tag of verdict.tags) revalidateTag(tag, { expire: 0 });
  return NextResponse.json({ revalidated: verdict.tags });
}

function refuse(status: number, message: string): NextResponse {
  return NextResponse.json({ errors: [{ message }] }, { status });
}
