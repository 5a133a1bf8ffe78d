/**
 * Checksums and structural rules for personal identifiers: pure functions over compact values
 * (separators already removed, letters upper-cased unless a rule says otherwise). Each returns
 * `true` only when the value satisfies the issuer's published format and, where one exists, its
 * check digit or checksum.
 */
import { createHash } from 'node:crypto';

/** Value of the decimal digit at `i` (garbage for non-digits: callers check shapes first). */
function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/** Whether `s` is non-empty and made only of ASCII digits. */
export function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Sum of `weights[i] * digit[i]` over the first `weights.length` digits of `d`. */
function weightedSum(d: string, weights: readonly number[], from = 0): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]! * digitAt(d, from + i);
  return sum;
}

/** Luhn (mod 10) check over a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Payment card brand when the IIN range and length fit one, else `null`. */
export function cardBrand(d: string): string | null {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if (
    (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) &&
    n >= 16 &&
    n <= 19
  ) {
    return 'discover';
  }
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19) {
    return 'diners';
  }
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  if ((p4 === 2014 || p4 === 2149) && n === 15) return 'enroute';
  if (d[0] === '1' && n === 15) return 'uatp';
  return null;
}

/**
 * Placeholder digits: all the same (`000000000`) or counting up from 0 or 1 (`123456789`,
 * `1234567890123`), which checksums cannot tell from real values.
 */
export function isTrivialDigits(d: string): boolean {
  let same = true;
  let asc = d[0] === '0' || d[0] === '1';
  for (let i = 1; i < d.length; i++) {
    if (d[i] !== d[0]) same = false;
    if ((d.charCodeAt(i) - d.charCodeAt(i - 1) + 10) % 10 !== 1) asc = false;
  }
  return same || asc;
}

// ISO 13616 IBAN lengths per country.
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** Expected IBAN length for a country code, if the country uses IBANs. */
export function ibanLength(country: string): number | undefined {
  return IBAN_LENGTHS[country];
}

/** ISO 7064 mod 97-10 over an IBAN without separators. */
export function ibanValid(iban: string): boolean {
  const len = IBAN_LENGTHS[iban.slice(0, 2)];
  if (len === undefined || iban.length !== len) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

// ---------------------------------------------------------------------------------------------
// Dates inside identifiers

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether day `dd` of month `mm` exists in year `yy` (a full year or a two-digit one: 00 counts
 * as leap, as 2000 was).
 */
export function validDate(yy: number, mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1 || dd > MONTH_DAYS[mm - 1]!) return false;
  if (mm === 2 && dd === 29) return yy % 4 === 0 && (yy % 100 !== 0 || yy % 400 === 0 || yy < 100);
  return true;
}

/** `YYMMDD` at `from` in a digit string is a calendar date. */
function yymmddAt(d: string, from: number): boolean {
  return validDate(
    Number(d.slice(from, from + 2)),
    Number(d.slice(from + 2, from + 4)),
    Number(d.slice(from + 4, from + 6)),
  );
}

// ---------------------------------------------------------------------------------------------
// United States

// Numbers the SSA voided after they were published (the Woolworth wallet card, an SSA ad, a
// company's advertising) and the textbook placeholder: they identify nobody.
const VOID_SSNS: ReadonlySet<string> = new Set([
  '078051120',
  '219099999',
  '457555462',
  '123456789',
]);

/** US SSN issuance rules: area not 000/666/9xx, group not 00, serial not 0000, not voided. */
export function ssnValid(d: string): boolean {
  if (d.length !== 9 || !allDigits(d)) return false;
  const area = Number(d.slice(0, 3));
  const group = Number(d.slice(3, 5));
  const serial = Number(d.slice(5));
  return !(area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0);
}

/** One of the SSNs the SSA voided after publication (still SSN-shaped). */
export function isVoidSsn(d: string): boolean {
  return VOID_SSNS.has(d);
}

