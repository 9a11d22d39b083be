import { ROLES, type Role } from './roles.js';

/**
 * Deny by default: a permission is granted only by this table. Read it as "who may do what"; tests check each row.
 * Auditors read; they never write. Dealers only file what the law asks them to file.
 */
export const PERMISSIONS = {
  'trace:submit': ['requester', 'tracer', 'investigator', 'admin'],
  'trace:read': ['requester', 'tracer', 'investigator', 'supervisor', 'analyst', 'auditor', 'admin'],
  'trace:work': ['tracer', 'admin'],
  'suspect:refer': ['investigator', 'admin'],
  'suspect:approve': ['supervisor'],
  'suspect:read': ['investigator', 'supervisor', 'analyst', 'auditor', 'tracer'],
  'alert:read': ['investigator', 'supervisor', 'analyst', 'auditor'],
  'alert:decide': ['investigator', 'supervisor'],
  'decision:approve': ['supervisor'],
  'decision:dissent': ['investigator', 'supervisor', 'analyst'],
  'case:manage': ['investigator', 'supervisor'],
  'case:read': ['investigator', 'supervisor', 'analyst', 'auditor'],
  'sales:file': ['dealer', 'admin'],
  'sales:read': ['tracer', 'investigator', 'supervisor', 'analyst', 'auditor'],
  'tip:send': ['dealer', 'admin'],
  'tip:read': ['investigator', 'supervisor', 'analyst', 'auditor'],
  'import:run': ['admin', 'tracer', 'analyst', 'investigator'],
  'import:read': ['admin', 'tracer', 'analyst', 'investigator', 'auditor'],
  'person:read': ['tracer', 'investigator', 'supervisor', 'analyst', 'auditor'],
  'resolution:review': ['analyst', 'admin'],
  'detection:read': ['investigator', 'supervisor', 'analyst', 'auditor'],
  'detection:run': ['analyst', 'admin'],
  'network:read': ['investigator', 'supervisor', 'analyst'],
  'stats:read': ['requester', 'tracer', 'investigator', 'supervisor', 'analyst', 'auditor', 'admin'],
  'stats:release': ['supervisor', 'analyst', 'admin'],
  'stats:refresh': ['analyst', 'admin'],
  'audit:read': ['auditor', 'admin'],
  'user:manage': ['admin'],
  'retention:run': ['admin'],
  'jobs:read': ['admin', 'tracer', 'analyst', 'investigator', 'supervisor', 'auditor', 'requester'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function rolesAllow(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

export function permissionsOf(roles: readonly string[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => rolesAllow(roles, p));
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
