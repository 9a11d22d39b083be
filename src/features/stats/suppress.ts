/**
 * Small-count suppression for anything meant for release. A count from 1 to minCell-1 can point at a person (one
 * 17-year-old possessor in a small town), so released tables show it as "<minCell". Zero reveals nobody and is
 * shown. When a table prints its total and only one cell is hidden, that cell is the total minus the others, so a
 * second cell (the smallest one shown) is hidden too: secondary suppression.
 */

export const DEFAULT_MIN_CELL = 5;
/** Below 2 nothing would be hidden, and release would be the same as the internal figures. */
export const MIN_CELL_FLOOR = 2;
export const MIN_CELL_CEILING = 1000;

export interface ReleasedCell {
  /** null when hidden. */
  count: number | null;
  /** What a reader sees: the number, "<5" for a small count, or "*" for a count hidden only to protect another. */
  display: string;
}

/** Shown for a cell hidden by secondary suppression: it is not small, so "<5" would be false. */
export const SECONDARY_MARK = '*';

export function suppressedLabel(minCell: number): string {
  return `<${minCell}`;
}

function cell(count: number | null, minCell: number, secondary = false): ReleasedCell {
  if (count !== null) return { count, display: String(count) };
  return { count: null, display: secondary ? SECONDARY_MARK : suppressedLabel(minCell) };
}

export function isSmall(count: number, minCell: number): boolean {
  return count > 0 && count < minCell;
}

/**
 * Hides the small cells of one table. `totalShown`: the table prints a total (or the reader can get it elsewhere
 * on the same page), which makes one lonely hidden cell recoverable by subtraction.
 */
export function suppressCounts(counts: readonly number[], minCell: number, totalShown = true): ReleasedCell[] {
  const hidden = counts.map((c) => isSmall(c, minCell));
  let secondary = -1;
  if (totalShown && hidden.filter(Boolean).length === 1) {
    counts.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (secondary < 0 || c < counts[secondary]!)) secondary = i;
    });
  }
  return counts.map((c, i) => (i === secondary ? cell(null, minCell, true) : cell(hidden[i] ? null : c, minCell)));
}

/** A single figure on its own (a total, a count in a sentence). */
export function suppressOne(count: number, minCell: number): ReleasedCell {
  return cell(isSmall(count, minCell) ? null : count, minCell);
}

export function checkMinCell(n: number): number {
  if (!Number.isInteger(n) || n < MIN_CELL_FLOOR || n > MIN_CELL_CEILING) {
    throw new RangeError(`minimum cell size must be an integer from ${MIN_CELL_FLOOR} to ${MIN_CELL_CEILING}`);
  }
  return n;
}
