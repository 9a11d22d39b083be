// The guns of the synthetic world: models with their makers, importers, calibers and serial formats, weights for
// lawful buyers and for traffickers, and unique serial numbers drawn without collisions.
import type { Rng } from './rng.js';

/** What traffickers favour (DOMAIN.md): AK-type and AR-type rifles, FN 5.7 pistols, .50 BMG rifles. */
export type GunClass = 'ak' | 'ar' | 'fn57' | 'bmg50' | 'super38' | 'handgun' | 'revolver' | 'rifle' | 'rimfire' | 'shotgun';

export interface GunModel {
  id: number;
  maker: string;
  importer?: string;
  country: string;
  model: string;
  type: 'pistol' | 'revolver' | 'rifle' | 'shotgun';
  caliber: string;
  action: 'semi_automatic' | 'bolt' | 'lever' | 'pump' | 'revolver';
  detachable: boolean;
  /** Calibers above .22 (.223/5.56 included) qualify under the rifle rule. */
  above22: boolean;
  price: number;
  cls: GunClass;
  /** '#' a digit, '@' a letter, anything else itself. */
  serialPattern: string;
  /** Relative popularity among lawful buyers. */
  lawful: number;
  /** Relative frequency among ordinary crime guns. */
  crime: number;
}

type Row = Omit<GunModel, 'id'>;

const m = (
  maker: string,
  importer: string | undefined,
  country: string,
  model: string,
  type: GunModel['type'],
  caliber: string,
  action: GunModel['action'],
  detachable: boolean,
  above22: boolean,
  price: number,
  cls: GunClass,
  serialPattern: string,
  lawful: number,
  crime: number,
): Row => ({ maker, ...(importer ? { importer } : {}), country, model, type, caliber, action, detachable, above22, price, cls, serialPattern, lawful, crime });

