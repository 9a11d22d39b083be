import { describe, expect, it } from 'vitest';
import {
  CRIME_CATEGORIES, DECISION_ACTIONS, HOP_ROLES, LICENCE_TYPES, LICENCE_TYPE_NAMES, NOT_COMPLETED_REASONS,
  NOT_COMPLETED_REASON_LABELS, ROLES, TRACE_STATUSES, crimeCategoryOf, isLicenceType,
} from './codes.js';

describe('code lists', () => {
  it('has exactly the eleven not-completed reasons of DOMAIN.md, each labelled', () => {
    expect(NOT_COMPLETED_REASONS).toHaveLength(11);
    expect(Object.keys(NOT_COMPLETED_REASON_LABELS).sort()).toEqual([...NOT_COMPLETED_REASONS].sort());
  });

  it('has the statuses, actions, roles and hops of the brief', () => {
    expect(TRACE_STATUSES).toEqual(['submitted', 'in_progress', 'completed', 'not_completed']);
    expect(DECISION_ACTIONS).toEqual(['interdict', 'seize', 'arrest', 'refer', 'continue_monitoring']);
    expect(ROLES).toHaveLength(8);
    expect(HOP_ROLES).toEqual(['manufacturer', 'importer', 'wholesaler', 'retailer', 'buyer']);
  });

  it('names every licence type', () => {
    for (const t of LICENCE_TYPES) expect(LICENCE_TYPE_NAMES[t].length).toBeGreaterThan(10);
  });

  it.each([['01', true], ['08', true], ['04', false], ['1', false], ['12', false]])('isLicenceType(%s) = %s', (t, e) => {
    expect(isLicenceType(t)).toBe(e);
  });

  it.each([
    ['0999', 'homicide', true], ['1313', 'assault', true], ['1299', 'robbery', true], ['3599', 'dangerous_drugs', false],
    ['5212', 'weapon_offense', false], ['7399', 'miscellaneous', false],
  ])('crimeCategoryOf(%s) = %s (violent %s)', (code, key, violent) => {
    expect(crimeCategoryOf(code)).toMatchObject({ key, violent });
  });

  it.each([['abc'], ['99'], ['9999']])('crimeCategoryOf(%s) is undefined', (code) => {
    expect(crimeCategoryOf(code)).toBeUndefined();
  });

  it('has unique category prefixes', () => {
    expect(new Set(CRIME_CATEGORIES.map((c) => c.prefix)).size).toBe(CRIME_CATEGORIES.length);
  });
});
