import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, renderDataFormats } from './docs.js';
import { FORMATS, IMPORT_KINDS } from './index.js';

describe('docs/data-formats.md', () => {
  it('is the rendering of the current schemas (run `npx tsx src/formats/docs.ts` after changing one)', () => {
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(renderDataFormats());
  });

  it('documents every column of every kind', () => {
    const doc = renderDataFormats();
    for (const kind of IMPORT_KINDS) {
      expect(doc).toContain(`## \`${kind}\``);
      for (const c of FORMATS[kind].columns) expect(doc).toContain(`| \`${c}\` |`);
    }
    expect(doc).toContain('18 U.S.C. 926(a)');
  });
});
