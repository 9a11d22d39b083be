import { describe, expect, it } from 'vitest';
import {
  normalizeSerial, parsePartialSerial, partialSerialLikePattern, serialMatchKey, serialSimilarity,
} from './serial.js';

describe('normalizeSerial', () => {
  it.each([
    ['ab123', 'AB123'],
    [' AB 123 ', 'AB123'],
    ['AB-123', 'AB123'],
    ['AB.123', 'AB123'],
    ['AB/123', 'AB123'],
    ['AB\\123', 'AB123'],
    ['ab–123', 'AB123'], // en dash
    ['1-RO-1234-10', '1RO123410'],
    ['ro12??-5678', 'RO12??5678'],
    ['xé-12', 'XE12'],
    ['A\tB\n1', 'AB1'],
    ['', ''],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeSerial(raw)).toBe(expected);
  });
});

describe('serialMatchKey folds letters to digits', () => {
  it.each([
    ['O', '0'], ['I', '1'], ['L', '1'], ['S', '5'], ['B', '8'], ['Z', '2'], ['G', '6'],
    ['o', '0'], ['l', '1'], ['s', '5'],
    ['0', '0'], ['1', '1'], ['5', '5'], ['8', '8'], ['2', '2'], ['6', '6'],
    ['ROI2345', 'R012345'],
    ['SBZG', '5826'],
    ['1-RO-1234-10', '1R0123410'],
    ['RO12??-5678', 'R012??5678'],
    ['RO12**5678', 'R012??5678'],
    ['RO12__5678', 'R012??5678'],
    ['AB#123', 'A8123'],
    ['KXA1234', 'KXA1234'],
    ['  ', ''],
  ])('%j -> %j', (raw, expected) => {
    expect(serialMatchKey(raw)).toBe(expected);
  });

  it.each([
    ['AB123', 'A8123'],
    ['0S1L', 'O5I1'],
    ['ZG-100', '26100'],
  ])('%s and %s share a key', (a, b) => {
    expect(serialMatchKey(a)).toBe(serialMatchKey(b));
  });
});

describe('parsePartialSerial', () => {
  it.each([
    ['RO12??-5678', 'R012??5678', 8, 2],
    ['AB1234', 'A81234', 6, 0],
    ['*BC123', '?8C123', 5, 1],
    ['1_3_5', '1?3?5', 3, 2],
  ])('%s -> key %s, %i known, %i unknown', (raw, key, known, unknown) => {
    const r = parsePartialSerial(raw);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.key).toBe(key);
      expect(r.value.knownCount).toBe(known);
      expect(r.value.unknownCount).toBe(unknown);
      expect(r.value.isPartial).toBe(unknown > 0);
      expect(r.value.positions).toHaveLength(key.length);
    }
  });

  it.each([
    ['', /empty/],
    ['---', /empty/],
    ['??????', /only 0 readable/],
    ['A?B??', /only 2 readable/],
    ['1'.repeat(41), /more than 40/],
  ])('refuses %j', (raw, reason) => {
    const r = parsePartialSerial(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('partialSerialLikePattern', () => {
  it.each([
    ['RO12??-5678', 'R012__5678'],
    ['AB1234', 'A81234'],
    ['*2345', '_2345'],
    ['12%34', '1234'],
  ])('%s -> %s', (raw, pattern) => {
    expect(partialSerialLikePattern(raw)).toEqual({ ok: true, value: pattern });
  });

  it('refuses a serial with too little left', () => {
    expect(partialSerialLikePattern('??1').ok).toBe(false);
  });
});

describe('serialSimilarity', () => {
  const codes = (a: string, b: string) => serialSimilarity(a, b).reasons.map((r) => r.code);

  it.each([
    ['AB123456', 'ab-123-456', 1, ['exact']],
    ['AB123456', 'A8123456', 0.95, ['confusable_fold']],
    ['RO1234', 'R01234', 0.95, ['confusable_fold']],
    ['SZ1000', '521000', 0.95, ['confusable_fold']],
    ['RO12??5678', 'RO12345678', 0.84, ['unknown_positions']],
    ['R012??5678', 'RO12345678', 0.84, ['confusable_fold', 'unknown_positions']],
    ['12345678', '12345687', 0.8, ['one_transposition']],
    ['12345678', '12345679', 0.75, ['one_substitution']],
    ['12345678', '1234567', 0.7, ['one_insertion_or_deletion']],
    ['12345678', '123456789', 0.7, ['one_insertion_or_deletion']],
    ['12345678', '87654321', 0, ['different']],
    ['12345678', '', 0, ['different']],
    ['123', '124', 0, ['different']],
  ])('%s ~ %s', (a, b, score, expectedCodes) => {
    const s = serialSimilarity(a, b);
    expect(s.score).toBeCloseTo(score, 3);
    expect(s.reasons.map((r) => r.code)).toEqual(expectedCodes);
  });

  it('is symmetric in score', () => {
    for (const [a, b] of [['AB123456', 'A8123456'], ['RO12??5678', 'RO12345678'], ['12345678', '12345687']]) {
      expect(serialSimilarity(a, b).score).toBe(serialSimilarity(b, a).score);
    }
  });

  it('combines a wildcard with one edit at a lower score', () => {
    const s = serialSimilarity('RO12??5678', 'RO12345679');
    expect(codes('RO12??5678', 'RO12345679')).toEqual(['unknown_positions', 'one_substitution']);
    expect(s.score).toBeGreaterThan(0);
    expect(s.score).toBeLessThan(0.75);
  });

  it('explains each reason in words', () => {
    for (const r of serialSimilarity('R012??5678', 'RO12345678').reasons) expect(r.detail.length).toBeGreaterThan(5);
  });
});
