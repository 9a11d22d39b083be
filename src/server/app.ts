import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { authPlugin } from './auth-plugin.js';
import { installErrorHandler } from './error-handler.js';
import { FEATURE_ROUTES } from './features.js';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface BuildOptions {
  logger?: boolean | object;
  serveWeb?: boolean;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const webBuilt = opts.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  installErrorHandler(app, { spaFallback: webBuilt });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Interdict API', version: '1', description: 'Crime-gun intelligence: tracing, suspect guns, multiple sales, resolution, detection.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, ctx);

  await app.register(
    async (api) => {
      api.get('/health', { schema: { tags: ['system'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
      api.get('/ready', { schema: { tags: ['system'], summary: 'Readiness: the database answers' } }, async (_req, reply) => {
        try {
          await sql`SELECT 1`.execute(ctx.db);
          return { status: 'ready', database: ctx.database.kind };
        } catch {
          reply.status(503);
          return { status: 'unavailable', database: ctx.database.kind };
        }
      });
      for (const feature of FEATURE_ROUTES) await api.register(feature, ctx);
    },
    { prefix: '/api/v1' },
  );

  if (webBuilt) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false });
  } else if (opts.serveWeb !== false) {
    app.get('/', async (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>Interdict</title><p>Interdict API is running. The web application is not built: run <code>npm run build:web</code>.</p>'),
    );
  }
  return app;
}
