import { http, type HttpFunction } from '@google-cloud/functions-framework';
import { createFunction } from './functions';
import { answerBodyErrorsWithEnvelope } from './platform/http/body-errors';
import { createPlatform } from './platform/platform';

// Before functions-framework builds its Express app: a malformed JSON body gets the error envelope, not HTML.
answerBodyErrorsWithEnvelope();
import type { Domain } from '@tickethub/shared';

/**
 * The Cloud Functions entry points. Each deployed function loads this module; only its own target
 * (FUNCTION_TARGET) is built at start-up, so a bad configuration fails the deploy, not the first request.
 */
function entryPoint(domain: Domain): HttpFunction {
  let handler: HttpFunction | undefined;
  const build = () => (handler ??= createFunction(createPlatform(domain)));
  if (process.env.FUNCTION_TARGET === domain) build();
  const fn: HttpFunction = (req, res) => build()(req, res);
  http(domain, fn);
  return fn;
}

export const auth = entryPoint('auth');
export const tickets = entryPoint('tickets');
export const orders = entryPoint('orders');
export const payments = entryPoint('payments');
export const expiration = entryPoint('expiration');
export const payouts = entryPoint('payouts');
export const notifications = entryPoint('notifications');
