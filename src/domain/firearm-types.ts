/**
 * Firearm types as written on trace requests and multiple-sale forms ("SEMI-AUTO PISTOL", "RV", "Lower receiver"),
 * reduced to a short list, with the action when the text says it (the F 3310.12 rule needs semi-automatic).
 */
import { err, ok, type Result } from './result.js';
import { simplifyText } from './text.js';

export const FIREARM_TYPES = [
  'pistol', 'revolver', 'rifle', 'shotgun', 'derringer', 'machine_gun', 'receiver_frame', 'other',
] as const;
export type FirearmType = (typeof FIREARM_TYPES)[number];

export const FIREARM_ACTIONS = ['semi_automatic', 'automatic', 'bolt', 'lever', 'pump', 'break', 'single_shot'] as const;
export type FirearmAction = (typeof FIREARM_ACTIONS)[number];

export interface NormalizedFirearmType {
  readonly type: FirearmType;
  readonly action?: FirearmAction;
  /**
   * True when the text did not say which type exactly ("handgun" becomes pistol). No rule depends on the choice:
   * F 3310.4 treats pistols and revolvers alike.
   */
  readonly approximate: boolean;
}

// Checked in order: the more specific phrase first (a "machine pistol" is a machine gun; a "lower receiver" of
// a rifle is a receiver). Each pattern runs on simplified text (upper case, single spaces, no punctuation).
const TYPE_PATTERNS: readonly (readonly [FirearmType, RegExp, boolean?])[] = [
  ['machine_gun', /\b(MACHINE ?GUNS?|SUB ?MACHINE ?GUNS?|SMG|MG|MACHINE PISTOL|FULLY? AUTO(MATIC)? (RIFLE|PISTOL)|(?<!SEMI )AUTOMATIC RIFLE)\b/],
  ['receiver_frame', /\b(RECEIVERS?|RCVR|RECVR|RECV|REC|FRAMES?|FR|LOWERS?)\b/],
  ['derringer', /\b(DERRINGERS?|DERR?|DR)\b/],
  ['revolver', /\b(REVOLVERS?|REV|RV)\b/],
  ['shotgun', /\b(SHOT ?GUNS?|SHTGN|SG|SBS)\b/],
  ['rifle', /\b(RIFLES?|RIF|RI|CARBINES?|SBR)\b/],
  ['pistol', /\b(PISTOLS?|PIST|PI|PSTL)\b/],
  ['pistol', /\b(HAND ?GUNS?|HG)\b/, true],
  ['other', /\b(OTHER|AOW|ANY OTHER WEAPON|COMBINATION GUN|FLARE GUN|ZIP GUN|PEN GUN)\b/],
];

const ACTION_PATTERNS: readonly (readonly [FirearmAction, RegExp])[] = [
  ['semi_automatic', /\b(SEMI ?AUTO(MATIC)?|SEMI|SEMIAUTO|S A R|SAR)\b/],
  ['automatic', /\b(FULL ?AUTO(MATIC)?|AUTOMATIC|AUTO|SELECT ?FIRE)\b/],
  ['bolt', /\bBOLT( ACTION)?\b/],
  ['lever', /\bLEVER( ACTION)?\b/],
  ['pump', /\b(PUMP|SLIDE ACTION)\b/],
  ['break', /\b(BREAK ?(ACTION|OPEN)|DOUBLE BARREL|OVER UNDER|SIDE BY SIDE)\b/],
  ['single_shot', /\bSINGLE ?SHOT\b/],
];

export function isFirearmType(x: string): x is FirearmType {
  return (FIREARM_TYPES as readonly string[]).includes(x);
}

/** Reads a type as written; text that names no known type gets a reason. */
export function normalizeFirearmType(raw: string): Result<NormalizedFirearmType> {
  const text = simplifyText(raw).replace(/_/g, ' ');
  if (text === '') return err('firearm type is empty');
  const asCode = text.toLowerCase().replace(/ /g, '_');
  const hit: readonly [FirearmType, RegExp?, boolean?] | undefined = isFirearmType(asCode)
    ? [asCode]
    : TYPE_PATTERNS.find(([, re]) => re.test(text));
  if (!hit) return err(`"${raw.trim()}" is not a known firearm type`);
  const [type, , approximate] = hit;
  // "Automatic" alone on a pistol usually means a semi-automatic pistol ("auto pistol"); only machine guns are automatic.
  let action = ACTION_PATTERNS.find(([, re]) => re.test(text))?.[0];
  if (action === 'automatic' && type !== 'machine_gun') action = 'semi_automatic';
  if (action === undefined && type === 'machine_gun') action = 'automatic';
  return ok({ type, ...(action ? { action } : {}), approximate: approximate ?? false });
}

function typeOf(t: FirearmType | string): FirearmType | null {
  if (isFirearmType(t)) return t;
  const r = normalizeFirearmType(t);
  return r.ok ? r.value.type : null;
}

/** Pistols, revolvers and derringers (a derringer is a pistol in law): the guns F 3310.4 counts. */
export function isHandgun(t: FirearmType | string): boolean {
  const type = typeOf(t);
  return type === 'pistol' || type === 'revolver' || type === 'derringer';
}

export function isRifle(t: FirearmType | string): boolean {
  return typeOf(t) === 'rifle';
}
