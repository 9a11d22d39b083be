export const ROLES = ['requester', 'tracer', 'investigator', 'supervisor', 'analyst', 'auditor', 'dealer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
