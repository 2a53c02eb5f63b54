import { redirect } from 'next/navigation';
import { isApiError } from './api/errors';

/**
 * One page of a list, by the cursor in the URL. A cursor the API refuses (a link edited by hand, or one whose last item
 * has since gone) is the visitor's link gone stale, not a failure of the page: they land on the list's first page.
 */
export async function listPage<T>(cursor: string | string[] | undefined, firstPage: string, read: (cursor?: string) => Promise<T>): Promise<T> {
  // `?cursor=a&cursor=b` arrives as an array: no cursor of ours looks like that.
  const given = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
  try {
    return await read(given);
  } catch (error) {
    if (given && isApiError(error, 400) && error.errors.some((item) => item.field === 'cursor')) redirect(firstPage);
    throw error;
  }
}
