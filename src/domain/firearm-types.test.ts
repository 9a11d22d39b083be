import { describe, expect, it } from 'vitest';
import { isHandgun, isRifle, normalizeFirearmType } from './firearm-types.js';

describe('normalizeFirearmType', () => {
  it.each([
    ['pistol', 'pistol', undefined],
    ['PISTOL', 'pistol', undefined],
    ['PI', 'pistol', undefined],
    ['Semi-Auto Pistol', 'pistol', 'semi_automatic'],
    ['SEMIAUTOMATIC PISTOL', 'pistol', 'semi_automatic'],
    ['auto pistol', 'pistol', 'semi_automatic'],
    ['revolver', 'revolver', undefined],
    ['RV', 'revolver', undefined],
    ['Rev.', 'revolver', undefined],
    ['RIFLE', 'rifle', undefined],
    ['RI', 'rifle', undefined],
    ['semi-automatic rifle', 'rifle', 'semi_automatic'],
    ['Bolt Action Rifle', 'rifle', 'bolt'],
    ['lever-action rifle', 'rifle', 'lever'],
    ['Carbine', 'rifle', undefined],
    ['SBR', 'rifle', undefined],
    ['SHOTGUN', 'shotgun', undefined],
    ['shot gun', 'shotgun', undefined],
    ['Pump Shotgun', 'shotgun', 'pump'],
    ['SG', 'shotgun', undefined],
    ['double barrel shotgun', 'shotgun', 'break'],
    ['derringer', 'derringer', undefined],
    ['machine gun', 'machine_gun', 'automatic'],
    ['MACHINEGUN', 'machine_gun', 'automatic'],
    ['submachine gun', 'machine_gun', 'automatic'],
    ['machine pistol', 'machine_gun', 'automatic'],
    ['receiver', 'receiver_frame', undefined],
    ['Lower Receiver', 'receiver_frame', undefined],
    ['frame', 'receiver_frame', undefined],
    ['receiver_frame', 'receiver_frame', undefined],
    ['AOW', 'other', undefined],
    ['other', 'other', undefined],
  ])('%j -> %s / %s', (raw, type, action) => {
    const r = normalizeFirearmType(raw);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.type).toBe(type);
      expect(r.value.action).toBe(action);
    }
  });

  it('marks "handgun" as approximate', () => {
    expect(normalizeFirearmType('Handgun')).toEqual({ ok: true, value: { type: 'pistol', approximate: true } });
  });

  it.each([[''], ['banana'], ['knife']])('refuses %j with a reason', (raw) => {
    const r = normalizeFirearmType(raw);
    expect(r.ok).toBe(false);
  });
});

describe('isHandgun / isRifle', () => {
  it.each([
    ['pistol', true, false],
    ['revolver', true, false],
    ['derringer', true, false],
    ['rifle', false, true],
    ['shotgun', false, false],
    ['machine_gun', false, false],
    ['receiver_frame', false, false],
    ['SEMI-AUTO PISTOL', true, false],
    ['semi-automatic rifle', false, true],
    ['nonsense', false, false],
  ])('%s: handgun %s, rifle %s', (t, hand, rifle) => {
    expect(isHandgun(t)).toBe(hand);
    expect(isRifle(t)).toBe(rifle);
  });
});
