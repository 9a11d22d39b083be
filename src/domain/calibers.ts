/**
 * Calibers (cartridge designations) with their aliases, grouped in families of interchangeable or equivalent
 * cartridges (.223 Remington and 5.56x45mm NATO; .308 Winchester and 7.62x51mm NATO; 9mm Luger and 9x19mm).
 *
 * `nominalInches` is the caliber as its name states it (.223 -> 0.223; metric names converted from mm; shotgun
 * gauges as their bore diameter). It is what the F 3310.12 rule "caliber greater than .22" is checked against,
 * with the one exception ATF's demand letter spells out: .223/5.56 counts as greater than .22, so the 5.56x45
 * family carries 0.223 although 5.56 mm is 0.219 in. Literal consequences worth knowing (see ADR 0002): .22-250
 * and .22 Hornet are .22 (not greater); 5.45x39 (0.215 in) is not greater; 5.7x28 (0.224 in) is greater.
 */
import { err, ok, type Result } from './result.js';
import { foldAccents } from './text.js';

export type CaliberClass = 'rimfire' | 'handgun' | 'rifle' | 'shotgun';

export interface CaliberEntry {
  readonly canonical: string;
  /** Shared by cartridges that are the same for matching and rules (e.g. '5.56x45'). */
  readonly family: string;
  readonly nominalInches: number;
  readonly class: CaliberClass;
  readonly aliases: readonly string[];
}

const mm = (x: number): number => Math.round((x / 25.4) * 10_000) / 10_000;

