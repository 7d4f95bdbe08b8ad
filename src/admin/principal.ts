/**
 * Who is asking, and what they may see: an administrator sees every organisation, a coordinator only
 * their own. What belongs to another organisation is "not found", never "forbidden".
 */
import type { Role } from '../domain/admin';
import { ForbiddenError, invalid } from './errors';

export interface Principal {
  accountId: string;
  role: Role;
  organisationId?: string;
  name: string;
}

/** The ADMIN_TOKEN's principal: an administrator without an account, to create the first one. */
export const BOOTSTRAP_PRINCIPAL: Principal = { accountId: 'bootstrap', role: 'admin', name: 'ADMIN_TOKEN' };

export function canSee(principal: Principal, organisationId: string | undefined): boolean {
  return principal.role === 'admin' || (organisationId !== undefined && organisationId === principal.organisationId);
}

export function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new ForbiddenError();
}

/** The organisation a query is limited to; undefined for an administrator, who sees them all. */
export function scopeOf(principal: Principal): string | undefined {
  return principal.role === 'admin' ? undefined : principal.organisationId;
}

/** The organisation an action is for: a coordinator's own; an administrator says which. */
export function organisationFor(principal: Principal, requested: string | undefined): string {
  if (principal.role !== 'admin') return principal.organisationId!;
  if (requested) return requested;
  throw invalid('organisationId', 'required', 'an administrator says for which organisation');
}
