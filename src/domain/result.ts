/**
 * A parser's answer: a value, or a reason a person can read. Bad user input is expected data, not an exception,
 * so domain parsers never throw for it; callers decide whether a reason becomes a row error, a 400 or a warning.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly reason: string };
export type Result<T> = Ok<T> | Err;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err(reason: string): Err {
  return { ok: false, reason };
}

/** The value, or `fallback` when the result is an error. */
export function unwrapOr<T, F>(result: Result<T>, fallback: F): T | F {
  return result.ok ? result.value : fallback;
}

export function mapResult<T, U>(result: Result<T>, fn: (value: T) => U): Result<U> {
  return result.ok ? ok(fn(result.value)) : result;
}
