// The two kinds of trouble a file can have: one that condemns the whole file (wrong encoding, no header, a refused
// kind of record) and one that concerns a single row (a bad date on line 1043). Both name the file and the line.

export type FileProblemCode =
  | 'not_found'
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'line_too_long'
  | 'no_header'
  | 'header_only'
  | 'bad_header'
  | 'unknown_kind'
  | 'unsupported_kind'
  | 'retail_sales'
  | 'simulator_truth'
  | 'malformed';

/** A problem with the file as a whole: nothing from it is taken in (rows committed earlier stay). */
export class FileProblem extends Error {
  constructor(
    public readonly code: FileProblemCode,
    message: string,
    /** The line the problem was found on, when there is one. */
    public readonly line?: number,
  ) {
    super(message);
    this.name = 'FileProblem';
  }
}

/** One reason a row was refused. `field` is the column, or null for the row as a whole. */
export interface RowError {
  line: number;
  field: string | null;
  reason: string;
}

/** "line 1043, buyer_dob: 1988-02-30 is not a date" */
export function describeRowError(e: RowError): string {
  return e.field ? `line ${e.line}, ${e.field}: ${e.reason}` : `line ${e.line}: ${e.reason}`;
}