/** US ITIN: 9xx with group 50-65, 70-88, 90-92 or 94-99. */
export function itinValid(d: string): boolean {
  if (d.length !== 9 || d[0] !== '9' || !allDigits(d)) return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

/** ABA routing transit number: Federal Reserve prefix and the 3-7-1 weighted check. */
export function abaRoutingValid(d: string): boolean {
  if (d.length !== 9 || !allDigits(d)) return false;
  const p = Number(d.slice(0, 2));
  if (!(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80)) return false;
  return weightedSum(d, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0 && !isTrivialDigits(d);
}

/** US Medicare Beneficiary Identifier (11 characters, fixed letter/digit positions). */
export function usMbiValid(id: string): boolean {
  return /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(
    id,
  );
}

/**
 * DEA registration number: registrant type, a letter (or 9), seven digits whose last is
 * `(d1 + d3 + d5 + 2 * (d2 + d4 + d6)) mod 10`.
 */
export function deaValid(id: string): boolean {
  if (!/^[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}$/.test(id)) return false;
  const odd = digitAt(id, 2) + digitAt(id, 4) + digitAt(id, 6);
  const even = digitAt(id, 3) + digitAt(id, 5) + digitAt(id, 7);
  return (odd + 2 * even) % 10 === digitAt(id, 8);
}

// ---------------------------------------------------------------------------------------------
// Canada, Australia, Philippines

/** Canadian SIN: 9 digits, Luhn, not starting with 0 or 8. */
export function caSinValid(d: string): boolean {
  return (
    d.length === 9 && allDigits(d) && d[0] !== '0' && d[0] !== '8' && luhn(d) && !isTrivialDigits(d)
  );
}

/** Australian TFN: 9 digits, weighted mod 11. */
export function auTfnValid(d: string): boolean {
  if (d.length !== 9 || !allDigits(d)) return false;
  return weightedSum(d, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0 && !isTrivialDigits(d);
}

/** Australian Medicare number: first digit 2-6, weighted check digit, issue number 1-9. */
export function auMedicareValid(d: string): boolean {
  if ((d.length !== 10 && d.length !== 11) || !allDigits(d)) return false;
  if (d[0]! < '2' || d[0]! > '6' || d[9] === '0') return false;
  return weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === digitAt(d, 8);
}

/** Australian Business Number: 11 digits, first minus one, weighted mod 89. */
export function auAbnValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d) || d[0] === '0') return false;
  const sum = weightedSum(d, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) - 10;
  return sum % 89 === 0 && !isTrivialDigits(d);
}

/** Philippine TIN (9 digits, or 12 with a branch code): weighted mod 11 on the ninth digit. */
export function phTinValid(d: string): boolean {
  if ((d.length !== 9 && d.length !== 12) || !allDigits(d)) return false;
  const r = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  return r < 10 && r === digitAt(d, 8) && !isTrivialDigits(d.slice(0, 9));
}

// ---------------------------------------------------------------------------------------------
// India

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit. */
export function aadhaarValid(d: string): boolean {
  if (d.length !== 12 || !allDigits(d) || d[0] === '0' || d[0] === '1') return false;
  let c = 0;
  for (let i = 0; i < 12; i++) {
    const digit = digitAt(d, 11 - i);
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![digit]!]!;
  }
  return c === 0 && !isTrivialDigits(d);
}

/**
 * Indian PAN: three letters, the holder-type letter (person, company, HUF, firm, association,
 * trust, body of individuals, local authority, juridical person, government), the initial of the
 * holder's name, four digits, a check letter.
 */
export function inPanValid(id: string): boolean {
  return /^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/.test(id) && !/^\D*0000/.test(id);
}

// State and union-territory codes of Indian registration plates.
const IN_PLATE_STATES = new Set(
  'AN AP AR AS BR CG CH DD DL DN GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR PB PY RJ SK TN TR TS UK UP WB'.split(
    ' ',
  ),
);

/** Indian vehicle registration `SS NN L{1,3} NNNN` with a real state code; `BH` series too. */
export function inVehicleValid(id: string): boolean {
  const m = /^([A-Z]{2})(\d{1,2})([A-Z]{1,3})(\d{4})$/.exec(id);
  if (m !== null)
    return IN_PLATE_STATES.has(m[1]!) && m[2] !== '0' && m[2] !== '00' && m[4] !== '0000';
  return /^\d{2}BH\d{4}[A-HJ-NP-Z]{1,2}$/.test(id);
}

