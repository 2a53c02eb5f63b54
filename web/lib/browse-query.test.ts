import { browseHref, nextPage, parseBrowseQuery, previousPage } from './browse-query';

describe('browse query', () => {
  test('reads the filters from the URL, ignoring empty and unknown values', () => {
    const query = parseBrowseQuery({ q: ' jazz ', city: '', sort: 'sideways', category: ['concert', 'sports'], from: '2030-05-01', to: '2030-05-31' });
    expect(query.values).toEqual({ q: 'jazz', category: 'concert', from: '2030-05-01', to: '2030-05-31' });
    expect(query.search).toMatchObject({
      q: 'jazz',
      category: 'concert',
      from: '2030-05-01T00:00:00.000Z',
      to: '2030-05-31T23:59:59.999Z',
      sort: undefined,
      limit: 12,
    });
  });

  test('a changed filter starts again at page one', () => {
    expect(browseHref({ q: 'jazz', city: 'Leeds' }, { category: 'concert' })).toBe('/?q=jazz&category=concert&city=Leeds');
    expect(browseHref({ category: 'concert' }, { category: undefined })).toBe('/');
  });

  test('pages forward and back through the trail of cursors', () => {
    const first = parseBrowseQuery({ city: 'Leeds' });
    expect(previousPage(first)).toBeNull();
    const second = nextPage(first, 'c2');
    expect(browseHref(first.values, {}, second)).toBe('/?city=Leeds&cursor=c2&prev=%7E');

    const onSecond = parseBrowseQuery({ city: 'Leeds', cursor: 'c2', prev: '~' });
    const third = nextPage(onSecond, 'c3');
    expect(third).toEqual({ cursor: 'c3', trail: ['~', 'c2'] });
    expect(previousPage(parseBrowseQuery({ cursor: 'c3', prev: '~,c2' }))).toEqual({ cursor: 'c2', trail: ['~'] });
    expect(previousPage(onSecond)).toEqual({ cursor: undefined, trail: [] });
  });
});
