/** Checksums and structural rules for personal identifiers. Pure functions over digit strings. */
import { createHash } from 'node:crypto';

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
  if ((p2 === 1 || d[0] === '1') && n === 15) return 'uatp';
  return null;
}

/** True when every digit is the same or the digits form a simple run (`123456789`). */
export function isTrivialDigits(d: string): boolean {
  let same = true;
  let asc = true;
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

/** US SSN issuance rules: area not 000/666/9xx, group not 00, serial not 0000. */
export function ssnValid(d: string): boolean {
  if (d.length !== 9) return false;
  const area = Number(d.slice(0, 3));
  const group = Number(d.slice(3, 5));
  const serial = Number(d.slice(5));
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false;
  return !isTrivialDigits(d);
}

/** US ITIN: 9xx with group 50-65, 70-88, 90-92 or 94-99. */
export function itinValid(d: string): boolean {
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

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
  if (d.length !== 12 || d[0] === '0' || d[0] === '1') return false;
  let c = 0;
  for (let i = 0; i < 12; i++) {
    const digit = d.charCodeAt(11 - i) - 48;
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![digit]!]!;
  }
  return c === 0 && !isTrivialDigits(d);
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(yy: number, mm: number, dd: number): boolean {
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= MONTH_DAYS[mm - 1]! && yy >= 0;
}

/** Turkish TC Kimlik No: 11 digits with two check digits. */
export function trIdValid(d: string): boolean {
  if (d.length !== 11 || d[0] === '0') return false;
  const n = [...d].map(Number);
  const odd = n[0]! + n[2]! + n[4]! + n[6]! + n[8]!;
  const even = n[1]! + n[3]! + n[5]! + n[7]!;
  if ((((odd * 7 - even) % 10) + 10) % 10 !== n[9]) return false;
  return n.slice(0, 10).reduce((a, b) => a + b, 0) % 10 === n[10] && !isTrivialDigits(d);
}

/** Polish PESEL: 11 digits, weighted check digit, encoded birth date. */
export function peselValid(d: string): boolean {
  if (d.length !== 11) return false;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += w[i]! * (d.charCodeAt(i) - 48);
  if ((10 - (sum % 10)) % 10 !== d.charCodeAt(10) - 48) return false;
  const mm = Number(d.slice(2, 4)) % 20;
  return validDate(0, mm, Number(d.slice(4, 6))) && !isTrivialDigits(d);
}

/** Thai national id: 13 digits, mod 11 check digit. */
export function thIdValid(d: string): boolean {
  if (d.length !== 13 || d[0] === '0' || d[0] === '9') return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (d.charCodeAt(i) - 48) * (13 - i);
  return (11 - (sum % 11)) % 10 === d.charCodeAt(12) - 48 && !isTrivialDigits(d);
}

/** South African id: YYMMDD, Luhn. */
export function zaIdValid(d: string): boolean {
  if (d.length !== 13) return false;
  if (!validDate(0, Number(d.slice(2, 4)), Number(d.slice(4, 6)))) return false;
  return (d[10] === '0' || d[10] === '1') && luhn(d);
}

/** Korean resident/foreigner registration number: YYMMDD-GNNNNNC, weighted mod 11. */
export function krRrnValid(d: string): boolean {
  if (d.length !== 13) return false;
  if (!validDate(0, Number(d.slice(2, 4)), Number(d.slice(4, 6)))) return false;
  if (d[6] === '0' || d[6] === '9') return false;
  const w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += w[i]! * (d.charCodeAt(i) - 48);
  const foreign = d[6]! >= '5';
  const check = foreign ? (13 - (sum % 11)) % 10 : (11 - (sum % 11)) % 10;
  return check === d.charCodeAt(12) - 48;
}

/** Swedish personnummer (10 or 12 digits): valid date, Luhn over the last 10. */
export function sePersonnummerValid(d: string): boolean {
  const ten = d.length === 12 ? d.slice(2) : d;
  if (ten.length !== 10) return false;
  const day = Number(ten.slice(4, 6));
  if (!validDate(0, Number(ten.slice(2, 4)), day > 60 ? day - 60 : day)) return false;
  return luhn(ten) && !isTrivialDigits(ten);
}

/** UK NHS number: 10 digits, mod 11. */
export function nhsValid(d: string): boolean {
  if (d.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === d.charCodeAt(9) - 48 && !isTrivialDigits(d);
}

/** Canadian SIN: 9 digits, Luhn, not starting with 0 or 8. */
export function caSinValid(d: string): boolean {
  return d.length === 9 && d[0] !== '0' && d[0] !== '8' && luhn(d) && !isTrivialDigits(d);
}

/** Australian TFN: 9 digits, weighted mod 11. */
export function auTfnValid(d: string): boolean {
  if (d.length !== 9) return false;
  const w = [1, 4, 3, 7, 5, 8, 6, 9, 10];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += w[i]! * (d.charCodeAt(i) - 48);
  return sum % 11 === 0 && !isTrivialDigits(d);
}

/** German tax id (Steuer-IdNr): 11 digits, ISO 7064 mod 11,10. */
export function deTaxIdValid(d: string): boolean {
  if (d.length !== 11 || d[0] === '0') return false;
  // In the first ten digits exactly one digit repeats (two or three times).
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[d.charCodeAt(i) - 48]!++;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (d.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === d.charCodeAt(10) - 48 && !isTrivialDigits(d);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter). */
export function esIdValid(id: string): boolean {
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(id);
  if (m === null) return false;
  const prefix = m[1] === 'X' ? '0' : m[1] === 'Y' ? '1' : m[1] === 'Z' ? '2' : '';
  const num = Number(prefix + m[2]);
  if ((prefix === '' && m[2]!.length !== 8) || (prefix !== '' && m[2]!.length !== 7)) return false;
  return DNI_LETTERS[num % 23] === m[3];
}

/** Singapore NRIC/FIN: prefix letter, 7 digits, check letter. */
export function sgNricValid(id: string): boolean {
  const m = /^([STFGM])(\d{7})([A-Z])$/.exec(id);
  if (m === null) return false;
  const w = [2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += w[i]! * (m[2]!.charCodeAt(i) - 48);
  const p = m[1]!;
  if (p === 'T' || p === 'G') sum += 4;
  if (p === 'M') sum += 3;
  const r = sum % 11;
  const table = p === 'S' || p === 'T' ? 'JZIHGFEDCBA' : p === 'M' ? 'KLJNPQRTUWX' : 'XWUTRQPNMLK';
  return table[p === 'M' ? 10 - r : r] === m[3];
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Finnish personal identity code (HETU): DDMMYY, century sign, NNN, check character. */
export function fiHetuValid(id: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})[-+A-FU-Y](\d{3})([0-9A-Y])$/.exec(id);
  if (m === null) return false;
  if (!validDate(Number(m[3]), Number(m[2]), Number(m[1]))) return false;
  const n = Number(m[1]! + m[2]! + m[3]! + m[4]!);
  return HETU_CHECK[n % 31] === m[5];
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

/** Italian codice fiscale: 16 characters with a check letter. */
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

/** UK National Insurance number (without spaces). */
export function ukNinoValid(id: string): boolean {
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(id)) return false;
  const p = id.slice(0, 2);
  return (
    !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(p) && !isTrivialDigits(id.slice(2, 8))
  );
}

/** US Medicare Beneficiary Identifier (11 characters, fixed letter/digit positions). */
export function usMbiValid(id: string): boolean {
  return /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(
    id,
  );
}

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

/** German health insurance number (KVNR): letter + 9 digits, weighted digit-sum check. */
export function deKvnrValid(id: string): boolean {
  if (!/^[A-Z]\d{9}$/.test(id)) return false;
  const digits = String(id.charCodeAt(0) - 64).padStart(2, '0') + id.slice(1, 9);
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let p = (digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 2);
    if (p > 9) p = Math.floor(p / 10) + (p % 10);
    sum += p;
  }
  return sum % 10 === id.charCodeAt(9) - 48;
}
