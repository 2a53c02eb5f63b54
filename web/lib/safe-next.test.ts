import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  test('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/tickets/abc?x=1')).toBe('/tickets/abc?x=1');
  });

  test.each(['https://evil.example/', '//evil.example/path', '/\\evil.example', 'javascript:alert(1)', '', undefined, 42])(
    'refuses %p, which could leave the site',
    (value) => {
      expect(safeNextPath(value)).toBe('/');
    },
  );
});
