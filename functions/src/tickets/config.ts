import { defineEnv } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/** The tickets function has no settings of its own yet: add them here, not to platform/config.ts. */
export const ticketsEnv = defineEnv({});

export type TicketsConfig = FunctionConfig;