export const CALIBERS: readonly CaliberEntry[] = [
  { canonical: '.22 LR', family: '.22 rimfire', nominalInches: 0.22, class: 'rimfire', aliases: ['22', '.22', '22LR', '.22 Long Rifle', '22 long rifle', '.22 L.R.', '22 RF', '.22 rimfire', '.22 cal'] },
  { canonical: '.22 Short', family: '.22 rimfire', nominalInches: 0.22, class: 'rimfire', aliases: ['22 short', '.22 S'] },
  { canonical: '.22 WMR', family: '.22 WMR', nominalInches: 0.22, class: 'rimfire', aliases: ['22 WMR', '.22 Magnum', '22 Mag', '.22 Win Mag', '.22 Winchester Magnum Rimfire'] },
  { canonical: '.17 HMR', family: '.17 HMR', nominalInches: 0.17, class: 'rimfire', aliases: ['17 HMR', '.17', '.17 Hornady Magnum Rimfire'] },
  { canonical: '.22 Hornet', family: '.22 Hornet', nominalInches: 0.22, class: 'rifle', aliases: ['22 Hornet'] },
  { canonical: '.22-250 Remington', family: '.22-250', nominalInches: 0.22, class: 'rifle', aliases: ['22-250', '.22-250 Rem', '22-250 Rem'] },
  { canonical: '.223 Remington', family: '5.56x45', nominalInches: 0.223, class: 'rifle', aliases: ['.223', '223', '223 Rem', '.223 Rem', '223 Remington', '.223 Wylde', '223/556', '.223/5.56'] },
  { canonical: '5.56x45mm NATO', family: '5.56x45', nominalInches: 0.223, class: 'rifle', aliases: ['5.56', '5.56mm', '556', '5.56 NATO', '5.56x45', '5.56x45mm', '5.56/.223', '556/223'] },
  { canonical: '.224 Valkyrie', family: '.224 Valkyrie', nominalInches: 0.224, class: 'rifle', aliases: ['224 Valkyrie', '.224 Valk'] },
  { canonical: '5.45x39mm', family: '5.45x39', nominalInches: mm(5.45), class: 'rifle', aliases: ['5.45x39', '545x39', '5.45', '5.45 Soviet'] },
  { canonical: '5.7x28mm', family: '5.7x28', nominalInches: mm(5.7), class: 'handgun', aliases: ['5.7x28', '5.7mm', '5.7', '57', 'FN 5.7', '5.7 FN', '5.7x28mm FN', '5.7 x 28'] },
  { canonical: '6.5 Creedmoor', family: '6.5 Creedmoor', nominalInches: mm(6.5), class: 'rifle', aliases: ['6.5 CM', '6.5CM', '6.5 Creed', '6.5mm Creedmoor'] },
  { canonical: '.243 Winchester', family: '.243 Win', nominalInches: 0.243, class: 'rifle', aliases: ['243', '.243', '.243 Win', '243 Win'] },
  { canonical: '.270 Winchester', family: '.270 Win', nominalInches: 0.27, class: 'rifle', aliases: ['270', '.270', '.270 Win', '270 Win'] },
  { canonical: '.30-06 Springfield', family: '.30-06', nominalInches: 0.3, class: 'rifle', aliases: ['30-06', '.30-06', '30-06 Sprg', '.30-06 Sprg', '3006', '7.62x63'] },
  { canonical: '.30-30 Winchester', family: '.30-30', nominalInches: 0.3, class: 'rifle', aliases: ['30-30', '.30-30', '30-30 Win', '30 WCF'] },
  { canonical: '.300 AAC Blackout', family: '.300 Blackout', nominalInches: 0.3, class: 'rifle', aliases: ['300 Blackout', '.300 BLK', '300 BLK', '300BO', '300 AAC', '7.62x35'] },
  { canonical: '.300 Winchester Magnum', family: '.300 Win Mag', nominalInches: 0.3, class: 'rifle', aliases: ['300 Win Mag', '.300 Win Mag', '300 WM'] },
  { canonical: '7.62x39mm', family: '7.62x39', nominalInches: mm(7.62), class: 'rifle', aliases: ['7.62x39', '762x39', '7.62 x 39', '7.62x39 Soviet', '7.62 Soviet', '7.62x39mm Russian', '7,62x39'] },
  { canonical: '7.62x51mm NATO', family: '7.62x51', nominalInches: mm(7.62), class: 'rifle', aliases: ['7.62x51', '7.62 NATO', '762 NATO', '7.62x51mm'] },
  { canonical: '.308 Winchester', family: '7.62x51', nominalInches: 0.308, class: 'rifle', aliases: ['308', '.308', '.308 Win', '308 Win', '308 Winchester'] },
  { canonical: '7.62x54mmR', family: '7.62x54R', nominalInches: mm(7.62), class: 'rifle', aliases: ['7.62x54R', '7.62x54', '762x54r', '7.62x54 R', '7.62 Russian'] },
  { canonical: '.338 Lapua Magnum', family: '.338 Lapua', nominalInches: 0.338, class: 'rifle', aliases: ['338 Lapua', '.338 LM', '338 LM'] },
  { canonical: '.45-70 Government', family: '.45-70', nominalInches: 0.45, class: 'rifle', aliases: ['45-70', '.45-70', '45-70 Govt', '.45-70 Govt'] },
  { canonical: '.50 BMG', family: '.50 BMG', nominalInches: 0.5, class: 'rifle', aliases: ['50 BMG', '.50', '50', '50 cal', '.50 cal', '.50 caliber', '12.7x99', '12.7x99mm NATO', '50 Browning', '.50 Browning Machine Gun'] },
  { canonical: '.50 Action Express', family: '.50 AE', nominalInches: 0.5, class: 'handgun', aliases: ['50 AE', '.50 AE'] },
  { canonical: '9mm Luger', family: '9x19', nominalInches: mm(9), class: 'handgun', aliases: ['9mm', '9', '9x19', '9x19mm', '9mm Parabellum', '9mm Para', '9 Para', '9mm NATO', '9x19mm NATO', '9mm Luger +P'] },
  { canonical: '.380 ACP', family: '.380 ACP', nominalInches: 0.38, class: 'handgun', aliases: ['380', '.380', '380 Auto', '.380 Auto', '9mm Kurz', '9x17', '9mm Short', '9mm Browning Short'] },
  { canonical: '9x18mm Makarov', family: '9x18 Makarov', nominalInches: mm(9), class: 'handgun', aliases: ['9x18', '9mm Makarov', '9x18 Makarov', '9mm Mak'] },
  { canonical: '.45 ACP', family: '.45 ACP', nominalInches: 0.45, class: 'handgun', aliases: ['45', '.45', '45 ACP', '.45 Auto', '45 Auto', '.45 cal', '11.43x23'] },
  { canonical: '.40 S&W', family: '.40 S&W', nominalInches: 0.4, class: 'handgun', aliases: ['40', '.40', '40 S&W', '.40 Smith & Wesson', '40SW', '.40 cal', '40 Smith and Wesson'] },
  { canonical: '10mm Auto', family: '10mm Auto', nominalInches: mm(10), class: 'handgun', aliases: ['10mm', '10', '10 mm Auto', '10mm Automatic'] },
  { canonical: '.38 Special', family: '.38 Special', nominalInches: 0.38, class: 'handgun', aliases: ['38', '.38', '38 Spl', '.38 Spl', '38 Special', '.38 Spec', '.38 S&W Special'] },
  { canonical: '.357 Magnum', family: '.357 Magnum', nominalInches: 0.357, class: 'handgun', aliases: ['357', '.357', '357 Mag', '.357 Mag', '357 Magnum'] },
  { canonical: '.357 SIG', family: '.357 SIG', nominalInches: 0.357, class: 'handgun', aliases: ['357 SIG', '.357 Sig Sauer'] },
  { canonical: '.44 Magnum', family: '.44 Magnum', nominalInches: 0.44, class: 'handgun', aliases: ['44', '.44', '44 Mag', '.44 Mag', '.44 Rem Mag', '44 Remington Magnum'] },
  { canonical: '.44 Special', family: '.44 Special', nominalInches: 0.44, class: 'handgun', aliases: ['44 Spl', '.44 Spl', '44 Special'] },
  { canonical: '.45 Colt', family: '.45 Colt', nominalInches: 0.45, class: 'handgun', aliases: ['45 Colt', '45 LC', '.45 LC', '45 Long Colt', '.45 Long Colt'] },
  { canonical: '.25 ACP', family: '.25 ACP', nominalInches: 0.25, class: 'handgun', aliases: ['25', '.25', '25 Auto', '.25 Auto', '6.35mm', '6.35 Browning'] },
  { canonical: '.32 ACP', family: '.32 ACP', nominalInches: 0.32, class: 'handgun', aliases: ['32', '.32', '32 Auto', '.32 Auto', '7.65mm', '7.65 Browning'] },
  { canonical: '7.62x25mm Tokarev', family: '7.62x25', nominalInches: mm(7.62), class: 'handgun', aliases: ['7.62x25', '7.62 Tokarev', '7.62 Tok', '762x25'] },
  { canonical: '.410 bore', family: '.410 bore', nominalInches: 0.41, class: 'shotgun', aliases: ['410', '.410', '410 ga', '.410 gauge', '410 bore'] },
  { canonical: '12 gauge', family: '12 gauge', nominalInches: 0.729, class: 'shotgun', aliases: ['12 ga', '12ga', '12g', '12 gauge', '12', '12 GA.'] },
  { canonical: '16 gauge', family: '16 gauge', nominalInches: 0.662, class: 'shotgun', aliases: ['16 ga', '16ga', '16'] },
  { canonical: '20 gauge', family: '20 gauge', nominalInches: 0.615, class: 'shotgun', aliases: ['20 ga', '20ga', '20g', '20'] },
  { canonical: '28 gauge', family: '28 gauge', nominalInches: 0.55, class: 'shotgun', aliases: ['28 ga', '28ga', '28'] },
];

