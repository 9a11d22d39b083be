import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';

/** Every error leaves as { error: { code, message, details } }; a 5xx never carries internals. */
export function installErrorHandler(app: FastifyInstance, opts: { spaFallback: boolean }): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details ?? null } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        const issuePath = (v.params as { issue?: { path?: PropertyKey[] } } | undefined)?.issue?.path;
        const field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || (issuePath ?? []).map(String).join('.');
        return { field, reason: v.message };
      });
      return reply.status(400).send({
        error: { code: 'validation_failed', message: `Invalid ${err.validationContext ?? 'request'}: ${details.map((d) => `${d.field}: ${d.reason}`).join('; ')}`, details },
      });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : 'bad_request';
      return reply.status(err.statusCode).send({ error: { code, message: err.message, details: null } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: `Internal error (request ${req.id})`, details: null } });
  });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes: any non-API GET that is not a file gets the application shell.
    if (opts.spaFallback && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: null } });
  });
}