// Names are the canonical names of src/domain/makers.ts, so spelling noise can draw on its aliases.
export const MODELS: readonly GunModel[] = [
  m('Glock', 'Glock', 'AT', '19', 'pistol', '9mm Luger', 'semi_automatic', true, true, 550, 'handgun', '@@@####', 10, 10),
  m('Glock', 'Glock', 'AT', '17', 'pistol', '9mm Luger', 'semi_automatic', true, true, 550, 'handgun', '@@@####', 6, 6),
  m('Glock', 'Glock', 'AT', '22', 'pistol', '.40 S&W', 'semi_automatic', true, true, 540, 'handgun', '@@@####', 3, 4),
  m('Smith & Wesson', undefined, 'US', 'M&P9 Shield', 'pistol', '9mm Luger', 'semi_automatic', true, true, 420, 'handgun', '@@@####', 9, 8),
  m('Smith & Wesson', undefined, 'US', '686', 'revolver', '.357 Magnum', 'revolver', false, true, 850, 'revolver', '@@@####', 2, 2),
  m('Sturm Ruger', undefined, 'US', 'LCP', 'pistol', '.380 ACP', 'semi_automatic', true, true, 280, 'handgun', '37#-#######', 6, 8),
  m('Sturm Ruger', undefined, 'US', 'SR9', 'pistol', '9mm Luger', 'semi_automatic', true, true, 400, 'handgun', '33#-#######', 3, 4),
  m('Sturm Ruger', undefined, 'US', 'LCR', 'revolver', '.38 Special', 'revolver', false, true, 550, 'revolver', '54#-#######', 3, 3),
  m('SIG Sauer', undefined, 'US', 'P320', 'pistol', '9mm Luger', 'semi_automatic', true, true, 600, 'handgun', '58@#######', 6, 4),
  m('Taurus', 'Taurus', 'BR', 'G2C', 'pistol', '9mm Luger', 'semi_automatic', true, true, 250, 'handgun', '@@@######', 6, 9),
  m('Hi-Point', undefined, 'US', 'C9', 'pistol', '9mm Luger', 'semi_automatic', true, true, 180, 'handgun', 'P########', 3, 7),
  m('Springfield Armory', 'Springfield Armory', 'HR', 'XD9', 'pistol', '9mm Luger', 'semi_automatic', true, true, 480, 'handgun', 'BY########', 4, 4),
  m('Beretta', 'Beretta', 'IT', '92FS', 'pistol', '9mm Luger', 'semi_automatic', true, true, 650, 'handgun', 'BER########Z', 2, 2),
  m('Kel-Tec', undefined, 'US', 'P-3AT', 'pistol', '.380 ACP', 'semi_automatic', true, true, 260, 'handgun', '@@@####', 2, 4),
  m('Colt', undefined, 'US', 'Government Super', 'pistol', '.38 Super', 'semi_automatic', true, true, 1100, 'super38', '38SS########', 0.5, 0.6),
  m('FN Herstal', 'FN Herstal', 'BE', 'Five-seveN', 'pistol', '5.7x28mm', 'semi_automatic', true, true, 1100, 'fn57', '386########', 0.6, 0.4),
  m('Romarm', 'Century Arms', 'RO', 'WASR-10', 'rifle', '7.62x39mm', 'semi_automatic', true, true, 600, 'ak', 'RO####-####', 1.2, 0.8),
  m('Zastava', 'Century Arms', 'RS', 'PAP M70', 'rifle', '7.62x39mm', 'semi_automatic', true, true, 800, 'ak', 'M70PB########', 0.6, 0.3),
  m('Century Arms', undefined, 'US', 'VSKA', 'rifle', '7.62x39mm', 'semi_automatic', true, true, 650, 'ak', 'SV7########', 0.6, 0.3),
  m('Colt', undefined, 'US', 'LE6920', 'rifle', '5.56x45mm NATO', 'semi_automatic', true, true, 1100, 'ar', 'LE########', 1.5, 0.5),
  m('Smith & Wesson', undefined, 'US', 'M&P15', 'rifle', '5.56x45mm NATO', 'semi_automatic', true, true, 800, 'ar', '@@######', 2.5, 0.8),
  m('Bushmaster', undefined, 'US', 'XM-15', 'rifle', '.223 Remington', 'semi_automatic', true, true, 900, 'ar', 'L########', 1, 0.4),
  m('Sturm Ruger', undefined, 'US', 'AR-556', 'rifle', '5.56x45mm NATO', 'semi_automatic', true, true, 700, 'ar', '85#-#######', 2, 0.6),
  m('DPMS', undefined, 'US', 'A-15', 'rifle', '.223 Remington', 'semi_automatic', true, true, 750, 'ar', 'F########', 0.8, 0.3),
  m('Barrett', undefined, 'US', 'M82A1', 'rifle', '.50 BMG', 'semi_automatic', true, true, 9000, 'bmg50', 'AA00########', 0.05, 0.02),
  m('Barrett', undefined, 'US', 'M107A1', 'rifle', '.50 BMG', 'semi_automatic', true, true, 12000, 'bmg50', 'AE00########', 0.03, 0.01),
  m('Sturm Ruger', undefined, 'US', 'Mini-14', 'rifle', '.223 Remington', 'semi_automatic', true, true, 1000, 'rifle', '58#-#######', 1, 0.3),
  m('Sturm Ruger', undefined, 'US', '10/22', 'rifle', '.22 LR', 'semi_automatic', true, false, 300, 'rimfire', '####-#####', 4, 1),
  m('Remington', undefined, 'US', '700', 'rifle', '.308 Winchester', 'bolt', false, true, 700, 'rifle', 'RR########', 2, 0.3),
  m('Henry', undefined, 'US', 'Big Boy', 'rifle', '.44 Magnum', 'lever', false, true, 900, 'rifle', 'BB########H', 1, 0.2),
  m('Savage', undefined, 'US', 'Axis', 'rifle', '.270 Winchester', 'bolt', false, true, 400, 'rifle', 'J########', 1.5, 0.3),
  m('Mossberg', undefined, 'US', '500', 'shotgun', '12 gauge', 'pump', false, true, 450, 'shotgun', 'V########', 4, 3),
  m('Remington', undefined, 'US', '870', 'shotgun', '12 gauge', 'pump', false, true, 480, 'shotgun', 'AB########M', 3, 2),
].map((row, id) => ({ id, ...row }));

