import { categories, currencyInfo, isSupportedCurrency, ticketSortSchema } from '@tickethub/shared';
import { CATEGORY_LABELS, CURRENCIES, SORT_LABELS } from './labels';

// The labels are kept apart from the zod schemas so client bundles stay small; this keeps them in step.
describe('ticket labels', () => {
  test('name every category the API accepts, and no other', () => {
    expect(Object.keys(CATEGORY_LABELS).sort()).toEqual([...categories].sort());
  });

  test('name every sort the API accepts, and no other', () => {
    expect(Object.keys(SORT_LABELS).sort()).toEqual([...ticketSortSchema.options].sort());
  });

  test('offer only currencies the one currency table says Stripe can charge, each with its minimum known', () => {
    for (const code of CURRENCIES) {
      expect(isSupportedCurrency(code)).toBe(true);
      expect(currencyInfo(code)?.minimumMinor).not.toBeNull();
    }
  });
});
