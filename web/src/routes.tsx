import type { ReactElement } from 'react';
import { HomePage } from './features/home/HomePage';
import { UsersPage } from './features/admin/UsersPage';
import { AuditPage } from './features/admin/AuditPage';

/**
 * The pages of the application. A feature adds its entries here; `nav` puts it in the menu for users holding
 * `permission` (the server's permission names, from /auth/me).
 */
export interface PageRoute {
  path: string;
  element: ReactElement;
  nav?: { label: string; section: 'Work' | 'Intelligence' | 'Oversight' | 'Admin' };
  permission?: string;
}

export const ROUTES: PageRoute[] = [
  { path: '/', element: <HomePage />, nav: { label: 'Dashboard', section: 'Work' } },
  { path: '/admin/users', element: <UsersPage />, nav: { label: 'Users', section: 'Admin' }, permission: 'user:manage' },
  { path: '/oversight/audit', element: <AuditPage />, nav: { label: 'Audit log', section: 'Oversight' }, permission: 'audit:read' },
];
