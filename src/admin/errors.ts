/** What admin operations refuse with; the HTTP layers map them to status codes. */
import type { FieldError } from './opportunity-input';

/** Not there, or not this coordinator's: the same answer, so ids of other organisations stay unknown. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends Error {
  constructor(message = 'only an administrator may do this') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class InvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'InvalidError';
  }
}
