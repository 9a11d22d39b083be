import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_KINDS } from '../../formats/index.js';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { badRequest } from '../../server/errors.js';
import { MAX_UPLOAD_BYTES, createIngestService } from './ingest.service.js';

/** Content types an upload may arrive as; the body is streamed to disk, never parsed here. */
const UPLOAD_TYPES = ['text/csv', 'application/csv', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/octet-stream', 'text/plain'];

const uploadQuery = z.object({
  name: z.string().min(1).max(200).optional()
    .describe('the file name, e.g. multiple_sales.csv (its extension tells CSV from NDJSON); a multipart upload names its file itself'),
  kind: z.enum(IMPORT_KINDS as [string, ...string[]]).optional().describe('the kind of records, when the header does not tell'),
  strict: z.enum(['true', 'false']).optional().describe('true: import nothing from a file with any bad row'),
  format: z.enum(['csv', 'ndjson']).optional(),
});

export const ingestRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const svc = createIngestService(ctx);

  // Raw uploads: the stream goes to disk as it arrives. text/plain replaces Fastify's own parser in this scope only.
  app.removeContentTypeParser(['text/plain']);
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
  // Browser forms send multipart/form-data: one file part, streamed to disk the same way (never buffered whole).
  await app.register(multipart, { limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 10, fieldSize: 1000 } });

  app.post(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Upload a file to import; it runs as a background job',
        description:
          'Send the file either as multipart/form-data (one file part; optional fields kind, strict, format before it) or as the raw ' +
          'body (Content-Type text/csv or application/x-ndjson) with ?name=. The answer names the job; ' +
          'GET /api/v1/jobs/{jobId} shows its progress and, when done, the summary with the import id and the rejected rows\' count.',
        querystring: uploadQuery,
      },
      bodyLimit: 2 * 1024 * 1024 * 1024,
    },
    async (req, reply) => {
      const p = guard(req, 'import:run');
      let options = req.query;
      let fileName = req.query.name;
      let body: Readable | undefined;
      let truncated = () => false;
      if (req.isMultipart()) {
        const part = await req.file();
        if (!part) throw badRequest('the form has no file part: send the file in a field of type file');
        // Fields sent before the file part may say what the query would.
        const fields = Object.fromEntries(
          Object.entries(part.fields).flatMap(([k, v]) => (v && !Array.isArray(v) && v.type === 'field' ? [[k, String(v.value)]] : [])),
        );
        const parsed = uploadQuery.safeParse({ ...req.query, ...fields });
        if (!parsed.success) throw badRequest(`form field ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        options = parsed.data;
        fileName = options.name ?? part.filename;
        body = part.file;
        truncated = () => part.file.truncated;
      } else {
        body = req.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function') {
          throw badRequest(`send the file as multipart/form-data or as the request body with Content-Type one of ${UPLOAD_TYPES.join(', ')}`);
        }
      }
      if (!fileName) throw badRequest('name the file: ?name=multiple_sales.csv (its extension tells CSV from NDJSON)');
      const r = await svc.startUpload(p, {
        fileName,
        body,
        kind: options.kind as (typeof IMPORT_KINDS)[number] | undefined,
        strict: options.strict === 'true',
        format: options.format,
        truncated,
      });
      reply.status(202);
      return { ...r, status: 'queued', progress: `/api/v1/jobs/${r.jobId}` };
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Imports (newest first): file, kind, status, counts',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
          status: z.enum(['running', 'completed', 'failed', 'refused']).optional(),
          kind: z.string().max(40).optional(),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'import:read');
      return { imports: await svc.list(p, req.query) };
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One import with its rejected rows (line, field, reason, the row as written)',
        params: z.object({ id: z.coerce.number().int() }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'import:read');
      return svc.get(p, req.params.id, req.query);
    },
  );

  app.post(
    '/multiple-sales',
    {
      schema: {
        tags: ['imports'],
        summary: 'A dealer files a multiple-sale report (F 3310.4 handguns, F 3310.12 rifles): one row per firearm',
        description: 'Each row has the columns of the multiple_sales format (docs/data-formats.md); the licence must be the dealer\'s own.',
        body: z.object({ rows: z.array(z.record(z.string(), z.unknown())).min(1).max(999) }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'sales:file');
      const r = await svc.fileMultipleSale(p, req.body.rows);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/tips',
    {
      schema: {
        tags: ['imports'],
        summary: 'A dealer sends a tip about a suspicious purchase or attempt',
        description: 'The columns of the dealer_tips format (docs/data-formats.md); tip_id is made up when absent.',
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'tip:send');
      const r = await svc.sendTip(p, req.body);
      reply.status(201);
      return r;
    },
  );
};
