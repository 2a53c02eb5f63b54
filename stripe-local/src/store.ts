import type { Dispute } from './disputes';

/**
 * The stand-in's state: the wire objects themselves, kept in memory (a restart forgets them, as a fresh Stripe test
 * account would). Handlers mutate them in place and answer with copies, so a response or an event is a snapshot.
 */
export type PaymentIntentStatus =
  'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'succeeded' | 'canceled';

export interface PaymentError {
  type: 'card_error';
  code: string;
  decline_code: string;
  message: string;
  doc_url: string;
  charge: string;
  payment_method: PaymentMethod;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean; allow_redirects?: string } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  status: PaymentIntentStatus;
}

export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: { brand: string; last4: string; exp_month: number; exp_year: number; funding: string; country: string };
  created: number;
  customer: null;
  livemode: false;
  metadata: Record<string, string>;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  /** The `txn_…` of what a succeeded charge added to the platform's balance (null for a failed one). */
  balance_transaction: string | null;
  captured: boolean;
  created: number;
  currency: string;
  description: string | null;
  /** Set once a dispute is opened on the charge, and kept after it closes. */
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  outcome: { network_status: string; reason: string | null; risk_level: 'normal'; seller_message: string; type: string };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: { type: 'card'; card: { brand: string; last4: string; exp_month: number; exp_year: number; funding: string; country: string } };
  receipt_email: string | null;
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

/** https://docs.stripe.com/api/balance_transactions/object: a charge's funds on the platform's balance. */
export interface BalanceTransaction {
  id: string;
  object: 'balance_transaction';
  /** In `currency`, the platform's settlement currency, in Stripe's representation of it. */
  amount: number;
  available_on: number;
  balance_type: 'payments';
  created: number;
  currency: string;
  description: string | null;
  /** Units of `currency` per unit of the charge's currency, when the charge was converted; null otherwise. */
  exchange_rate: number | null;
  fee: number;
  fee_details: never[];
  net: number;
  reporting_category: 'charge';
  source: string;
  status: 'pending' | 'available';
  type: 'charge';
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  receipt_number: null;
  status: 'succeeded';
}

export type CapabilityStatus = 'inactive' | 'pending' | 'active';

/** An Express connected account (https://docs.stripe.com/api/accounts/object), the fields the product reads. */
export interface Account {
  id: string;
  object: 'account';
  type: 'express';
  business_profile: { name: string | null; url: string | null };
  capabilities: { transfers?: CapabilityStatus; card_payments?: CapabilityStatus };
  charges_enabled: boolean;
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  metadata: Record<string, string>;
  payouts_enabled: boolean;
  requirements: {
    currently_due: string[];
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
    disabled_reason: string | null;
    current_deadline: number | null;
    errors: unknown[];
  };
}

export interface AccountLink {
  object: 'account_link';
  created: number;
  expires_at: number;
  url: string;
}

/** What the stand-in keeps about a link beyond the wire object: whose it is and where it sends the seller. */
export interface OnboardingLink {
  id: string;
  account: string;
  refresh_url: string;
  return_url: string;
  expires_at: number;
  used: boolean;
}

export interface TransferReversal {
  id: string;
  object: 'transfer_reversal';
  amount: number;
  balance_transaction: null;
  created: number;
  currency: string;
  destination_payment_refund: string;
  metadata: Record<string, string>;
  source_refund: null;
  transfer: string;
}

export interface Transfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: null;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversals: { object: 'list'; data: TransferReversal[]; has_more: boolean; total_count: number; url: string };
  reversed: boolean;
  source_transaction: string | null;
  source_type: 'card';
  transfer_group: string | null;
}

export interface Store {
  accounts: Map<string, Account>;
  accountLinks: Map<string, OnboardingLink>;
  transfers: Map<string, Transfer>;
  paymentIntents: Map<string, PaymentIntent>;
  paymentMethods: Map<string, PaymentMethod>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  disputes: Map<string, Dispute>;
  balanceTransactions: Map<string, BalanceTransaction>;
  /** The platform's settlement currency (null: each charge settles in its own currency), see balance-transactions.ts. */
  settlementCurrency: string | null;
  /** PaymentMethod id → the test token it was made from, so reusing it declines or succeeds the same way. */
  testCardOf: Map<string, string>;
}

export function createStore(): Store {
  return {
    accounts: new Map(),
    accountLinks: new Map(),
    transfers: new Map(),
    paymentIntents: new Map(),
    paymentMethods: new Map(),
    charges: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    balanceTransactions: new Map(),
    settlementCurrency: null,
    testCardOf: new Map(),
  };
}

export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
