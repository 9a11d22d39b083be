/**
 * The guns favoured by trafficking networks supplying Mexican cartels (DOMAIN.md): AK-type rifles (e.g. the
 * Romanian WASR-10 imported by Century Arms), AR-type rifles, FN Five-seveN pistols and other 5.7x28mm guns,
 * and .50 BMG rifles (Barrett); also .38 Super pistols, a long-standing favourite in Mexico, where civilians may not
 * own military calibers such as 9mm. Read from what the forms carry: maker, model, caliber and type.
 */
import { normalizeCaliber } from '../../domain/calibers.js';

export type FavouredType = 'ak_type' | 'ar_type' | 'fn_57' | 'bmg_50' | 'super_38';

export const FAVOURED_LABELS: Readonly<Record<FavouredType, string>> = {
  ak_type: 'AK-type rifle',
  ar_type: 'AR-type rifle',
  fn_57: 'FN 5.7x28mm',
  bmg_50: '.50 BMG rifle',
  super_38: '.38 Super pistol',
};

export interface GunDescription {
  maker?: string | null;
  model?: string | null;
  caliber?: string | null;
  type?: string | null;
}

const AK_MODEL = /\b(AK|AKM|AKS|AK ?47|AK ?74|WASR|WASR ?10|WASR ?3|SAR ?1|SAR ?2|SAR ?3|MAK ?90|MAK90|DRACO|MINI DRACO|ROMAK|VEPR|SAIGA|M70|PAP ?M70|ZPAP|NPAP|GP ?WASR|MISR|PSL|RAS47|VSKA|AK ?103|AK ?104|SLR ?95|SLR ?106|NHM ?90|NHM ?91|MAADI|ARM|MISR|TANTAL|HUNGARIAN AMD)\b/;
const AR_MODEL = /\b(AR ?15|AR ?10|M4|M4A1|M16|M 4|CAR ?15|M&P ?15|MP ?15|MP15|SPORT ?II|SPORT ?III|XM ?15|XM15|ORC|LE6920|6920|SAINT|MSR|DPMS|OGRE|TAC ?15|LR ?308|RECON|PATROLMAN|SP1|SP ?6920|BCM|RECCE|MK ?18|MK18)\b/;
const FN57_MODEL = /\b(FIVE ?SEVEN|FIVE-SEVEN|FIVESEVEN|57|5 ?7|PS ?90|P90|PS90|RUGER 57)\b/;
const BMG_MODEL = /\b(M82|M82A1|M107|M107A1|M95|M99|BARRETT|50 ?BMG|TAC ?50|RAI ?500|AR ?50|BFG ?50)\b/;

function up(s: string | null | undefined): string {
  return (s ?? '').toUpperCase().replace(/[-_./]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function family(caliber: string | null | undefined): string | null {
  if (!caliber) return null;
  return normalizeCaliber(caliber).family;
}

/**
 * The favoured type of a gun, or null. Calibers decide where they are unambiguous (.50 BMG, 5.7x28); the AK and
 * AR families are read from the model, helped by the caliber (7.62x39 and 5.56x45 rifles).
 */
export function favouredType(g: GunDescription): FavouredType | null {
  const fam = family(g.caliber);
  const model = up(g.model);
  const maker = up(g.maker);
  const type = (g.type ?? '').toLowerCase();
  const isLong = type === '' || type === 'rifle' || type === 'receiver_frame' || type === 'unknown';
  if (fam === '.50 BMG' || (maker.includes('BARRETT') && /\b(M82|M107|M95|M99|82A1)\b/.test(model))) return 'bmg_50';
  if (fam === '5.7x28') return 'fn_57';
  if (/^\.?38 ?SUPER|38 ?SUPER/.test(up(g.caliber)) || /\bSUPER ?38\b/.test(model)) return 'super_38';
  if (maker.startsWith('FN') && FN57_MODEL.test(model)) return 'fn_57';
  if (BMG_MODEL.test(model) && (fam === null || fam === '.50 BMG')) return 'bmg_50';
  if (isLong && AK_MODEL.test(model)) return 'ak_type';
  if (isLong && fam === '7.62x39' && !/\bSKS\b/.test(model)) return 'ak_type';
  if (isLong && AR_MODEL.test(model)) return 'ar_type';
  if (type === 'rifle' && fam === '5.56x45' && !/\b(MINI ?14|BOLT|700|AXIS|AMERICAN)\b/.test(model)) return 'ar_type';
  return null;
}

/** A key under which repeat purchases of "the same model" are counted: maker and model, folded. */
export function modelKey(g: GunDescription): string {
  const model = up(g.model).replace(/\s+/g, '');
  if (!model) return '';
  return `${up(g.maker).replace(/\s+/g, '')}|${model}`;
}
