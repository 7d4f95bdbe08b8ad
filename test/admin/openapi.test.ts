/** The admin API's OpenAPI description: public, complete, and made from the schemas that check requests. */
import type { Router } from 'express';
import { adminApiRouter, ADMIN_API } from '../../src/admin/api';
import { PASSWORD_MIN_LENGTH } from '../../src/admin/inputs';
import { startApp, type RunningApp } from '../support/server';

type Description = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        parameters?: Array<{ name: string; in: string; required: boolean }>;
      }
    >
  >;
};
type JsonSchema = { required?: string[]; properties?: Record<string, { minLength?: number; enum?: string[] }> };

describe('admin API description', () => {
  let running: RunningApp;
  let description: Description;
  beforeAll(async () => {
    running = await startApp();
    const response = await fetch(`${running.url}${ADMIN_API}/openapi.json`);
    expect(response.status).toBe(200);
    description = (await response.json()) as Description;
  });
  afterAll(() => running.close());

  it('is OpenAPI 3.1, served without a token', () => {
    expect(description.openapi).toBe('3.1.0');
  });

  it('describes every route the API serves, and only those', () => {
    const router: Router = adminApiRouter(running.app.admin, { api: () => () => undefined } as never, 'Europe/Paris');
    const served = (router.stack as unknown as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .flatMap((layer) => (layer.route ? [`${Object.keys(layer.route.methods)[0]} ${layer.route.path}`] : []))
      .filter((route) => route !== `get ${ADMIN_API}/openapi.json`)
      .map((route) => route.replace(/:(\w+)/g, '{$1}'))
      .sort();
    const described = Object.entries(description.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();
    expect(described).toEqual(served);
    expect(described.length).toBeGreaterThan(20);
  });

  it('gives each body the rules that check it', () => {
    const body = (method: string, path: string) =>
      description.paths[`${ADMIN_API}${path}`][method].requestBody!.content['application/json'].schema;
    const account = body('post', '/accounts');
    expect(account.required).toEqual(expect.arrayContaining(['email', 'password', 'name', 'role']));
    expect(account.required).not.toContain('locale');
    expect(account.properties?.password.minLength).toBe(PASSWORD_MIN_LENGTH);
    expect(account.properties?.role.enum).toEqual(['admin', 'coordinator']);
    expect(body('post', '/broadcasts').required).toContain('text');
    expect(body('patch', '/signups/{id}').required).toEqual(['attended']);
    expect(Object.keys(body('post', '/opportunities').properties ?? {})).toEqual(
      expect.arrayContaining(['kind', 'title', 'region', 'startsAt', 'capacity', 'organisationId', 'status']),
    );
  });

  it('says a broadcast is made once per Idempotency-Key', () => {
    const parameters = description.paths[`${ADMIN_API}/broadcasts`].post.parameters ?? [];
    expect(parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
  });
});