// ---------------------------------------------------------------------------------------------
// Europe

/** Turkish TC Kimlik No: 11 digits with two check digits. */
export function trIdValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d) || d[0] === '0') return false;
  const odd = digitAt(d, 0) + digitAt(d, 2) + digitAt(d, 4) + digitAt(d, 6) + digitAt(d, 8);
  const even = digitAt(d, 1) + digitAt(d, 3) + digitAt(d, 5) + digitAt(d, 7);
  if ((((odd * 7 - even) % 10) + 10) % 10 !== digitAt(d, 9)) return false;
  return (odd + even + digitAt(d, 9)) % 10 === digitAt(d, 10) && !isTrivialDigits(d);
}

/** Polish PESEL: 11 digits, weighted check digit, encoded birth date. */
export function peselValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d)) return false;
  const sum = weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
  if ((10 - (sum % 10)) % 10 !== digitAt(d, 10)) return false;
  const mm = Number(d.slice(2, 4)) % 20;
  return validDate(Number(d.slice(0, 2)), mm, Number(d.slice(4, 6))) && !isTrivialDigits(d);
}

/** Swedish personnummer or samordningsnummer (10 or 12 digits): birth date, Luhn over the last 10. */
export function sePersonnummerValid(d: string): boolean {
  if ((d.length !== 10 && d.length !== 12) || !allDigits(d)) return false;
  if (d.length === 12 && !/^(?:18|19|20)/.test(d)) return false;
  const ten = d.length === 12 ? d.slice(2) : d;
  const day = Number(ten.slice(4, 6));
  const year = d.length === 12 ? Number(d.slice(0, 4)) : Number(ten.slice(0, 2));
  if (!validDate(year, Number(ten.slice(2, 4)), day > 60 ? day - 60 : day)) return false;
  return luhn(ten) && !isTrivialDigits(ten);
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Dutch BSN: 9 digits passing the eleven test (weights 9..2 and -1). */
export function nlBsnValid(d: string): boolean {
  if (d.length !== 9 || !allDigits(d) || isTrivialDigits(d)) return false;
  const sum = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2, -1]);
  return sum % 11 === 0 && sum !== 0;
}

/** Norwegian fødselsnummer: DDMMYY (day + 40 for D-numbers), individual number, two mod 11 digits. */
export function noFodselsnummerValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d)) return false;
  const day = Number(d.slice(0, 2));
  if (!validDate(Number(d.slice(4, 6)), Number(d.slice(2, 4)), day > 40 ? day - 40 : day)) {
    return false;
  }
  const check = (weights: readonly number[]) => {
    const r = 11 - (weightedSum(d, weights) % 11);
    return r === 11 ? 0 : r;
  };
  return (
    check([3, 7, 6, 1, 8, 9, 4, 5, 2]) === digitAt(d, 9) &&
    check([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === digitAt(d, 10)
  );
}

/** Finnish personal identity code (HETU): DDMMYY, century sign, NNN, check character. */
export function fiHetuValid(id: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})[-+A-FU-Y](\d{3})([0-9A-Y])$/.exec(id);
  if (m === null) return false;
  if (!validDate(Number(m[3]), Number(m[2]), Number(m[1]))) return false;
  const n = Number(m[1]! + m[2]! + m[3]! + m[4]!);
  return HETU_CHECK[n % 31] === m[5];
}

/** UK NHS number: 10 digits, mod 11. */
export function nhsValid(d: string): boolean {
  if (d.length !== 10 || !allDigits(d)) return false;
  const check = 11 - (weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digitAt(d, 9) && !isTrivialDigits(d);
}

/** UK National Insurance number (without spaces). */
export function ukNinoValid(id: string): boolean {
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(id)) return false;
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(id.slice(0, 2));
}

