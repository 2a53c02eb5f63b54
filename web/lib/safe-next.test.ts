import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  test('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/tickets/abc?x=1')).toBe('/tickets/abc?x=1');
  });

  test.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\\/evil.example',
    'javascript:alert(1)',
    '',
    undefined,
    42,
  ])('refuses %p, which could leave the site', (value) => {
    expect(safeNextPath(value)).toBe('/');
  });

  test('returns encoded paths re-serialised, so a later decode cannot make them leave the site', () => {
    // `/%09/evil.example` decoded once is `/\t/evil.example`: whichever form reaches us, the result stays here.
    for (const value of ['/%09/evil.example', decodeURIComponent('/%09/evil.example'), '/%2F%2Fevil.example', '/%5Cevil.example']) {
      const result = safeNextPath(value);
      expect(new URL(result, 'https://shop.example').origin).toBe('https://shop.example');
      expect(result).not.toMatch(/[\t\n\r\\]/);
    }
  });
});
