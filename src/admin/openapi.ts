/**
 * The admin API described as OpenAPI 3.1, from the table of routes that serves it: each request body
 * is the JSON Schema of the zod schema that checks it, so the description cannot drift from the code.
 */
import { z } from 'zod';

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Below the API's base, express-style (`/opportunities/:id`). */
  path: string;
  summary: string;
  body?: z.ZodType;
  /** Query parameters, each with what it takes. */
  query?: Record<string, string>;
  /** Optional request headers, each with what it does. */
  headers?: Record<string, string>;
  /** Answers 201 rather than 200. */
  created?: boolean;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(route: ApiRoute) {
  const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParameters = Object.entries(route.query ?? {}).map(([name, description]) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  const headerParameters = Object.entries(route.headers ?? {}).map(([name, description]) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string', maxLength: 255 },
  }));
  const parameters = [...pathParameters, ...queryParameters, ...headerParameters];
  return {
    operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_all, first: string) => first.toUpperCase())}`,
    summary: route.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) },
            },
          },
        }
      : {}),
    responses: {
      [route.created ? '201' : '200']: { description: 'Done', content: { 'application/json': { schema: {} } } },
      ...(route.body || route.query || route.headers
        ? { '400': errorResponse('A refused field, named with the reason') }
        : {}),
      '401': errorResponse('No valid bearer token'),
      '403': errorResponse('Only an administrator may do this'),
      ...(pathParameters.length > 0 ? { '404': errorResponse("Not there, or another organisation's") } : {}),
    },
  };
}

export function describeApi(base: string, routes: readonly ApiRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `${base}${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mobilisation bot admin API',
      version: '1',
      description:
        "What coordinators and administrators can do, as in the dashboard. A coordinator's token reaches " +
        "only their association's records; another association's are answered as not found.",
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
