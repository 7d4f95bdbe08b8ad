/** What admin operations refuse with; the HTTP layers map them to status codes. */

/** A refused field: its name, a code the dashboard translates (`errors.<code>`), and words for the API. */
export interface FieldError {
  field: string;
  code:
    | 'required'
    | 'invalid'
    | 'too_long'
    | 'before_start'
    | 'unknown_field'
    | 'already_answered'
    | 'in_the_past'
    | 'already_exists'
    | 'wrong_password'
    | 'same_password'
    | 'not_https'
    | 'not_a_link'
    | 'still_published'
    | 'broadcast_pending'
    | 'too_large'
    | 'not_media';
  message: string;
}

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

/** The record moved on meanwhile (a broadcast that started): the request no longer applies. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class InvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'InvalidError';
  }
}

/** One field refused. */
export function invalid(field: string, code: FieldError['code'], message: string): InvalidError {
  return new InvalidError([{ field, code, message }]);
}
