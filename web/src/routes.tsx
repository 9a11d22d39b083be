import type { ReactElement } from 'react';
import { HomePage } from './features/home/HomePage';
import { NetworkPage } from './features/network/NetworkPage';
import { StatsPage } from './features/stats/StatsPage';
import { ReportPage as TraceReportPage } from './features/stats/ReportPage';
import { MapPage as TraceMapPage } from './features/stats/MapPage';
import { UsersPage } from './features/admin/UsersPage';
import { AuditPage } from './features/admin/AuditPage';
import { RiskListPage } from './features/detection/RiskListPage';
import { PersonRiskPage } from './features/detection/PersonRiskPage';
import { DealerProfilePage } from './features/detection/DealerProfilePage';
import { ReportPage } from './features/sales/ReportPage';
import { CompliancePage } from './features/sales/CompliancePage';
import { TRACING_ROUTES } from './features/tracing/routes';
import { PersonSearchPage } from './features/resolution/PersonSearchPage';
import { PersonPage } from './features/resolution/PersonPage';
import { ReviewPage } from './features/resolution/ReviewPage';
import { ImportsPage } from './features/ingest/ImportsPage';

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
  { path: '/network', element: <NetworkPage />, nav: { label: 'Network', section: 'Intelligence' }, permission: 'network:read' },
  { path: '/stats', element: <StatsPage />, nav: { label: 'Statistics', section: 'Intelligence' }, permission: 'stats:read' },
  { path: '/stats/reports', element: <TraceReportPage />, nav: { label: 'Trace reports', section: 'Intelligence' }, permission: 'stats:read' },
  { path: '/stats/map', element: <TraceMapPage />, nav: { label: 'Trace map', section: 'Intelligence' }, permission: 'stats:read' },
  { path: '/admin/users', element: <UsersPage />, nav: { label: 'Users', section: 'Admin' }, permission: 'user:manage' },
  { path: '/oversight/audit', element: <AuditPage />, nav: { label: 'Audit log', section: 'Oversight' }, permission: 'audit:read' },
  { path: '/detection', element: <RiskListPage />, nav: { label: 'Risk ranking', section: 'Intelligence' }, permission: 'detection:read' },
  { path: '/detection/people/:id', element: <PersonRiskPage />, permission: 'detection:read' },
  { path: '/detection/dealers/:id', element: <DealerProfilePage />, permission: 'detection:read' },
  { path: '/sales/reports/:id', element: <ReportPage />, permission: 'sales:read' },
  { path: '/sales/compliance', element: <CompliancePage />, nav: { label: 'Unreported sales', section: 'Intelligence' }, permission: 'sales:read' },
  { path: '/persons', element: <PersonSearchPage />, nav: { label: 'People', section: 'Intelligence' }, permission: 'person:read' },
  { path: '/persons/:id', element: <PersonPage />, permission: 'person:read' },
  { path: '/resolution/review', element: <ReviewPage />, nav: { label: 'Identity review', section: 'Intelligence' }, permission: 'resolution:review' },
  ...TRACING_ROUTES,
  { path: '/imports', element: <ImportsPage />, nav: { label: 'Imports', section: 'Work' }, permission: 'import:read' },
];
