import { settledSplit } from './settled-split';

describe('payouts › settledSplit', () => {
  it.each([
    // payout gross (sale currency), charged (sale currency), settled currency and amount, fee, net
    [5000, 5000, 'usd', 5000, 500, 4500], // settled as charged: the payout's own split
    [5000, 5000, 'eur', 4600, 460, 4140], // 50.00 USD settled as 46.00 EUR: the fee is taken from what settled
    [2500, 5000, 'eur', 4600, 230, 2070], // a partial refund halved the gross: half of what settled
    [3333, 5000, 'eur', 4600, 307, 2759], // 3066.36 EUR rounded down: never more than the platform holds
    [5000, 5000, 'huf', 1_842_037, 184_237, 1_657_800], // settled in HUF with cents: the net in whole forints
  ])('a payout of %i of a %i charge settled as %s %i: fee %i, net %i', (gross, charged, currency, amount, fee, net) => {
    const split = settledSplit({ gross }, { chargeId: 'ch', charged, currency, amount }, 10);
    expect(split).toEqual({ gross: split.fee + split.net, fee, net });
  });
});
