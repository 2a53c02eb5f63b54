import { fromMinorUnits, minorToAmount, toMinorUnits } from './money';

describe('shared › money', () => {
  it('turns 19.99 into exactly 1999 (never 1998.9999)', () => {
    expect(19.99 * 100).not.toBe(1999);
    expect(toMinorUnits(19.99)).toBe(1999);
    expect(toMinorUnits('19.99')).toBe(1999);
  });

  it('converts every cent amount up to 100000.00 both ways exactly', () => {
    for (let cents = 1; cents <= 10_000_000; cents += 997) {
      const amount = minorToAmount(cents);
      expect(toMinorUnits(amount)).toBe(cents);
    }
  });

  it('refuses more decimals than the currency has, negatives, exponents and junk', () => {
    for (const bad of [1.999, '1.999', -5, '-5', 1e-7, '1e3', 'abc', '', NaN, Infinity]) expect(toMinorUnits(bad as number)).toBeNull();
  });

  it('knows zero-decimal currencies', () => {
    expect(toMinorUnits(500, 'jpy')).toBe(500);
    expect(toMinorUnits(5.5, 'jpy')).toBeNull();
    expect(fromMinorUnits(500, 'jpy')).toBe('500');
  });

  it('formats minor units as a decimal string', () => {
    expect(fromMinorUnits(1999)).toBe('19.99');
    expect(fromMinorUnits(5)).toBe('0.05');
    expect(fromMinorUnits(100)).toBe('1.00');
  });
});
