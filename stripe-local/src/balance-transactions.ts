import { resourceMissing } from './errors';
import { convertStripeAmount } from './exchange-rates';
import { newId, nowSeconds } from './ids';
import type { BalanceTransaction, Charge, Store } from './store';

// Card funds become available on Stripe's standard schedule; nothing here waits for them, it only says when.
const AVAILABLE_AFTER_SECONDS = 2 * 86_400;

/**
 * What a succeeded charge adds to the platform's balance: its amount in the platform's settlement currency (the
 * charge's own currency unless the stand-in was given one, converted at the fixed test rates). Stripe's processing
 * fee is not modelled (fee 0, net = amount), so what a test expects stays the charge's amount.
 */
export function recordBalanceTransaction(store: Store, charge: Charge): BalanceTransaction {
  const settlement = store.settlementCurrency ?? charge.currency;
  const converted = settlement === charge.currency ? null : convertStripeAmount(charge.amount, charge.currency, settlement);
  const amount = converted?.amount ?? charge.amount;
  const created = nowSeconds();
  const transaction: BalanceTransaction = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount,
    available_on: created + AVAILABLE_AFTER_SECONDS,
    balance_type: 'payments',
    created,
    currency: settlement,
    description: charge.description,
    exchange_rate: converted?.rate ?? null,
    fee: 0,
    fee_details: [],
    net: amount,
    reporting_category: 'charge',
    source: charge.id,
    status: 'pending',
    type: 'charge',
  };
  store.balanceTransactions.set(transaction.id, transaction);
  return transaction;
}

export function retrieveBalanceTransaction(store: Store, id: string): BalanceTransaction {
  const transaction = store.balanceTransactions.get(id);
  if (!transaction) throw resourceMissing('balance_transaction', id);
  return transaction;
}
