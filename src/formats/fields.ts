// Field builders shared by every import kind.
//
// One row schema must validate a CSV row (every cell a string, "" meaning absent), an NDJSON line and an HTTP body
// (native numbers, booleans, null). So each field accepts the loose input, checks it with a message that names the
// value ("1988-02-30 is not a date"), and outputs one typed value. The field's documentation travels with it as zod
// metadata, so docs/data-formats.md is generated from the same objects that validate.
import { z } from 'zod';
import { COUNTRY_CODES, MX_STATE_CODES, US_STATE_CODES } from './codes.js';

export type FieldType =
  | 'text'
  | 'date'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'licence'
  | 'state'
  | 'mx_state'
  | 'country'
  | 'ori'
  | 'serial'
  | 'days'
  | 'json';

export interface FieldMeta {
  description: string;
  fieldType: FieldType;
  required: boolean;
  /** Which box of which paper form the column carries, when there is one. */
  form?: string;
  values?: readonly string[];
}

interface Common {
  /** What the column means, in one sentence. */
  doc: string;
  form?: string;
}
interface Req {
  required: true;
}
type Opt = { required?: false };

type Ctx = z.core.$RefinementCtx;

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Absent in every spelling a file or body can use. */
function absent(v: unknown): v is undefined | null | '' {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

const MISSING = 'is required';

/**
 * Our own registry for the field documentation, so that the JSON Schema zod generates for OpenAPI carries only the
 * standard `description` (custom keys such as `required: true` inside a property would make it invalid).
 */
export const FIELD_DOCS = z.registry<FieldMeta>();

function describe<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  const described = schema.meta({ description: meta.description }) as T;
  FIELD_DOCS.add(described, meta);
  return described;
}

type Parser<O> = (raw: unknown, ctx: Ctx) => O | typeof z.NEVER;

/**
 * The same check and conversion as a field's zod schema, callable without zod, for text cells (CSV) and absent
 * values: the importer's per-row fast path (define.ts). It reports only that the value failed, not why; the caller
 * then asks zod, whose message is the one users see, so both paths give identical results and errors.
 */
export type FastField = (raw: string | null | undefined, ctx: Ctx) => unknown;
const FAST = new WeakMap<z.ZodType, FastField>();

/** The fast check of a field built here (undefined for any other schema). */
export function fastFieldOf(schema: z.ZodType): FastField | undefined {
  return FAST.get(schema);
}

// Builds the field with the right optionality in its output type: required fields never yield undefined.
function field<O>(
  base: z.ZodType<string | number | boolean | null | undefined | unknown[]>,
  opts: Common & { required?: boolean },
  fieldType: FieldType,
  parse: Parser<O>,
  values?: readonly string[],
) {
  const loose = base.optional();
  const meta: FieldMeta = {
    description: opts.doc,
    fieldType,
    required: opts.required === true,
    ...(opts.form ? { form: opts.form } : {}),
    ...(values ? { values } : {}),
  };
  const check = (raw: unknown, ctx: Ctx): O | undefined => {
    if (absent(raw)) {
      if (opts.required) {
        ctx.addIssue({ code: 'custom', message: MISSING });
        return z.NEVER;
      }
      return undefined;
    }
    return parse(raw, ctx);
  };
  const schema = describe(loose.transform(check), meta);
  // Every base type here accepts a string, null and undefined, so for those the transform alone decides.
  FAST.set(schema, check);
  return schema;
}

const textIn = z.union([z.string(), z.number(), z.null()], { error: (i) => `${shown(i.input)} is not text` });
const numIn = z.union([z.number(), z.string(), z.null()], { error: (i) => `${shown(i.input)} is not a number` });
const boolIn = z.union([z.boolean(), z.string(), z.number(), z.null()], {
  error: (i) => `${shown(i.input)} is not true or false`,
});