/** German tax id (Steuer-IdNr): first digit not 0, ISO 7064 mod 11,10 check digit. */
export function deTaxIdChecksum(d: string): boolean {
  if (d.length !== 11 || !allDigits(d) || d[0] === '0') return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digitAt(d, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === digitAt(d, 10) && !isTrivialDigits(d);
}

/**
 * German tax id with the issuing rule on digits: in the first ten, exactly one digit occurs two
 * or three times (so one or two never occur).
 */
export function deTaxIdValid(d: string): boolean {
  if (!deTaxIdChecksum(d)) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digitAt(d, i)]!++;
  const repeated = counts.filter((c) => c > 1);
  return repeated.length === 1 && repeated[0]! <= 3;
}

/**
 * German pension insurance number (RVNR): area, birth date DDMMYY (day + 50 allowed), the initial
 * of the birth name, serial, check digit (weights 2121 2571 2121 over digit sums).
 */
export function deRvnrValid(id: string): boolean {
  if (!/^\d{8}[A-Z]\d{3}$/.test(id)) return false;
  const day = Number(id.slice(2, 4));
  const month = Number(id.slice(4, 6));
  if (!((day >= 1 && day <= 31) || (day >= 51 && day <= 81)) || month < 1 || month > 12) {
    return false;
  }
  const letter = String(id.charCodeAt(8) - 64).padStart(2, '0');
  const digits = id.slice(0, 8) + letter + id.slice(9, 11);
  const weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const p = weights[i]! * digitAt(digits, i);
    sum += Math.floor(p / 10) + (p % 10);
  }
  return sum % 10 === digitAt(id, 11);
}

/** German health insurance number (KVNR): letter + 9 digits, weighted digit-sum check. */
export function deKvnrValid(id: string): boolean {
  if (!/^[A-Z]\d{9}$/.test(id)) return false;
  const digits = String(id.charCodeAt(0) - 64).padStart(2, '0') + id.slice(1, 9);
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let p = digitAt(digits, i) * (i % 2 === 0 ? 1 : 2);
    if (p > 9) p = Math.floor(p / 10) + (p % 10);
    sum += p;
  }
  return sum % 10 === digitAt(id, 9);
}

/** ICAO 9303 check digit (weights 7, 3, 1; letters A=10 … Z=35, `<` = 0) over `s`. */
export function icaoCheckDigit(s: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

/**
 * German passport or identity card serial: nine characters from the ICAO alphabet without vowels
 * and look-alikes, first a letter, followed by its ICAO check digit (a nine-character printed
 * number whose last digit checks the first eight, or the nine-character serial plus its check).
 */
export function deIdDocumentValid(id: string): boolean {
  if (!/^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7,8}\d$/.test(id)) return false;
  const body = id.slice(0, -1);
  if (!/\d/.test(body)) return false;
  return icaoCheckDigit(body) === digitAt(id, id.length - 1);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (7-8 digits + letter) or NIE (X/Y/Z + 7 digits + letter). */
export function esIdValid(id: string): boolean {
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(id);
  if (m === null) return false;
  const prefix = m[1] === 'X' ? '0' : m[1] === 'Y' ? '1' : m[1] === 'Z' ? '2' : '';
  if (prefix !== '' && m[2]!.length !== 7) return false;
  return DNI_LETTERS[Number(prefix + m[2]) % 23] === m[3];
}

const CF_ODD: Readonly<Record<string, number>> = {};
{
  const odd = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
  ];
  for (let i = 0; i < 10; i++) (CF_ODD as Record<string, number>)[String(i)] = odd[i]!;
  for (let i = 0; i < 26; i++)
    (CF_ODD as Record<string, number>)[String.fromCharCode(65 + i)] = odd[i]!;
}

/** Italian codice fiscale: 16 characters (omocodia letters allowed) with a check letter. */
export function itFiscalCodeValid(id: string): boolean {
  if (
    !/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(
      id,
    )
  ) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = id[i]!;
    if (i % 2 === 0) sum += CF_ODD[c]!;
    else sum += c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === id[15];
}

