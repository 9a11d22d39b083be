import { sql, type Kysely } from 'kysely';

/**
 * Splits a script of our own static SQL into statements: on semicolons outside quotes, dollar-quoted bodies
 * and comments. node-postgres sends parameterised queries over the extended protocol, which takes one
 * statement at a time.
 */
export function splitSqlScript(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i];
    if (ch === '-' && script[i + 1] === '-') {
      const nl = script.indexOf('\n', i);
      i = nl === -1 ? script.length : nl;
      continue;
    }
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      cur += script.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === '$') {
      const m = /^\$[A-Za-z_]*\$/.exec(script.slice(i));
      if (m) {
        const end = script.indexOf(m[0], i + m[0].length);
        cur += script.slice(i, end + m[0].length);
        i = end + m[0].length;
        continue;
      }
    }
    if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += ch;
    i++;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const stmt of splitSqlScript(script)) {
    await sql.raw(stmt).execute(db);
  }
}
