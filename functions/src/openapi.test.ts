import { api } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { publicRoutes } from './openapi';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'] });
});
afterAll(() => stack.close());

describe('openapi', () => {
  it('serves an OpenAPI 3.1 document that lists every public route with its method', async () => {
    const response = await api(stack.origin, 'GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const documented = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = publicRoutes().map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(expected.sort());
    for (const route of ['POST /api/users/signup', 'GET /api/tickets', 'POST /api/orders', 'POST /api/payments', 'POST /api/payments/webhook'])
      expect(documented).toContain(route);
    expect(documented.some((r) => r.includes('/events') || r.includes('/tasks'))).toBe(false);
  });

  it('describes request bodies and query parameters from the validating schemas', async () => {
    const doc = (await api(stack.origin, 'GET', '/api/openapi.json')).body;
    const signup = doc.paths['/api/users/signup'].post.requestBody.content['application/json'].schema;
    expect(signup.required.sort()).toEqual(['email', 'password']);
    expect(signup.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    const listParams = doc.paths['/api/tickets'].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(expect.arrayContaining(['q', 'category', 'city', 'minPrice', 'maxPrice', 'from', 'to', 'sort', 'limit', 'cursor']));
    expect(doc.paths['/api/tickets/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(doc.paths['/api/tickets'].post.responses['201'].content['application/json'].schema.properties.price).toBeDefined();
  });
});
