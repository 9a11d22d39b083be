// A small generator of synthetic people and their noisy records, with the truth. Names are drawn
// from common-name lists and from syllables, so no record describes a real person. Families share
// surname, address and phone; records carry the noise of hand-written forms.
import type { PersonInput } from './types.js';
import { mulberry32 } from './random.js';

const MALE_ES = 'JOSÉ JUAN LUIS CARLOS JESÚS MIGUEL FRANCISCO ANTONIO ALEJANDRO PEDRO MANUEL RICARDO JORGE FERNANDO RAFAEL ROBERTO EDUARDO JAVIER SERGIO ARTURO GUILLERMO IGNACIO ENRIQUE SALVADOR RAMÓN ALFONSO ALBERTO GUSTAVO HÉCTOR ÓSCAR RAÚL MARIO DANIEL DAVID JOAQUÍN RODRIGO ERNESTO ARMANDO VÍCTOR SANTIAGO'.split(' ');
const FEMALE_ES = 'MARÍA GUADALUPE ROSA ANA JUANA VERÓNICA PATRICIA ELIZABETH LETICIA GABRIELA ALEJANDRA ADRIANA MARTHA LAURA SILVIA CLAUDIA TERESA DOLORES ROSARIO CONCEPCIÓN CONSUELO GRACIELA MERCEDES ESPERANZA SOCORRO YOLANDA LUCÍA SOFÍA DANIELA FERNANDA ISABEL CARMEN ELENA BEATRIZ NORMA IRMA ALICIA LORENA MÓNICA'.split(' ');
const MALE_EN = 'JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL MATTHEW ANTHONY DONALD STEVEN ANDREW KENNETH JOSHUA KEVIN BRIAN GEORGE TIMOTHY RONALD EDWARD JASON JEFFREY RYAN JACOB GARY NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN SCOTT BRANDON BENJAMIN SAMUEL'.split(' ');
const FEMALE_EN = 'MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA DOROTHY MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA KATHLEEN AMY ANGELA SHIRLEY ANNA BRENDA PAMELA EMMA NICOLE HELEN'.split(' ');
const SUR_ES = 'GARCÍA HERNÁNDEZ MARTÍNEZ LÓPEZ GONZÁLEZ RODRÍGUEZ PÉREZ SÁNCHEZ RAMÍREZ CRUZ FLORES GÓMEZ MORALES VÁZQUEZ REYES JIMÉNEZ TORRES DÍAZ GUTIÉRREZ RUIZ MENDOZA AGUILAR ORTIZ MORENO CASTILLO ROMERO ÁLVAREZ MÉNDEZ CHÁVEZ RIVERA JUÁREZ RAMOS DOMÍNGUEZ HERRERA MEDINA CASTRO VARGAS GUZMÁN VELÁZQUEZ MUÑOZ ROJAS CONTRERAS SALAZAR LUNA ORTEGA SANTIAGO GUERRERO ESTRADA BAUTISTA CORTÉS SOTO ALVARADO ESPINOZA LARA ÁVILA RÍOS CERVANTES SILVA DELGADO VEGA MÁRQUEZ SANDOVAL FERNÁNDEZ LEÓN CARRILLO MEJÍA SOLÍS NÚÑEZ ROSAS VALDEZ IBARRA CAMPOS DE_LA_CRUZ DEL_ÁNGEL DE_LEÓN'.split(' ').map((s) => s.replace(/_/g, ' '));
const SUR_EN = 'SMITH JOHNSON WILLIAMS BROWN JONES MILLER DAVIS WILSON ANDERSON TAYLOR THOMAS MOORE MARTIN JACKSON THOMPSON WHITE HARRIS CLARK LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT HILL GREEN ADAMS BAKER NELSON CARTER MITCHELL ROBERTS TURNER PHILLIPS CAMPBELL PARKER EVANS EDWARDS COLLINS STEWART MORRIS MURPHY COOK ROGERS'.split(' ');
const SYL = 'KA LO MI RA TE SU NO VA DE RI ZO BE LU TA MO GA NE SI PO DU WO JCIE CHOW SKI BER TRAN MAL DON VIL LAR OR TEG QUI';
const SYLS = SYL.split(' ');
const NICK: Record<string, string[]> = {
  WILLIAM: ['BILL', 'WILL'], ROBERT: ['BOB', 'ROB'], RICHARD: ['RICK', 'DICK'], JAMES: ['JIM', 'JIMMY'], JOSEPH: ['JOE'],
  THOMAS: ['TOM'], CHARLES: ['CHARLIE', 'CHUCK'], MICHAEL: ['MIKE'], DANIEL: ['DAN', 'DANNY'], ELIZABETH: ['LIZ', 'BETH'],
  MARGARET: ['PEGGY', 'MAGGIE'], PATRICIA: ['PATTY', 'TRISH'], JENNIFER: ['JEN', 'JENNY'], 'JOSÉ': ['PEPE'], FRANCISCO: ['PACO', 'PANCHO'],
  GUADALUPE: ['LUPE'], 'JESÚS': ['CHUY'], GUILLERMO: ['MEMO'], IGNACIO: ['NACHO'], ENRIQUE: ['QUIQUE'], EDUARDO: ['LALO'],
  ROSARIO: ['CHAYO'], SALVADOR: ['CHAVA'], DOLORES: ['LOLA'], ALEJANDRO: ['ALEX'], ANTONIO: ['TOÑO', 'TONY'], 'CONCEPCIÓN': ['CONCHA'],
};
const STREETS = 'MAIN OAK PINE MAPLE CEDAR ELM WASHINGTON LAKE HILL PARK VIEW SUNSET RIVERSIDE MESA DESERT CACTUS SAGUARO ROOSEVELT LINCOLN JACKSON BUCKEYE INDIAN_SCHOOL CAMELBACK THUNDERBIRD BELL UNION GRANT MISSION ALAMEDA JUÁREZ HIDALGO MORELOS ZARAGOZA INDEPENDENCIA REFORMA'.split(' ').map((s) => s.replace(/_/g, ' '));
const TYPES: [string, string][] = [['STREET', 'ST'], ['AVENUE', 'AVE'], ['ROAD', 'RD'], ['DRIVE', 'DR'], ['BOULEVARD', 'BLVD'], ['LANE', 'LN']];
const CITIES: [string, string, string][] = [['PHOENIX', 'AZ', '850'], ['TUCSON', 'AZ', '857'], ['EL PASO', 'TX', '799'], ['SAN ANTONIO', 'TX', '782'], ['HOUSTON', 'TX', '770'], ['LAREDO', 'TX', '780'], ['LOS ANGELES', 'CA', '900'], ['SAN DIEGO', 'CA', '921'], ['ALBUQUERQUE', 'NM', '871'], ['LAS CRUCES', 'NM', '880'], ['DALLAS', 'TX', '752'], ['MESA', 'AZ', '852']];

