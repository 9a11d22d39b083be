import { describe, expect, it } from 'vitest';
import { ALERT_THRESHOLD, rankCandidates, scorePair, type GunMarks } from './rank.js';

const gun = (serial: string | null, maker: string | null, extra: Partial<GunMarks> = {}): GunMarks => ({
  serial, maker, importer: null, model: null, caliber: null, ...extra,
});

describe('scorePair', () => {
  const cases: Array<[string, GunMarks, GunMarks, 'alert' | 'no', string[]]> = [
    ['exact serial, same maker', gun('RO1234-5678', 'Romarm'), gun('RO12345678', 'Romarm'), 'alert', ['serial_exact', 'same_maker']],
    ['confusables and a space for a dash, maker alias', gun('R01234 S678', 'Cugir'), gun('RO1234-5678', 'Romarm/Cugir'), 'alert', ['serial_confusable_fold', 'maker_alias']],
    ['importer written as maker', gun('RO1234-5678', 'Romarm', { importer: 'Century Arms' }), gun('RO1234-5678', 'Century International Arms'), 'alert', ['maker_importer']],
    ['obliterated positions', gun('RO12??-5678', 'Romarm'), gun('RO1234-5678', 'Romarm'), 'alert', ['serial_unknown_positions']],
    ['entry with unknown positions', gun('RO1234-5678', 'Cugir'), gun('RO1234-56??', 'Romarm'), 'alert', ['serial_unknown_positions']],
    ['one transposition', gun('RO1243-5678', 'Romarm'), gun('RO1234-5678', 'Romarm'), 'alert', ['serial_one_transposition']],
    ['maker unknown on the trace', gun('FN386123', null), gun('386I23', 'FN Herstal'), 'no', []],
    ['maker unknown, serial folded', gun('386I23ZZ', null), gun('386123ZZ', 'FN Herstal'), 'alert', ['maker_unknown']],
    ['same serial, different maker', gun('12345678', 'Glock'), gun('12345678', 'Sturm Ruger'), 'no', ['different_maker']],
    ['two characters apart', gun('RO1234-5699', 'Romarm'), gun('RO1234-5678', 'Romarm'), 'no', []],
    ['next serial of the same batch', gun('RO1234-5679', 'Romarm', { model: 'WASR-10' }), gun('RO1234-5678', 'Romarm', { model: 'WASR-10' }), 'no', ['serial_adjacent']],
    ['one apart, not adjacent', gun('RO1234-5698', 'Romarm'), gun('RO1234-5678', 'Romarm'), 'alert', ['serial_one_substitution']],
    ['one apart, different caliber', gun('ABC12345', 'Glock', { caliber: '9mm' }), gun('ABC12346', 'Glock', { caliber: '.45 ACP' }), 'no', ['different_caliber']],
  ];
  for (const [name, obs, entry, expected, codes] of cases) {
    it(name, () => {
      const s = scorePair(obs, entry);
      if (expected === 'alert') expect(s.score).toBeGreaterThanOrEqual(ALERT_THRESHOLD);
      else expect(s.score).toBeLessThan(ALERT_THRESHOLD);
      const got = s.reasons.map((r) => r.code);
      for (const c of codes) expect(got).toContain(c);
      for (const r of s.reasons) expect(r.text.length).toBeGreaterThan(5);
    });
  }

  it('ranks the closest candidate first and says why', () => {
    const obs = gun('R01234 S678', 'Cugir', { model: 'WASR-10', caliber: '7.62x39' });
    const entries = [
      { id: 1, marks: gun('RO1234-5679', 'Romarm', { model: 'WASR 10/63', caliber: '7.62x39mm' }) },
      { id: 2, marks: gun('RO1234-5678', 'Romarm', { model: 'WASR-10', caliber: '7.62x39' }) },
      { id: 3, marks: gun('ZZ9999', 'Glock') },
    ];
    const ranked = rankCandidates(obs, entries, (e) => e.marks, 0);
    expect(ranked.map((r) => r.candidate.id)).toEqual([2, 1]);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    expect(ranked[0].reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['serial_confusable_fold', 'maker_alias', 'same_model', 'same_caliber']));
  });

  it('does not match without a serial on either side', () => {
    expect(scorePair(gun(null, 'Glock'), gun('ABC123', 'Glock')).score).toBe(0);
  });
});