export function isHandgunModel(g: GunModel): boolean {
  return g.type === 'pistol' || g.type === 'revolver';
}

/** Semi-automatic, above .22 (incl. .223/5.56), accepting a detachable magazine: the F 3310.12 criteria. */
export function isQualifyingRifle(g: GunModel): boolean {
  return g.type === 'rifle' && g.action === 'semi_automatic' && g.above22 && g.detachable;
}

export function modelsOfClass(...classes: GunClass[]): GunModel[] {
  return MODELS.filter((g) => classes.includes(g.cls));
}

// Letters that real serials use; the confusable ones (O, I, S, B, Z, G) stay so that misreads have something to do.
// No L: matching folds both I and L to 1 (src/domain/serial.ts), so two guns differing only there would be one gun
// to Interdict, and a trace would be answered from the other gun's records. Q keeps the alphabet at 25 letters.
export const LETTERS = 'ABCDEFGHIJKMNOPQRSTUVWXYZ';

/**
 * Serial numbers without collisions: the n-th gun of a serial series gets position (offset + n * stride) mod space
 * of its pattern, a bijection over the pattern's space because stride shares no factor with it (spaces are products
 * of 10 and 25). A maker's models that share a pattern share one series (a maker does not stamp one serial on two
 * guns); per-series counters are the only state.
 */
export class SerialMint {
  private readonly series: Int32Array;
  private readonly counters: Int32Array;
  private readonly offsets: Float64Array;
  private readonly spaces: Float64Array;
  private static readonly STRIDE = 7_919 * 104_729;

  constructor(rng: Rng) {
    this.series = new Int32Array(MODELS.length);
    this.counters = new Int32Array(MODELS.length);
    this.offsets = new Float64Array(MODELS.length);
    this.spaces = new Float64Array(MODELS.length);
    const first = new Map<string, number>();
    for (const g of MODELS) {
      let space = 1;
      for (const ch of g.serialPattern) space *= ch === '#' ? 10 : ch === '@' ? LETTERS.length : 1;
      // Drawn for every model, so the offsets of the others do not move when series are shared.
      const offset = Math.floor(rng.float() * space);
      const key = `${g.maker}|${g.serialPattern}`;
      const s = first.get(key) ?? g.id;
      first.set(key, s);
      this.series[g.id] = s;
      if (s === g.id) {
        this.spaces[s] = space;
        this.offsets[s] = offset;
      }
    }
  }

  next(model: GunModel): string {
    const s = this.series[model.id];
    const n = this.counters[s]++;
    const space = this.spaces[s];
    if (n >= space) throw new Error(`serial space of ${model.maker} ${model.serialPattern} exhausted`);
    // BigInt keeps the product exact above 2^53.
    let x = Number((BigInt(this.offsets[s]) + BigInt(n) * BigInt(SerialMint.STRIDE)) % BigInt(space));
    const p = model.serialPattern;
    const out: string[] = new Array<string>(p.length);
    for (let i = p.length - 1; i >= 0; i--) {
      const ch = p[i];
      if (ch === '#') {
        out[i] = String(x % 10);
        x = Math.floor(x / 10);
      } else if (ch === '@') {
        out[i] = LETTERS[x % LETTERS.length];
        x = Math.floor(x / LETTERS.length);
      } else out[i] = ch;
    }
    return out.join('');
  }
}

/** A gun that exists in the world: its model and its true serial. */
export interface Gun {
  model: GunModel;
  serial: string;
}