export interface NoiseRates {
  typo: number;
  nickname: number;
  swapNames: number;
  dropMaternal: number;
  dropPaternal: number;
  swapSurnames: number;
  dobTranspose: number;
  dobDayMonth: number;
  dobDigit: number;
  dobMissing: number;
  moved: number;
  phoneMissing: number;
  idMissing: number;
  idTypo: number;
}

export const DEFAULT_NOISE: NoiseRates = {
  typo: 0.08,
  nickname: 0.1,
  swapNames: 0.02,
  dropMaternal: 0.25,
  dropPaternal: 0.03,
  swapSurnames: 0.03,
  dobTranspose: 0.03,
  dobDayMonth: 0.03,
  dobDigit: 0.03,
  dobMissing: 0.05,
  moved: 0.1,
  phoneMissing: 0.3,
  idMissing: 0.5,
  idTypo: 0.03,
};

interface Person {
  given: string;
  middle: string;
  paternal: string;
  maternal: string;
  sex: 'M' | 'F';
  dob: [number, number, number];
  hispanic: boolean;
  num: number;
  street: string;
  type: number;
  city: number;
  zip: string;
  phone: string;
  idn: string;
  email: string;
}

export interface GeneratedRecord extends PersonInput {
  /** Noise applied to the names, for reporting Hispanic-name noise separately. */
  hispanicNoise: boolean;
}

