import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

describe('domain index', () => {
  it.each([
    'normalizeSerial', 'serialMatchKey', 'parsePartialSerial', 'serialSimilarity', 'partialSerialLikePattern',
    'normalizeMaker', 'normalizeCaliber', 'caliberGreaterThan22', 'normalizeFirearmType', 'isHandgun', 'isRifle',
    'normalizeUsState', 'normalizeMxState', 'isBorderState', 'splitFullName', 'phoneticKey', 'sameGivenName',
    'normalizeAddress', 'normalizePhone', 'parseDate', 'ageAt', 'daysBetween', 'isBusinessDay', 'addBusinessDays',
    'businessDaysBetween', 'withinFiveBusinessDays', 'computeMultipleSaleReports', 'qualifyFirearm', 'ttcDays',
    'ttcBracket', 'isShortTtc', 'mean', 'median',
  ])('exports %s', (name) => {
    expect(typeof (domain as Record<string, unknown>)[name]).toBe('function');
  });
});
