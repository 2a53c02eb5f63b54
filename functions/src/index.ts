import { http, type HttpFunction } from '@google-cloud/functions-framework';
import { z } from 'zod';
import type { Domain } from '@tickethub/shared';
import { createFunction, loadDomainConfig } from './functions';
import { defineEnv, parseEnv } from './platform/config';
import { answerBodyErrorsWithEnvelope } from './platform/http/body-errors';
import { createPlatform } from './platform/platform';

// Before functions-framework builds its Express app: a malformed JSON body gets the error envelope, not HTML.
answerBodyErrorsWithEnvelope();

/** Set by functions-framework (--target) and Cloud Functions: which entry point this process serves. */
const { FUNCTION_TARGET } = parseEnv(defineEnv({ FUNCTION_TARGET: z.string().optional() }), process.env);

/**
 * The Cloud Functions entry points. Each deployed function loads this module; only its own target
 * (FUNCTION_TARGET) is built at start-up, with its own config, so a bad configuration fails the deploy, not the
 * first request.
 */
function entryPoint(domain: Domain): HttpFunction {
  let handler: HttpFunction | undefined;
  const build = () => (handler ??= createFunction(createPlatform(domain, loadDomainConfig(domain, process.env))));
  if (FUNCTION_TARGET === domain) build();
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
