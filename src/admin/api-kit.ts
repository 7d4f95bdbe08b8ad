/** What the admin API's route files share: the shape of a route, and reading a request. */
import type { Request, Response } from 'express';
import type { ApiRoute } from './openapi';
import type { Principal } from './principal';

export type Handle = (request: Request, response: Response, principal: Principal) => Promise<unknown>;

/** One operation: how it is described, and what answers it. */
export type ApiEntry = ApiRoute & { handle: Handle };

export const param = (request: Request, name: string): string => String(request.params[name]);

/** The JSON body; a missing one reads as empty, and the schemas say what is missing. */
export const bodyOf = (request: Request): Record<string, unknown> => {
  const body: unknown = request.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
};

export const queryText = (request: Request, name: string) =>
  typeof request.query[name] === 'string' ? request.query[name] : undefined;