/**
 * Comparison key: upper case, decimal comma read as a point, the words caliber/cal/cartridge and 'mm' and '+P'
 * dropped, gauge spellings unified to GA, then spaces, dots, hyphens and slashes squeezed out.
 * So '7,62 x 39mm', '7.62X39' and '762x39' share one key.
 */
export function caliberKey(raw: string): string {
  return foldAccents(raw)
    .toUpperCase()
    .replace(/×/g, 'X')
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/\b(CALIBER|CALIBRE|CAL|CARTRIDGE|CTG)\b\.?/g, ' ')
    .replace(/\+P+/g, ' ')
    .replace(/^\s*0\./, '.')
    .replace(/(\d)\s*(GAUGE|GA|G)\b\.?/g, '$1GA')
    .replace(/(\d)\s*MM\b/g, '$1')
    .replace(/[^A-Z0-9]+/g, '');
}

const INDEX = new Map<string, CaliberEntry>();
for (const entry of CALIBERS) {
  for (const name of [entry.canonical, ...entry.aliases]) {
    const key = caliberKey(name);
    const existing = INDEX.get(key);
    if (existing && existing !== entry) {
      // A programming error in the table above, caught by the tests at import time.
      throw new Error(`caliber key ${key} is claimed by ${existing.canonical} and ${entry.canonical}`);
    }
    INDEX.set(key, entry);
  }
}

export interface NormalizedCaliber {
  readonly canonical: string;
  readonly family: string | null;
  readonly known: boolean;
  readonly raw: string;
  readonly entry?: CaliberEntry;
}

/** Maps a caliber as written to its canonical name; "223/5.56" style inputs resolve when the parts agree on a family. */
export function normalizeCaliber(raw: string): NormalizedCaliber {
  const tidy = raw.trim().replace(/\s+/g, ' ');
  const found = INDEX.get(caliberKey(tidy));
  if (found) return { canonical: found.canonical, family: found.family, known: true, raw, entry: found };
  const parts = tidy.split(/\s*(?:\/|\bor\b|\()\s*/i).map((p) => p.replace(/\)/g, '').trim()).filter((p) => p !== '');
  if (parts.length > 1) {
    const entries = parts.map((p) => INDEX.get(caliberKey(p))).filter((e): e is CaliberEntry => e !== undefined);
    const families = new Set(entries.map((e) => e.family));
    if (entries.length > 0 && families.size === 1) {
      return { canonical: entries[0].canonical, family: entries[0].family, known: true, raw, entry: entries[0] };
    }
  }
  return { canonical: tidy, family: null, known: false, raw };
}

export function sameCaliberFamily(a: string, b: string): boolean {
  const x = normalizeCaliber(a);
  const y = normalizeCaliber(b);
  return x.known && y.known && x.family === y.family;
}

/**
 * The F 3310.12 caliber criterion. An unknown caliber gets a reason instead of a guess, so that a caller can
 * show the sale as undetermined rather than silently not reportable.
 */
export function caliberGreaterThan22(caliber: string | CaliberEntry): Result<boolean> {
  const entry = typeof caliber === 'string' ? normalizeCaliber(caliber).entry : caliber;
  if (!entry) return err(`caliber "${String(caliber)}" is not known; cannot tell whether it is greater than .22`);
  return ok(entry.nominalInches > 0.2205);
}
