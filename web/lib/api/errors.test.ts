import { ApiError } from './errors';

describe('ApiError', () => {
  test('groups the envelope by field, first message per field, the rest as general messages', () => {
    const error = new ApiError(400, [
      { message: 'Title must be 3 to 120 characters', field: 'title' },
      { message: 'Second title problem', field: 'title' },
      { message: 'Too short', field: 'ticket.price' },
      { message: 'Nothing to update' },
    ]);
    expect(error.byField()).toEqual({ fields: { title: 'Title must be 3 to 120 characters', ticket: 'Too short' }, general: ['Nothing to update'] });
    expect(error.message).toContain('Nothing to update');
  });
});