/** Italian driving licence of the current card: `U1` + seven letters/digits + letter. */
export function itDriverLicenceValid(id: string): boolean {
  return /^U1[BCDEFGHJKLMNPRSTUWXYZ0-9]{7}[A-Z]$/.test(id) && /\d.*\d/.test(id.slice(2));
}

/** French social security number (NIR): sex, YYMM, department, commune, order, key 97 - n mod 97. */
export function frNirValid(id: string): boolean {
  const m = /^([1-478])(\d{2})(0[1-9]|1[0-2]|[2-4]\d|[5-9]\d)(\d{2}|2[AB])(\d{6})(\d{2})$/.exec(id);
  if (m === null) return false;
  // Corsica's 2A/2B count as 19/18 for the key.
  const dept = m[4] === '2A' ? '19' : m[4] === '2B' ? '18' : m[4]!;
  const body = `${m[1]}${m[2]}${m[3]}${dept}${m[5]}`;
  let rem = 0;
  for (let i = 0; i < body.length; i++) rem = (rem * 10 + digitAt(body, i)) % 97;
  return 97 - rem === Number(m[6]);
}

/** Belgian national register number: YYMMDD, serial, 97 - n mod 97 (with 2 prefixed after 2000). */
export function beNationalNumberValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d)) return false;
  const mm = Number(d.slice(2, 4));
  const dd = Number(d.slice(4, 6));
  // Month or day 00 is allowed when the birth date is unknown.
  if (mm > 12 || dd > 31) return false;
  const check = Number(d.slice(9));
  const body = Number(d.slice(0, 9));
  return 97 - (body % 97) === check || 97 - ((2_000_000_000 + body) % 97) === check;
}

/** Russian SNILS: 11 digits, check = weighted sum (9..1) mod 101 (100 counts as 00). */
export function ruSnilsValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d) || isTrivialDigits(d.slice(0, 9))) return false;
  let sum = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2, 1]) % 101;
  if (sum === 100) sum = 0;
  return sum === Number(d.slice(9));
}

/** Russian INN of a person (12 digits, two check digits) or an organisation (10 digits). */
export function ruInnValid(d: string): boolean {
  if (!allDigits(d) || isTrivialDigits(d)) return false;
  const check = (weights: readonly number[]) => (weightedSum(d, weights) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === digitAt(d, 9);
  if (d.length !== 12) return false;
  return (
    check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digitAt(d, 10) &&
    check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digitAt(d, 11)
  );
}

// ---------------------------------------------------------------------------------------------
// Asia, Africa, Latin America

/** Singapore NRIC/FIN: prefix letter, 7 digits, check letter. */
export function sgNricValid(id: string): boolean {
  const m = /^([STFGM])(\d{7})([A-Z])$/.exec(id);
  if (m === null) return false;
  let sum = weightedSum(m[2]!, [2, 7, 6, 5, 4, 3, 2]);
  const p = m[1]!;
  if (p === 'T' || p === 'G') sum += 4;
  if (p === 'M') sum += 3;
  const r = sum % 11;
  const table = p === 'S' || p === 'T' ? 'JZIHGFEDCBA' : p === 'M' ? 'KLJNPQRTUWX' : 'XWUTRQPNMLK';
  return table[p === 'M' ? 10 - r : r] === m[3];
}

/** Korean registration number kind from its structure: YYMMDD + gender/century digit 1-8. */
export function krRegistrationKind(d: string): 'KR_RRN' | 'KR_FRN' | null {
  if (d.length !== 13 || !allDigits(d) || !yymmddAt(d, 0)) return null;
  const g = d[6]!;
  if (g >= '1' && g <= '4') return 'KR_RRN';
  if (g >= '5' && g <= '8') return 'KR_FRN';
  return null;
}

/**
 * Check digit of a Korean RRN/FRN issued before October 2020 (later numbers have a random tail,
 * so a failing check does not disprove the number).
 */
export function krRegistrationChecksum(d: string): boolean {
  const kind = krRegistrationKind(d);
  if (kind === null) return false;
  const sum = weightedSum(d, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11;
  const check = kind === 'KR_FRN' ? (13 - sum) % 10 : (11 - sum) % 10;
  return check === digitAt(d, 12);
}

// Korean driving licence regions (the first two digits).
const KR_LICENCE_REGIONS = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '28',
]);

