// Renders docs/data-formats.md from the schemas themselves, so that the document cannot drift from what the importer
// accepts. `npx tsx src/formats/docs.ts` rewrites the file; a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { csvHeader, csvLine, ndjsonLine } from './csv.js';
import { EXAMPLES } from './examples.js';
import { FORMATS, IMPORT_KINDS, RETAIL_SALES_SIGNATURES, fieldMeta, type ImportKind } from './index.js';

export const DOC_PATH = fileURLToPath(new URL('../../docs/data-formats.md', import.meta.url));

const TYPE_WORDS: Record<string, string> = {
  text: 'text',
  date: 'date',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  enum: 'enum',
  licence: 'licence',
  state: 'US state',
  mx_state: 'MX state',
  country: 'country',
  ori: 'ORI',
  serial: 'serial',
  days: 'days',
  json: 'JSON array',
};

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function columnTable(kind: ImportKind): string {
  const shape = FORMATS[kind].shape as Record<string, z.ZodType>;
  const rows = ['| column | type | required | meaning | form field |', '|---|---|---|---|---|'];
  for (const col of FORMATS[kind].columns) {
    const m = fieldMeta(shape[col]);
    if (!m) throw new Error(`column ${kind}.${col} has no documentation`);
    const type = m.values ? `${TYPE_WORDS[m.fieldType]}: ${m.values.join(', ')}` : TYPE_WORDS[m.fieldType];
    rows.push(`| \`${col}\` | ${esc(type)} | ${m.required ? 'yes' : ''} | ${esc(m.description)} | ${esc(m.form ?? '')} |`);
  }
  return rows.join('\n');
}

function kindSection(kind: ImportKind): string {
  const f = FORMATS[kind];
  const example = EXAMPLES[kind];
  const parsed = f.schema.parse(example) as Record<string, unknown>;
  const rules = f.rules.length ? `\nRules across columns:\n\n${f.rules.map((r) => `- ${r}`).join('\n')}\n` : '';
  return `## \`${kind}\`

${f.description}

Row key: ${f.keyColumns.map((c) => `\`${c}\``).join(' + ')} (a row with a key already imported is not imported again).

${columnTable(kind)}
${rules}
CSV example:

\`\`\`csv
${csvHeader(f.columns)}${csvLine(f.columns, example)}\`\`\`

NDJSON example (the same row; native numbers and booleans are accepted as well as strings):

\`\`\`json
${ndjsonLine(parsed)}\`\`\`
`;
}

export function renderDataFormats(): string {
  const signatures = RETAIL_SALES_SIGNATURES.map(
    (s) => `- **${s.what}** (${s.id}): ${s.groups.map((g) => g.map((c) => `\`${c}\``).join(' or ')).join(', and ')}`,
  ).join('\n');
  return `# Data formats

<!-- Generated from src/formats by \`npx tsx src/formats/docs.ts\`; edit the schemas, not this file. -->

Interdict takes in only what comes to it for a reason (see ../shared/DOMAIN.md): dealers' multiple-sale reports,
trace requests and their results, recovered guns, suspect-gun referrals and the cases they belong to, dealer tips,
theft and loss reports, and the dealers themselves. Each kind below has **one schema** (\`src/formats/<kind>.ts\`,
zod 4) that validates a CSV row, an NDJSON line and an HTTP body alike. The simulator (\`interdict simulate\`)
writes exactly these files.

## Files

- **CSV**: UTF-8, a header row with the column names below (any order; case and spaces are forgiven), RFC 4180
  quoting (fields with commas, quotes or newlines in double quotes, quotes doubled). An empty cell means "not given".
- **NDJSON**: UTF-8, one JSON object per line with the same column names. Values may be strings (as in CSV) or
  native JSON: numbers, \`true\`/\`false\`, \`null\` for "not given", an array for \`associates\` and \`business_days\`.
- **HTTP**: the body of a single-row endpoint is one such object. A whole file is uploaded to \`POST /api/v1/imports\`
  as multipart/form-data (one file part; \`kind\`, \`strict\`, \`format\` as fields) or as the raw body with \`?name=\`; it
  is imported by a background job whose progress and summary \`GET /api/v1/jobs/{id}\` shows.
- Columns a kind does not know are an error ("unknown column colour"); so is a missing required column.
- The kind of a file is read from its header (\`detectKind\`): the kind whose key columns are all present and which
  explains the most columns. \`interdict import --kind KIND\` overrides it.
- \`interdict import DIR\` imports a folder's files in the order of the kinds below: dealers and cases first, since
  reports and tips name dealers and referrals name cases. The simulator's ground truth (\`truth.json\`,
  \`truth-records.ndjson\`, marked by \`"kind": "interdict-simulate-truth"\` in their content) is never imported: a
  folder import skips it with a notice, and naming such a file is refused.

## Value types

| type | accepted | stored as |
|---|---|---|
| text | any text (trimmed), up to the column's length | text as written |
| date | \`YYYY-MM-DD\`, a real calendar day (1988-02-30 is refused) | the same |
| integer, number | decimal digits (\`-\`, \`.\`, exponent allowed for number) or a JSON number, within the column's range | number |
| boolean | \`true\`/\`false\`, \`yes\`/\`no\`, \`y\`/\`n\`, \`1\`/\`0\` (any case) or JSON booleans | boolean |
| enum | one of the listed values; case, spaces and dashes are forgiven ("Semi-Automatic"), plus listed aliases (M/F for sex) | the listed value |
| licence | ATF licence number \`R-DD-CCC-TT-EY-SSSSS\`, e.g. \`9-86-013-01-2A-12345\`, with or without dashes; type 01..11 | with dashes |
| US state | USPS two-letter code | upper case |
| MX state | ISO 3166-2:MX code without prefix (\`SON\`, \`CHH\`, \`BCN\`, \`TAM\`, ...) | upper case |
| country | ISO 3166-1 alpha-2 (\`US\`, \`MX\`, \`RO\`, \`BE\`, ...) | upper case |
| ORI | NCIC originating agency identifier: two letters and seven characters, e.g. \`AZ0072300\` | upper case |
| serial | letters, digits, \`-\`, \`.\`, \`/\`, space; \`?\` for a position that cannot be read | as written (normalised on import by src/domain) |
| days | days of the week, e.g. \`Mon,Tue,Wed,Thu,Fri,Sat\` | list in week order |
| JSON array | a JSON array (in CSV: the JSON text in one quoted cell) | array |

Error messages name the column and the reason, e.g. \`buyer_dob: 1988-02-30 is not a date (YYYY-MM-DD)\`; the importer
adds the file and the line.

${IMPORT_KINDS.map(kindSection).join('\n')}
## Refused: plain retail sales

There is **no format for retail sales, and there must never be one**. US law forbids a registry of firearms owners
(18 U.S.C. 926(a)); appropriations riders forbid consolidating dealers' records; background-check (NICS) data is never
stored. A dealer's acquisition and disposition book, Forms 4473 in bulk or a sales ledger are therefore refused, by
file and by API, with that reason. \`looksLikeRetailSales(header)\` (\`src/formats/retail-sales.ts\`) recognises them by
these column signatures (names folded to lower case with \`_\`; a signature matches when each of its groups has a
column present):

${signatures}

A file of a lawful kind that carries a NICS column is refused too: NICS data is never stored, whatever file it
arrives in.
`;
}

// Run directly: rewrite the document.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC_PATH, renderDataFormats());
  console.log(`wrote ${DOC_PATH}`);
}