export interface Generated {
  records: GeneratedRecord[];
  truth: string[];
}

export function generatePeople(nRecords: number, seed = 1, noise: NoiseRates = DEFAULT_NOISE): Generated {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  // Zipf-like weights: the first names of each list are far more common, like GARCIA or SMITH.
  const zipf = <T>(a: readonly T[]): T => a[Math.min(a.length - 1, Math.floor(a.length * Math.pow(rnd(), 2.2)))];
  const rareSurname = (): string => {
    const k = 2 + Math.floor(rnd() * 3);
    let s = '';
    for (let i = 0; i < k; i++) s += pick(SYLS);
    return s;
  };
  const surnameFor = (hisp: boolean): string => (rnd() < 0.35 ? rareSurname() : hisp ? zipf(SUR_ES) : zipf(SUR_EN));
  const digitsN = (n: number): string => {
    let s = String(1 + Math.floor(rnd() * 9));
    for (let i = 1; i < n; i++) s += String(Math.floor(rnd() * 10));
    return s;
  };
  const newPerson = (base?: Person, role?: 'child' | 'spouse'): Person => {
    const sex = rnd() < 0.5 ? 'M' : 'F';
    const hisp = base ? base.hispanic : rnd() < 0.6;
    const given = hisp ? zipf(sex === 'M' ? MALE_ES : FEMALE_ES) : zipf(sex === 'M' ? MALE_EN : FEMALE_EN);
    const middle = rnd() < 0.25 ? (hisp ? zipf(sex === 'M' ? MALE_ES : FEMALE_ES) : zipf(sex === 'M' ? MALE_EN : FEMALE_EN)) : '';
    const y0 = base ? (role === 'child' ? base.dob[0] + 20 + Math.floor(rnd() * 15) : base.dob[0] - 5 + Math.floor(rnd() * 10)) : 1945 + Math.floor(rnd() * 60);
    const dob: [number, number, number] = [Math.min(y0, 2006), 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)];
    const paternal = base && role === 'child' ? base.paternal : surnameFor(hisp);
    const maternal = hisp ? (base && role === 'child' ? (base.maternal ? surnameFor(true) : '') : surnameFor(true)) : '';
    const c = base ? base.city : Math.floor(rnd() * CITIES.length);
    return {
      given,
      middle: given === middle ? '' : middle,
      paternal,
      maternal: maternal === paternal ? '' : maternal,
      sex,
      dob,
      hispanic: hisp,
      num: base ? base.num : 1 + Math.floor(rnd() * 9999),
      street: base ? base.street : pick(STREETS),
      type: base ? base.type : Math.floor(rnd() * TYPES.length),
      city: c,
      zip: base ? base.zip : CITIES[c][2] + String(Math.floor(rnd() * 100)).padStart(2, '0'),
      phone: base && rnd() < 0.8 ? base.phone : digitsN(10),
      idn: digitsN(9),
      email: rnd() < 0.5 ? `${given.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')}.${paternal.toLowerCase().replace(/[^a-z]/g, '')}${Math.floor(rnd() * 100)}@example.com` : '',
    };
  };
  const typo = (s: string): string => {
    if (s.length < 3) return s;
    const k = 1 + Math.floor(rnd() * (s.length - 2));
    const r = rnd();
    if (r < 0.33) return s.slice(0, k) + s[k + 1] + s[k] + s.slice(k + 2); // transposition
    if (r < 0.66) return s.slice(0, k) + s.slice(k + 1); // deletion
    return s.slice(0, k) + String.fromCharCode(65 + Math.floor(rnd() * 26)) + s.slice(k + 1); // substitution
  };
  const records: GeneratedRecord[] = [];
  const truth: string[] = [];
  let pid = 0;
  const emit = (p: Person, k: number, personId: string): void => {
    for (let c = 0; c < k && records.length < nRecords; c++) {
      const first = c === 0;
      let given = p.given;
      let pat = p.paternal;
      let mat = p.maternal;
      let hispNoise = false;
      const n = (rate: number): boolean => !first && rnd() < rate;
      if (n(noise.nickname) && NICK[given]) given = pick(NICK[given]);
      if (n(noise.typo)) given = typo(given);
      if (n(noise.typo)) pat = typo(pat);
      if (mat) {
        if (n(noise.dropMaternal)) {
          mat = '';
          hispNoise = true;
        } else if (n(noise.dropPaternal)) {
          pat = mat;
          mat = '';
          hispNoise = true;
        } else if (n(noise.swapSurnames)) {
          [pat, mat] = [mat, pat];
          hispNoise = true;
        }
      }
      if (n(noise.swapNames)) [given, pat] = [pat, given];
      const y = p.dob[0];
      let [, m, d] = p.dob;
      let dob = '';
      if (!n(noise.dobMissing)) {
        if (n(noise.dobDayMonth) && d <= 12) [m, d] = [d, m];
        let s = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
        if (n(noise.dobTranspose)) {
          const k2 = 2 + Math.floor(rnd() * 5);
          s = s.slice(0, k2) + s[k2 + 1] + s[k2] + s.slice(k2 + 2);
        } else if (n(noise.dobDigit)) {
          const k2 = 3 + Math.floor(rnd() * 5);
          s = s.slice(0, k2) + String(Math.floor(rnd() * 10)) + s.slice(k2 + 1);
        }
        dob = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
      }
      const moved = n(noise.moved);
      const [cityName, st] = CITIES[moved ? Math.floor(rnd() * CITIES.length) : p.city];
      const t = TYPES[p.type];
      records.push({
        id: `r${records.length}`,
        given_name: rnd() < 0.1 ? given.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : given,
        middle_name: rnd() < 0.5 ? p.middle : '',
        surname: pat,
        maternal_surname: mat,
        dob,
        sex: rnd() < 0.9 ? p.sex : '',
        street_number: moved ? String(1 + Math.floor(rnd() * 9999)) : String(p.num),
        street: moved ? `${pick(STREETS)} ${pick(TYPES)[0]}` : `${p.street} ${rnd() < 0.5 ? t[0] : t[1]}`,
        city: cityName,
        state: st,
        postcode: moved ? CITIES[Math.floor(rnd() * CITIES.length)][2] + '00' : p.zip,
        id_number: n(noise.idMissing) || (first && rnd() < 0.3) ? '' : n(noise.idTypo) ? typo(p.idn) : p.idn,
        phone: n(noise.phoneMissing) ? '' : p.phone,
        email: n(0.5) ? '' : p.email,
        hispanicNoise: hispNoise,
      });
      truth.push(personId);
    }
  };
  const recordsPer = (): number => {
    const r = rnd();
    return r < 0.4 ? 1 : r < 0.7 ? 2 : r < 0.9 ? 3 : 4;
  };
  while (records.length < nRecords) {
    const head = newPerson();
    emit(head, recordsPer(), `p${pid++}`);
    // A third of people live with family who share surname, address and phone.
    if (rnd() < 0.33) {
      const spouse = newPerson(head, 'spouse');
      spouse.paternal = rnd() < 0.3 ? head.paternal : spouse.paternal;
      emit(spouse, recordsPer(), `p${pid++}`);
      const kids = Math.floor(rnd() * 4);
      for (let c = 0; c < kids; c++) emit(newPerson(head, 'child'), recordsPer(), `p${pid++}`);
    }
  }
  // Records arrive shuffled, not grouped by person.
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [records[i], records[j]] = [records[j], records[i]];
    [truth[i], truth[j]] = [truth[j], truth[i]];
  }
  records.forEach((r, i) => (r.id = `r${i}`));
  return { records, truth };
}
