import { z } from 'zod';
import { defineEnv, parseEnv } from './config';

/**
 * Structured JSON lines on stdout: Cloud Logging reads `severity`, `message`, the trace field and
 * `httpRequest` from them, so no logging library is needed on Cloud Functions.
 */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

type Sink = (line: string) => void;

const LEVELS: Record<Severity, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

/** Every deployable's log threshold: LOG_LEVEL, else WARNING under tests and INFO otherwise. */
const logEnv = defineEnv({
  LOG_LEVEL: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

function minimumLevel(): number {
  const env = parseEnv(logEnv, process.env, 'logging configuration');
  const configured = (env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'WARNING' : 'INFO')).toUpperCase();
  return LEVELS[configured as Severity] ?? LEVELS.INFO;
}

export function createLogger(base: Record<string, unknown> = {}, sink: Sink = (line) => process.stdout.write(line + '\n')): Logger {
  const threshold = minimumLevel();
  const write = (severity: Severity, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[severity] < threshold) return;
    sink(JSON.stringify({ severity, message, time: new Date().toISOString(), ...base, ...serializeErrors(fields) }));
  };
  return {
    debug: (message, fields) => write('DEBUG', message, fields),
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARNING', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, sink),
  };
}

/** Errors do not survive JSON.stringify; keep their name, message, stack and cause. */
function serializeErrors(fields?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!fields) return fields;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? describeError(value) : value;
  return out;
}

function describeError(error: Error): Record<string, unknown> {
  const cause = error.cause instanceof Error ? describeError(error.cause) : error.cause;
  return { name: error.name, message: error.message, stack: error.stack, ...(cause === undefined ? {} : { cause }) };
}

/** The `logging.googleapis.com/trace` field that groups a request's lines in Cloud Logging. */
export function traceField(projectId: string, header: string | undefined): Record<string, string> {
  if (!header) return {};
  // X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1 — or W3C traceparent: 00-TRACE_ID-SPAN_ID-01
  const traceId = header.includes('/') ? header.split('/')[0] : header.split('-')[1];
  return traceId ? { 'logging.googleapis.com/trace': `projects/${projectId}/traces/${traceId}` } : {};
}

export const rootLogger = createLogger();
