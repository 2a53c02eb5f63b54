import { formatCountdown, formatDateTime, formatPrice, isTimeZone } from './format';

describe('format', () => {
  test('prices follow the viewer’s locale and the ticket’s currency', () => {
    expect(formatPrice(19.99, 'usd', 'en-US')).toBe('$19.99');
    expect(formatPrice(1234.5, 'eur', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatPrice(1500, 'jpy', 'en-US')).toBe('¥1,500');
  });

  test('dates are shown in the viewer’s zone, and say UTC until it is known', () => {
    expect(formatDateTime('2030-07-01T18:30:00Z', 'en-GB', 'Europe/London')).toBe('1 Jul 2030, 19:30');
    expect(formatDateTime('2030-07-01T18:30:00Z', 'en-US', 'UTC')).toMatch(/^Jul 1, 2030, 6:30\sPM UTC$/);
  });

  test('the countdown shows minutes and seconds, hours only when needed, never below zero', () => {
    expect(formatCountdown(899)).toBe('14:59');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(3725)).toBe('1:02:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  test('only real IANA zones are accepted from the cookie', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
