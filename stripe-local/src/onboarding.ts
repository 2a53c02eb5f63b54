import type { IncomingMessage, ServerResponse } from 'node:http';
import { completeOnboarding } from './accounts';
import type { HandlerContext } from './events';
import { nowSeconds } from './ids';

const PATH = /^\/connect\/onboarding\/(acctlink_\w+)$/;

export function isOnboardingPath(path: string): boolean {
  return PATH.test(path);
}

/**
 * The hosted onboarding an account link opens. GET shows the page; its button POSTs to the same URL, which completes
 * onboarding (account.updated goes to the Connect endpoint) and sends the seller to return_url. A used or expired
 * link goes to refresh_url instead, as Stripe's do.
 */
export function serveOnboarding(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, path: string): void {
  const link = ctx.store.accountLinks.get(PATH.exec(path)![1]!);
  if (!link) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('This onboarding link does not exist.');
    return;
  }
  if (link.used || link.expires_at < nowSeconds()) {
    res.writeHead(303, { location: link.refresh_url }).end();
    return;
  }
  const account = ctx.store.accounts.get(link.account)!;
  if (req.method === 'POST') {
    link.used = true;
    completeOnboarding(ctx, account);
    res.writeHead(303, { location: link.return_url }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(account.email ?? account.id));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(who: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Stripe Express onboarding (local stand-in)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#4338ca;color:#fff;cursor:pointer}</style></head>
<body><main>
<h1>Set up payouts</h1>
<p>This is the local Stripe stand-in's version of Express onboarding for <strong>${escape(who)}</strong>. No details are
collected here: completing it enables transfers to this account, as finishing Stripe's real form would.</p>
<form method="post"><button type="submit">Complete onboarding</button></form>
</main></body></html>`;
}
