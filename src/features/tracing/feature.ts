import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../server/context.js';
import { alertsRoutes } from '../alerts/alerts.routes.js';
import { casesRoutes } from '../cases/cases.routes.js';
import { suspectsRoutes } from '../suspects/suspects.routes.js';
import { tracingRoutes } from './tracing.routes.js';

/**
 * Tracing, the suspect-gun register, cases and the alert inbox are one capability (issue 5) in four slices; they are
 * mounted together so that the shared registration file needs one line.
 */
export const tracingFeatureRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  await app.register(casesRoutes, ctx);
  await app.register(alertsRoutes, ctx);
  await app.register(suspectsRoutes, ctx);
  await app.register(tracingRoutes, ctx);
};
