import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { authRoutes } from '../features/auth/auth.routes.js';
import { auditRoutes } from '../features/audit/audit.routes.js';
import { jobsRoutes } from '../jobs/jobs.routes.js';
import { retentionRoutes } from '../features/retention/retention.routes.js';
import { tracingFeatureRoutes } from '../features/tracing/feature.js';
import { statsRoutes } from '../features/stats/stats.routes.js';
import { detectionRoutes } from '../features/detection/detection.routes.js';
import { salesRoutes } from '../features/sales/sales.routes.js';
import { registerDetectionJobs } from '../features/detection/detection.jobs.js';
import { resolutionRoutes } from '../features/resolution/resolution.routes.js';
import { registerResolutionJobs } from '../features/resolution/resolution.jobs.js';
import { networkRoutes } from '../features/network/network.routes.js';
import { ingestRoutes } from '../features/ingest/ingest.routes.js';
import { registerIngestJobs } from '../features/ingest/ingest.jobs.js';

/**
 * Every feature's HTTP routes, mounted under /api/v1. A new feature adds one line here; its plugin builds its own
 * service from the context.
 */
export const FEATURE_ROUTES: Array<FastifyPluginAsyncZod<AppContext>> = [
  networkRoutes,
  authRoutes,
  auditRoutes,
  jobsRoutes,
  tracingFeatureRoutes,
  statsRoutes,
  retentionRoutes,
  detectionRoutes,
  salesRoutes,
  resolutionRoutes,
  ingestRoutes,
];

/** Features that run background jobs register their handlers here (called once at boot). */
export const JOB_REGISTRATIONS: Array<(ctx: AppContext) => void> = [registerDetectionJobs, registerResolutionJobs, registerIngestJobs];