function fail(ctx: Ctx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

// ---------------------------------------------------------------------------------------------------------------
// text

export function text(o: Common & Req & { max?: number; pattern?: RegExp; patternDoc?: string }): z.ZodType<string, unknown>;
export function text(o: Common & Opt & { max?: number; pattern?: RegExp; patternDoc?: string }): z.ZodType<string | undefined, unknown>;
export function text(o: Common & { required?: boolean; max?: number; pattern?: RegExp; patternDoc?: string }): z.ZodType {
  const max = o.max ?? 200;
  return field(textIn, o, 'text', (raw, ctx) => {
    const s = String(raw).trim();
    if (s.length > max) return fail(ctx, `is ${s.length} characters long, more than ${max}`);
    if (o.pattern && !o.pattern.test(s)) return fail(ctx, `${shown(s)} is not ${o.patternDoc ?? 'in the expected form'}`);
    return s;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// dates: ISO calendar dates only; a day that does not exist (Feb 30) is refused rather than rolled over.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= dim && y >= 1800 && y <= 2200;
}

export function date(o: Common & Req): z.ZodType<string, unknown>;
export function date(o: Common & Opt): z.ZodType<string | undefined, unknown>;
export function date(o: Common & { required?: boolean }): z.ZodType {
  return field(textIn, o, 'date', (raw, ctx) => {
    const s = String(raw).trim();
    return isCalendarDate(s) ? s : fail(ctx, `${shown(s)} is not a date (YYYY-MM-DD)`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// numbers

interface NumOpts extends Common {
  min?: number;
  max?: number;
}

function numberParser(integer: boolean, o: NumOpts): Parser<number> {
  return (raw, ctx) => {
    const s = typeof raw === 'number' ? raw : String(raw).trim();
    const n = typeof s === 'number' ? s : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
    if (!Number.isFinite(n)) return fail(ctx, `${shown(raw)} is not a number`);
    if (integer && !Number.isInteger(n)) return fail(ctx, `${shown(raw)} is not a whole number`);
    if (o.min !== undefined && n < o.min) return fail(ctx, `${shown(raw)} is below ${o.min}`);
    if (o.max !== undefined && n > o.max) return fail(ctx, `${shown(raw)} is above ${o.max}`);
    return n;
  };
}

export function integer(o: NumOpts & Req): z.ZodType<number, unknown>;
export function integer(o: NumOpts & Opt): z.ZodType<number | undefined, unknown>;
export function integer(o: NumOpts & { required?: boolean }): z.ZodType {
  return field(numIn, o, 'integer', numberParser(true, o));
}

export function number(o: NumOpts & Req): z.ZodType<number, unknown>;
export function number(o: NumOpts & Opt): z.ZodType<number | undefined, unknown>;
export function number(o: NumOpts & { required?: boolean }): z.ZodType {
  return field(numIn, o, 'number', numberParser(false, o));
}

// ---------------------------------------------------------------------------------------------------------------
// booleans: files written by people say yes/no, Y/N, 1/0 as often as true/false.

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

export function parseBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

export function bool(o: Common & Req): z.ZodType<boolean, unknown>;
export function bool(o: Common & Opt): z.ZodType<boolean | undefined, unknown>;
export function bool(o: Common & { required?: boolean }): z.ZodType {
  return field(boolIn, o, 'boolean', (raw, ctx) => {
    const b = parseBool(raw);
    return b === undefined ? fail(ctx, `${shown(raw)} is not true or false`) : b;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// enumerations: case and spaces are forgiven ("Semi Automatic" is semi_automatic), anything else is named.

export function canonicalToken(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s/-]+/g, '_');
}

type EnumOpts = Common & {
  /** Other spellings accepted for a value, e.g. { m: 'male' }; compared after canonicalToken. */
  aliases?: Readonly<Record<string, string>>;
};

export function oneOf<const V extends readonly [string, ...string[]]>(values: V, o: EnumOpts & Req): z.ZodType<V[number], unknown>;
export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
  o: EnumOpts & Opt,
): z.ZodType<V[number] | undefined, unknown>;
export function oneOf<const V extends readonly [string, ...string[]]>(values: V, o: EnumOpts & { required?: boolean }): z.ZodType {
  const allowed = new Set<string>(values);
  return field(
    textIn,
    o,
    'enum',
    (raw, ctx) => {
      const token = canonicalToken(String(raw));
      const s = o.aliases?.[token] ?? token;
      return allowed.has(s) ? (s as V[number]) : fail(ctx, `${shown(raw)} is not one of ${values.join(', ')}`);
    },
    values,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// codes

function codeField(
  fieldType: FieldType,
  set: ReadonlySet<string>,
  what: string,
): {
  (o: Common & Req): z.ZodType<string, unknown>;
  (o: Common & Opt): z.ZodType<string | undefined, unknown>;
} {
  // The overloads are restated at the call sites' types; the implementation is shared.
  const make = (o: Common & { required?: boolean }) =>
    field(textIn, o, fieldType, (raw, ctx) => {
      const s = String(raw).trim().toUpperCase();
      return set.has(s) ? s : fail(ctx, `${shown(raw)} is not ${what}`);
    });
  return make as never;
}

export const usState = codeField('state', US_STATE_CODES, 'a US state code (two letters, e.g. AZ)');
export const mxState = codeField('mx_state', MX_STATE_CODES, 'a Mexican state code (ISO 3166-2:MX, e.g. SON)');
export const country = codeField('country', COUNTRY_CODES, 'a country code (ISO 3166-1 alpha-2, e.g. US, MX)');

/** ATF licence number: region-district-county-type-expiry-sequence, e.g. 9-86-013-01-2A-12345. */
export const LICENCE_PATTERN = /^([1-9])-(\d{2})-(\d{3})-(\d{2})-([0-9][A-M])-(\d{5})$/;

export function licence(o: Common & Req): z.ZodType<string, unknown>;
export function licence(o: Common & Opt): z.ZodType<string | undefined, unknown>;
export function licence(o: Common & { required?: boolean }): z.ZodType {
  return field(textIn, o, 'licence', (raw, ctx) => {
    // Dealers write their number with or without dashes; the canonical form has them.
    const s = String(raw).trim().toUpperCase().replace(/\s+/g, '');
    const compact = s.replace(/-/g, '');
    const m = /^([1-9])(\d{2})(\d{3})(\d{2})([0-9][A-M])(\d{5})$/.exec(compact);
    if (!m) return fail(ctx, `${shown(raw)} is not an ATF licence number (like 9-86-013-01-2A-12345)`);
    const type = Number(m[4]);
    if (type < 1 || type > 11) return fail(ctx, `${shown(raw)} has licence type ${m[4]}, not 01 to 11`);
    return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}-${m[6]}`;
  });
}

/** NCIC originating agency identifier: two-letter state then seven characters, e.g. AZ0072300. */
export function ori(o: Common & Req): z.ZodType<string, unknown>;
export function ori(o: Common & Opt): z.ZodType<string | undefined, unknown>;
export function ori(o: Common & { required?: boolean }): z.ZodType {
  return field(textIn, o, 'ori', (raw, ctx) => {
    const s = String(raw).trim().toUpperCase();
    return /^[A-Z]{2}[A-Z0-9]{7}$/.test(s) ? s : fail(ctx, `${shown(raw)} is not an ORI (like AZ0072300)`);
  });
}

/**
 * A serial as written. `?` stands for a position that could not be read. Kept as written (normalisation and the
 * confusable-character match key belong to src/domain), but refused if it has no readable character at all.
 */
export function serial(o: Common & Req): z.ZodType<string, unknown>;
export function serial(o: Common & Opt): z.ZodType<string | undefined, unknown>;
export function serial(o: Common & { required?: boolean }): z.ZodType {
  return field(textIn, o, 'serial', (raw, ctx) => {
    const s = String(raw).trim();
    if (s.length > 40) return fail(ctx, `is ${s.length} characters long, more than 40`);
    if (!/^[A-Za-z0-9?\-./ ]+$/.test(s)) return fail(ctx, `${shown(s)} has characters a serial cannot have`);
    if (!/[A-Za-z0-9]/.test(s)) return fail(ctx, `${shown(s)} has no readable character`);
    return s;
  });
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Days a business is open, as "Mon,Tue,Wed,Thu,Fri,Sat". Output keeps the week's order. */
export function weekdays(o: Common & Req): z.ZodType<Weekday[], unknown>;
export function weekdays(o: Common & Opt): z.ZodType<Weekday[] | undefined, unknown>;
export function weekdays(o: Common & { required?: boolean }): z.ZodType {
  const byLower = new Map(WEEKDAYS.map((d) => [d.toLowerCase(), d]));
  const daysIn = z.union([z.string(), z.array(z.string()), z.null()], {
    error: (i) => `${shown(i.input)} is not a list of days`,
  });
  return field(daysIn, o, 'days', (raw, ctx) => {
    const parts = (Array.isArray(raw) ? raw.map(String) : String(raw).split(/[,;\s]+/)).filter((p) => p !== '');
    const seen = new Set<Weekday>();
    for (const p of parts) {
      const d = byLower.get(p.slice(0, 3).toLowerCase());
      if (!d || (p.length > 3 && !/^[a-z]+$/i.test(p))) return fail(ctx, `${shown(p)} is not a day of the week (Mon..Sun)`);
      seen.add(d);
    }
    if (seen.size === 0) return fail(ctx, 'names no day of the week');
    return WEEKDAYS.filter((d) => seen.has(d));
  });
}

/** A JSON array in one column (CSV) or a native array (NDJSON, HTTP), each element checked by `element`. */
export function jsonArray<T>(element: z.ZodType<T, unknown>, o: Common & Opt): z.ZodType<T[] | undefined, unknown> {
  const arrIn = z.union([z.string(), z.array(z.unknown()), z.null()], {
    error: (i) => `${shown(i.input)} is not a JSON array`,
  });
  return field(arrIn, o, 'json', (raw, ctx) => {
    let value: unknown = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw);
      } catch (err) {
        return fail(ctx, `is not valid JSON (${(err as Error).message})`);
      }
    }
    if (!Array.isArray(value)) return fail(ctx, `${shown(raw)} is not a JSON array`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = element.safeParse(value[i]);
      if (!r.success) {
        for (const issue of r.error.issues) {
          const at = issue.path.length ? `[${i}].${issue.path.join('.')}` : `[${i}]`;
          ctx.addIssue({ code: 'custom', message: `${at}: ${issue.message}` });
        }
        return z.NEVER;
      }
      out.push(r.data);
    }
    return out;
  });
}

/** The metadata of a field built here (undefined for anything else). */
export function fieldMeta(schema: z.ZodType): FieldMeta | undefined {
  return FIELD_DOCS.get(schema);
}
