import type Stripe from 'stripe';
import type { Platform } from '../platform/platform';
import type { PayoutsFunctionConfig } from './config';
import type { PayoutsConfig } from './config';
import type { ReleaseTasks } from './tasks';

/** What every payouts use case works with. `tasks` is set once the scheduler exists (it fires back into release). */
export interface PayoutsContext {
  platform: Platform<PayoutsFunctionConfig>;
  stripe: Stripe;
  settings: PayoutsConfig;
  tasks: ReleaseTasks;
}