/** Korean driving licence: region, two-digit year, six-digit serial, two check digits. */
export function krDriverLicenceValid(d: string): boolean {
  return d.length === 12 && allDigits(d) && KR_LICENCE_REGIONS.has(d.slice(0, 2));
}

/** Korean passport: M/S/R/O/D, three digits, a letter, four digits (current booklets). */
export function krPassportValid(id: string): boolean {
  return /^[MSROD]\d{3}[A-Z]\d{4}$/.test(id);
}

// Thai province prefixes (second and third digits) that do not exist.
const TH_NO_PROVINCE = new Set([
  '28',
  '29',
  '59',
  '68',
  '69',
  '78',
  '79',
  '87',
  '88',
  '89',
  '97',
  '98',
  '99',
]);

/** Thai national id: category digit 1-8, a real province prefix, mod 11 check digit. */
export function thIdValid(d: string): boolean {
  if (d.length !== 13 || !allDigits(d) || d[0] === '0' || d[0] === '9' || d[1] === '0') {
    return false;
  }
  if (TH_NO_PROVINCE.has(d.slice(1, 3))) return false;
  const sum = weightedSum(d, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return (11 - (sum % 11)) % 10 === digitAt(d, 12) && !isTrivialDigits(d);
}

// Taiwan: letter codes of the first character (A=10 … with I, O, W, Z out of order).
const TW_LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';

/** Taiwan national id: region letter, sex digit (1/2, 8/9 for residents), 8 digits, weighted mod 10. */
export function twIdValid(id: string): boolean {
  if (!/^[A-Z][1289]\d{8}$/.test(id)) return false;
  const code = TW_LETTERS.indexOf(id[0]!) + 10;
  let sum = Math.floor(code / 10) + (code % 10) * 9;
  for (let i = 1; i < 9; i++) sum += digitAt(id, i) * (9 - i);
  return (sum + digitAt(id, 9)) % 10 === 0;
}

/** Chinese resident identity number: 6-digit region, YYYYMMDD, sequence, ISO 7064 mod 11-2. */
export function cnResidentIdValid(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  if (year < 1900 || year > 2099) return false;
  if (!validDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
  const sum = weightedSum(id, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
  return '10X98765432'[sum % 11] === id[17];
}

/** South African id: YYMMDD, gender serial, citizenship 0-2, a digit, Luhn. */
export function zaIdValid(d: string): boolean {
  if (d.length !== 13 || !allDigits(d) || !yymmddAt(d, 0)) return false;
  return d[10]! <= '2' && luhn(d);
}

/** Brazilian CPF: 11 digits with two mod 11 check digits. */
export function brCpfValid(d: string): boolean {
  if (d.length !== 11 || !allDigits(d) || isTrivialDigits(d)) return false;
  const check = (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += digitAt(d, i) * (n + 1 - i);
    return ((sum * 10) % 11) % 10;
  };
  return check(9) === digitAt(d, 9) && check(10) === digitAt(d, 10);
}

const CURP_CHARS = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/** Mexican CURP: name letters, birth date, sex, state, consonants, homonym char, check digit. */
export function mxCurpValid(id: string): boolean {
  if (!/^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$/.test(id)) {
    return false;
  }
  if (!yymmddAt(id, 4)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CURP_CHARS.indexOf(id[i]!) * (18 - i);
  return (10 - (sum % 10)) % 10 === digitAt(id, 17);
}

// ---------------------------------------------------------------------------------------------
// Vehicles

// VIN transliteration (ISO 3779 / 49 CFR 565): letters to digits, I, O and Q unused.
const VIN_VALUES: Readonly<Record<string, number>> = Object.fromEntries(
  [...'ABCDEFGHJKLMNPRSTUVWXYZ'].map((c, i) => [
    c,
    [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]!,
  ]),
);
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** North American vehicle identification number: 17 characters, check digit (or X) at position 9. */
export function vinValid(id: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(id) || !/[A-Z]/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = id[i]!;
    sum += (c >= '0' && c <= '9' ? Number(c) : VIN_VALUES[c]!) * VIN_WEIGHTS[i]!;
  }
  const check = sum % 11;
  return id[8] === (check === 10 ? 'X' : String(check));
}

// ---------------------------------------------------------------------------------------------
// Vehicle registration plates (no check digits: formats only)

/** Current UK registration (2001+): area letters, age identifier (March 02-29, September 51-79), three letters. */
export function ukPlateCurrentValid(id: string): boolean {
  const m = /^[A-HJ-PR-Y][A-HJ-PR-Y](\d\d)[A-HJ-PR-Z]{3}$/.exec(id);
  if (m === null) return false;
  const age = Number(m[1]);
  return (age >= 2 && age <= 29) || (age >= 51 && age <= 79);
}

/** Older UK registrations: prefix `A123 BCD` (1983-2001) or suffix `ABC 123D` (1963-1983). */
export function ukPlateOldValid(id: string): boolean {
  return (
    /^[A-HJ-NPR-TV-Y]\d{1,3}[A-HJ-PR-Y][A-HJ-PR-Z]{2}$/.test(id) ||
    /^[A-HJ-PR-Z]{3}\d{1,3}[A-HJ-NPR-TV-Y]$/.test(id)
  );
}

/**
 * German plate split into its three parts: district (1-3 letters), recognition letters (1-2),
 * number (1-4 digits, no leading zero) with an optional E/H suffix; at most 8 characters.
 */
export function dePlateValid(district: string, letters: string, number: string): boolean {
  if (!/^[A-ZÄÖÜ]{1,3}$/.test(district) || !/^[A-Z]{1,2}$/.test(letters)) return false;
  if (!/^[1-9]\d{0,3}[EH]?$/.test(number)) return false;
  const core = number.endsWith('E') || number.endsWith('H') ? number.length - 1 : number.length;
  return district.length + letters.length + core <= 8;
}

/** Turkish plate: province 01-81, 1-3 letters of the Turkish alphabet, 2-4 digits. */
export function trPlateValid(province: string, letters: string, number: string): boolean {
  const p = Number(province);
  return (
    province.length === 2 &&
    p >= 1 &&
    p <= 81 &&
    /^[A-PR-VYZ]{1,3}$/.test(letters) &&
    /^\d{2,4}$/.test(number) &&
    letters.length + number.length <= 7
  );
}

/** Nigerian plate (2011+): local-government code, three digits, two letters. */
export function ngPlateValid(id: string): boolean {
  return /^[A-Z]{3}\d{3}[A-Z]{2}$/.test(id) && !id.startsWith('000', 3);
}

// ---------------------------------------------------------------------------------------------
// Crypto wallets

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bitcoin base58check address (P2PKH/P2SH). */
export function base58CheckValid(addr: string): boolean {
  let num = 0n;
  for (const ch of addr) {
    const v = B58.indexOf(ch);
    if (v < 0) return false;
    num = num * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (num > 0n) {
    bytes.unshift(Number(num & 0xffn));
    num >>= 8n;
  }
  for (let i = 0; i < addr.length && addr[i] === '1'; i++) bytes.unshift(0);
  if (bytes.length !== 25) return false;
  const body = Buffer.from(bytes.slice(0, 21));
  const h = createHash('sha256').update(createHash('sha256').update(body).digest()).digest();
  return h.subarray(0, 4).equals(Buffer.from(bytes.slice(21)));
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Bech32 / bech32m checksum (segwit addresses). */
export function bech32Valid(addr: string): boolean {
  const s = addr.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || s.length - sep < 7) return false;
  const hrp = s.slice(0, sep);
  const values: number[] = [];
  for (const ch of hrp) values.push(ch.charCodeAt(0) >> 5);
  values.push(0);
  for (const ch of hrp) values.push(ch.charCodeAt(0) & 31);
  for (const ch of s.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    values.push(v);
  }
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= G[i]!;
  }
  return chk === 1 || chk === 0x2bc830a3;
}
