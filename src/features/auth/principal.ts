import type { Actor } from '../audit/audit.service.js';
import { forbidden, notFound } from '../../server/errors.js';
import { rolesAllow, type Permission } from './policies.js';

/** The signed-in user as every service sees it: identity, roles and the agencies whose records they may see. */
export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  agencyId: number;
  agencyOri: string;
  roles: string[];
  /** null means national scope (the tracing center, oversight); otherwise own agency plus explicit grants. */
  visibleAgencyIds: number[] | null;
  supervisorId: number | null;
  dealerLicence: string | null;
  requestId?: string;
}

export function can(p: Principal, permission: Permission): boolean {
  return rolesAllow(p.roles, permission);
}

export function requirePermission(p: Principal, permission: Permission): void {
  if (!can(p, permission)) throw forbidden(`Your roles (${p.roles.join(', ') || 'none'}) do not allow ${permission}`);
}

/** True when the record's agency is within the principal's scope. */
export function canSeeAgency(p: Principal, agencyId: number | null | undefined): boolean {
  if (p.visibleAgencyIds === null) return true;
  return agencyId != null && p.visibleAgencyIds.includes(agencyId);
}

/** Out of scope looks exactly like absent: the caller learns nothing about records it may not see. */
export function requireAgencyScope(p: Principal, agencyId: number | null | undefined, what = 'Record'): void {
  if (!canSeeAgency(p, agencyId)) throw notFound(what);
}

export function actorOf(p: Principal): Actor {
  return { userId: p.userId, label: p.username, agencyId: p.agencyId, requestId: p.requestId ?? null };
}
