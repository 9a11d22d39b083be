import type { PageRoute } from '../../routes';
import { AlertDetailPage } from '../alerts/AlertDetailPage';
import { AlertInboxPage } from '../alerts/AlertInboxPage';
import { CaseDetailPage } from '../cases/CaseDetailPage';
import { CasesPage } from '../cases/CasesPage';
import { GunsAtLargePage } from '../suspects/GunsAtLargePage';
import { RegisterPage } from '../suspects/RegisterPage';
import { SuspectDetailPage } from '../suspects/SuspectDetailPage';
import { TraceDetailPage } from './TraceDetailPage';
import { TraceFormPage } from './TraceFormPage';
import { TraceListPage } from './TraceListPage';

/** The pages of tracing, the suspect-gun register, the alert inbox and cases (one entry in web/src/routes.tsx). */
export const TRACING_ROUTES: PageRoute[] = [
  { path: '/traces', element: <TraceListPage />, nav: { label: 'Traces', section: 'Work' }, permission: 'trace:read' },
  { path: '/traces/new', element: <TraceFormPage />, nav: { label: 'New trace request', section: 'Work' }, permission: 'trace:submit' },
  { path: '/traces/:id', element: <TraceDetailPage />, permission: 'trace:read' },
  { path: '/alerts', element: <AlertInboxPage />, nav: { label: 'Alerts', section: 'Work' }, permission: 'alert:decide' },
  { path: '/alerts/:id', element: <AlertDetailPage /> },
  { path: '/suspects', element: <RegisterPage />, nav: { label: 'Suspect-gun register', section: 'Work' }, permission: 'suspect:read' },
  { path: '/suspects/:id', element: <SuspectDetailPage />, permission: 'suspect:read' },
  { path: '/guns-at-large', element: <GunsAtLargePage />, nav: { label: 'Guns at large', section: 'Oversight' }, permission: 'suspect:read' },
  { path: '/cases', element: <CasesPage />, nav: { label: 'Cases', section: 'Work' }, permission: 'case:read' },
  { path: '/cases/:id', element: <CaseDetailPage />, permission: 'case:read' },
];
