/**
 * Checksum validators against independent reference computations: a value built with its check
 * digit(s) is valid; the same value with any other check character is not; single-digit errors
 * are caught where the scheme promises it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aadhaarValid,
  abaRoutingValid,
  auAbnValid,
  auMedicareValid,
  auTfnValid,
  beNationalNumberValid,
  brCpfValid,
  cardBrand,
  caSinValid,
  cnResidentIdValid,
  deaValid,
  deIdDocumentValid,
  deKvnrValid,
  deRvnrValid,
  deTaxIdChecksum,
  deTaxIdValid,
  esIdValid,
  fiHetuValid,
  frNirValid,
  ibanValid,
  icaoCheckDigit,
  isTrivialDigits,
  itFiscalCodeValid,
  krRegistrationChecksum,
  krRegistrationKind,
  luhn,
  mxCurpValid,
  nhsValid,
  nlBsnValid,
  noFodselsnummerValid,
  peselValid,
  phTinValid,
  ruInnValid,
  ruSnilsValid,
  sePersonnummerValid,
  sgNricValid,
  ssnValid,
  thIdValid,
  trIdValid,
  twIdValid,
  ukNinoValid,
  vinValid,
  zaIdValid,
} from './pii-validators.js';

const RUNS = { numRuns: 200 };

const digit = fc.integer({ min: 0, max: 9 });
const digits = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
const upper = fc.integer({ min: 65, max: 90 }).map((c) => String.fromCharCode(c));
const sum = (d: string, weights: readonly number[]) =>
  weights.reduce((acc, w, i) => acc + w * Number(d[i]), 0);
const pad2 = (n: number) => String(n).padStart(2, '0');
/** A calendar date as [yy, mm, dd] with days 1-28 (valid in any month and year). */
const date = fc.tuple(
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 1, max: 12 }),
  fc.integer({ min: 1, max: 28 }),
);

/** Every other value of the character at `at` from `alphabet`. */
function mutations(value: string, at: number, alphabet: string): string[] {
  const out: string[] = [];
  for (const c of alphabet)
    if (c !== value[at]) out.push(value.slice(0, at) + c + value.slice(at + 1));
  return out;
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The shared property: generated values pass; every other check character fails; optionally every
 * single-digit change in the body fails.
 */
function checksumProperty(
  arb: fc.Arbitrary<string>,
  valid: (v: string) => boolean,
  check: { at: (v: string) => number; alphabet: string },
  bodyErrorsCaught?: { from: number; to: (v: string) => number },
): void {
  fc.assert(
    fc.property(arb, (v) => {
      expect(valid(v), v).toBe(true);
      for (const m of mutations(v, check.at(v), check.alphabet)) expect(valid(m), m).toBe(false);
      if (bodyErrorsCaught !== undefined) {
        for (let i = bodyErrorsCaught.from; i < bodyErrorsCaught.to(v); i++) {
          if (!/\d/.test(v[i]!)) continue;
          for (const m of mutations(v, i, DIGITS)) expect(valid(m), m).toBe(false);
        }
      }
    }),
    RUNS,
  );
}

const last = (v: string) => v.length - 1;

// Reference check digits, written independently of the validators.

function luhnCheck(body: string): string {
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    total += d;
  }
  return String((10 - (total % 10)) % 10);
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
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function verhoeffCheck(body: string): string {
  let c = 0;
  for (let i = 0; i < body.length; i++) {
    c = VERHOEFF_D[c]![VERHOEFF_P[(i + 1) % 8]![Number(body[body.length - 1 - i])]!]!;
  }
  return String(VERHOEFF_INV[c]);
}

function mod97(s: string): number {
  let r = 0;
  for (const ch of s) r = (r * 10 + Number(ch)) % 97;
  return r;
}

function icaoValue(c: string): number {
  return /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
}

function icaoReference(s: string): number {
  let total = 0;
  for (let i = 0; i < s.length; i++) total += icaoValue(s[i]!) * [7, 3, 1][i % 3]!;
  return total % 10;
}

describe('checksum validators (property)', () => {
  it('Luhn (cards, CA SIN)', () => {
    checksumProperty(
      fc
        .integer({ min: 6, max: 18 })
        .chain(digits)
        .map((b) => b + luhnCheck(b)),
      luhn,
      { at: last, alphabet: DIGITS },
      { from: 0, to: last },
    );
    checksumProperty(
      fc
        .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '9'), digits(7))
        .map(([a, b]) => a + b + luhnCheck(a + b))
        .filter((v) => !isTrivialDigits(v)),
      caSinValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('IBAN (ISO 7064 mod 97-10)', () => {
    const bban = fc.constantFrom(['DE', 18], ['FR', 23], ['NL', 14], ['GB', 18]).chain(([cc, n]) =>
      fc
        .array(fc.oneof(digit.map(String), upper), {
          minLength: n as number,
          maxLength: n as number,
        })
        .map((a) => [cc as string, a.join('')] as const),
    );
    const toDigits = (s: string) =>
      [...s].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
    checksumProperty(
      bban.map(([cc, b]) => `${cc}${pad2(98 - mod97(toDigits(`${b}${cc}00`)))}${b}`),
      ibanValid,
      { at: () => 3, alphabet: DIGITS },
    );
  });

  it('Verhoeff (Aadhaar)', () => {
    checksumProperty(
      fc
        .tuple(fc.integer({ min: 2, max: 9 }), digits(10))
        .map(([a, b]) => `${a}${b}`)
        .map((b) => b + verhoeffCheck(b))
        .filter((v) => !isTrivialDigits(v)),
      aadhaarValid,
      { at: last, alphabet: DIGITS },
      { from: 1, to: last },
    );
  });

  it('Turkish TC Kimlik (two check digits)', () => {
    const arb = fc
      .tuple(fc.integer({ min: 1, max: 9 }), digits(8))
      .map(([a, b]) => {
        const d = `${a}${b}`;
        const odd = +d[0]! + +d[2]! + +d[4]! + +d[6]! + +d[8]!;
        const even = +d[1]! + +d[3]! + +d[5]! + +d[7]!;
        const d10 = (((odd * 7 - even) % 10) + 10) % 10;
        const d11 = (odd + even + d10) % 10;
        return `${d}${d10}${d11}`;
      })
      .filter((v) => !isTrivialDigits(v));
    checksumProperty(arb, trIdValid, { at: last, alphabet: DIGITS });
    checksumProperty(arb, trIdValid, { at: (v) => v.length - 2, alphabet: DIGITS });
  });

  it('PESEL (birth date + weighted check)', () => {
    checksumProperty(
      fc
        .tuple(date, digits(4))
        .map(([[y, m, d], serial]) => {
          const body = `${pad2(y)}${pad2(m)}${pad2(d)}${serial}`;
          return body + String((10 - (sum(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10);
        })
        .filter((v) => !isTrivialDigits(v)),
      peselValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Swedish personnummer (birth date + Luhn, 10 or 12 digits)', () => {
    const ten = fc
      .tuple(date, digits(3))
      .map(([[y, m, d], s]) => `${pad2(y)}${pad2(m)}${pad2(d)}${s}`)
      .map((b) => b + luhnCheck(b))
      .filter((v) => !isTrivialDigits(v));
    checksumProperty(ten, sePersonnummerValid, { at: last, alphabet: DIGITS });
    checksumProperty(
      ten.map((v) => `19${v}`),
      sePersonnummerValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Finnish HETU (mod 31 check character)', () => {
    const table = '0123456789ABCDEFHJKLMNPRSTUVWXY';
    checksumProperty(
      fc
        .tuple(date, fc.constantFrom('-', '+', 'A', 'B'), fc.integer({ min: 2, max: 899 }))
        .map(([[y, m, d], sign, n]) => {
          const core = `${pad2(d)}${pad2(m)}${pad2(y)}`;
          const serial = String(n).padStart(3, '0');
          return `${core}${sign}${serial}${table[Number(core + serial) % 31]}`;
        }),
      fiHetuValid,
      { at: last, alphabet: table },
    );
  });

  it('UK NHS number (mod 11)', () => {
    checksumProperty(
      digits(9)
        .map((b) => [b, 11 - (sum(b, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11)] as const)
        .filter(([, c]) => c !== 10)
        .map(([b, c]) => b + String(c === 11 ? 0 : c))
        .filter((v) => !isTrivialDigits(v)),
      nhsValid,
      { at: last, alphabet: DIGITS },
      { from: 0, to: last },
    );
  });

  it('German tax id (ISO 7064 mod 11,10) and its digit rule', () => {
    const withCheck = (body: string) => {
      let product = 10;
      for (const ch of body) {
        let s = (Number(ch) + product) % 10;
        if (s === 0) s = 10;
        product = (s * 2) % 11;
      }
      return body + String((11 - product) % 10);
    };
    checksumProperty(
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), digits(9))
        .map(([a, b]) => withCheck(`${a}${b}`))
        .filter((v) => !isTrivialDigits(v)),
      deTaxIdChecksum,
      { at: last, alphabet: DIGITS },
      { from: 0, to: last },
    );
    // Exactly one digit repeated: 10 digits from 9 distinct ones.
    expect(deTaxIdValid(withCheck('8609574271'))).toBe(true);
    expect(deTaxIdValid(withCheck('9876543210'))).toBe(false);
  });

  it('German RVNR (weighted digit sums)', () => {
    checksumProperty(
      fc
        .tuple(
          fc.integer({ min: 10, max: 99 }),
          fc.tuple(
            fc.integer({ min: 1, max: 12 }),
            fc.integer({ min: 1, max: 31 }),
            fc.integer({ min: 0, max: 99 }),
          ),
          upper,
          digits(2),
        )
        .map(([area, [m, d, y], letter, serial]) => {
          const body = `${area}${pad2(d)}${pad2(m)}${pad2(y)}`;
          const expanded = body + pad2(letter.charCodeAt(0) - 64) + serial;
          let total = 0;
          [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1].forEach((w, i) => {
            const p = w * Number(expanded[i]);
            total += Math.floor(p / 10) + (p % 10);
          });
          return `${body}${letter}${serial}${total % 10}`;
        }),
      deRvnrValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('German KVNR (letter + weighted digit sums)', () => {
    checksumProperty(
      fc.tuple(upper, digits(8)).map(([letter, body]) => {
        const expanded = pad2(letter.charCodeAt(0) - 64) + body;
        let total = 0;
        for (let i = 0; i < 10; i++) {
          const p = Number(expanded[i]) * (i % 2 === 0 ? 1 : 2);
          total += p > 9 ? p - 9 : p;
        }
        return `${letter}${body}${total % 10}`;
      }),
      deKvnrValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('ICAO 9303 check digit (German passport and identity card serials)', () => {
    const alphabet = 'CFGHJKLMNPRTVWXYZ0123456789';
    const serial = fc
      .tuple(
        fc.constantFrom(...'CFGHJKLMNPRTVWXYZ'),
        fc.array(fc.constantFrom(...alphabet), { minLength: 7, maxLength: 7 }),
      )
      .map(([a, b]) => a + b.join(''))
      .filter((s) => /\d/.test(s));
    fc.assert(
      fc.property(serial, (s) => {
        expect(icaoCheckDigit(s)).toBe(icaoReference(s));
      }),
      RUNS,
    );
    checksumProperty(
      serial.map((s) => s + String(icaoReference(s))),
      deIdDocumentValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Spanish DNI/NIE (mod 23 letter)', () => {
    const letters = 'TRWAGMYFPDXBNJZSQVHLCKE';
    checksumProperty(
      digits(8).map((d) => d + letters[Number(d) % 23]),
      esIdValid,
      { at: last, alphabet: LETTERS },
    );
    checksumProperty(
      fc
        .tuple(fc.constantFrom('X', 'Y', 'Z'), digits(7))
        .map(([p, d]) => p + d + letters[Number(String('XYZ'.indexOf(p)) + d) % 23]),
      esIdValid,
      { at: last, alphabet: LETTERS },
    );
  });

  it('Italian codice fiscale (odd/even table letter)', () => {
    const odd = [
      1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ];
    const value = (c: string, isOdd: boolean) => {
      const i = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
      return isOdd ? odd[i]! : i;
    };
    checksumProperty(
      fc
        .tuple(
          fc.array(upper, { minLength: 6, maxLength: 6 }),
          date,
          fc.constantFrom(...'ABCDEHLMPRST'),
          upper,
          digits(3),
        )
        .map(([name, [y, , d], month, place, code]) => {
          const body = `${name.join('')}${pad2(y)}${month}${pad2(d)}${place}${code}`;
          let total = 0;
          for (let i = 0; i < 15; i++) total += value(body[i]!, i % 2 === 0);
          return body + String.fromCharCode(65 + (total % 26));
        }),
      itFiscalCodeValid,
      { at: last, alphabet: LETTERS },
    );
  });

  it('Singapore NRIC/FIN (weighted letter table)', () => {
    checksumProperty(
      fc.tuple(fc.constantFrom('S', 'T', 'F', 'G'), digits(7)).map(([p, d]) => {
        const r = (sum(d, [2, 7, 6, 5, 4, 3, 2]) + (p === 'T' || p === 'G' ? 4 : 0)) % 11;
        return p + d + (p === 'S' || p === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK')[r];
      }),
      sgNricValid,
      { at: last, alphabet: LETTERS },
    );
  });

  it('Korean RRN/FRN check digit', () => {
    const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    checksumProperty(
      fc.tuple(date, fc.integer({ min: 1, max: 8 }), digits(5)).map(([[y, m, d], g, s]) => {
        const body = `${pad2(y)}${pad2(m)}${pad2(d)}${g}${s}`;
        const base = g >= 5 ? 13 : 11;
        return body + String((base - (sum(body, weights) % 11)) % 10);
      }),
      krRegistrationChecksum,
      { at: last, alphabet: DIGITS },
    );
    expect(krRegistrationKind('9001011234567')).toBe('KR_RRN');
    expect(krRegistrationKind('9001015234567')).toBe('KR_FRN');
    expect(krRegistrationKind('9013011234567')).toBeNull();
  });

  it('Thai national id (mod 11)', () => {
    checksumProperty(
      fc
        .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 10, max: 27 }), digits(9))
        .map(([a, p, b]) => `${a}${p}${b}`)
        .map((b) => b + String((11 - (sum(b, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11)) % 10))
        .filter((v) => !isTrivialDigits(v)),
      thIdValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Taiwan national id (letter code + weighted mod 10)', () => {
    const codes = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
    checksumProperty(
      fc.tuple(fc.constantFrom(...codes), fc.constantFrom('1', '2'), digits(7)).map(([l, s, d]) => {
        const code = codes.indexOf(l) + 10;
        const body = s + d;
        let total = Math.floor(code / 10) + (code % 10) * 9;
        for (let i = 0; i < 8; i++) total += Number(body[i]) * (8 - i);
        return l + body + String((10 - (total % 10)) % 10);
      }),
      twIdValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Chinese resident id (ISO 7064 mod 11-2)', () => {
    checksumProperty(
      fc
        .tuple(
          fc.integer({ min: 110000, max: 659999 }),
          fc.integer({ min: 1930, max: 2020 }),
          date,
          digits(3),
        )
        .map(([region, year, [, m, d], seq]) => {
          const body = `${region}${year}${pad2(m)}${pad2(d)}${seq}`;
          const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
          return body + '10X98765432'[sum(body, w) % 11];
        }),
      cnResidentIdValid,
      { at: last, alphabet: `${DIGITS}X` },
    );
  });

  it('South African id (birth date, citizenship, Luhn)', () => {
    checksumProperty(
      fc
        .tuple(date, digits(4), fc.constantFrom('0', '1'), digit)
        .map(([[y, m, d], s, c, a]) => `${pad2(y)}${pad2(m)}${pad2(d)}${s}${c}${a}`)
        .map((b) => b + luhnCheck(b)),
      zaIdValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Brazilian CPF (two mod 11 digits)', () => {
    const check = (b: string) => {
      let total = 0;
      for (let i = 0; i < b.length; i++) total += Number(b[i]) * (b.length + 1 - i);
      const r = total % 11;
      return r < 2 ? '0' : String(11 - r);
    };
    const arb = digits(9)
      .map((b) => b + check(b))
      .map((b) => b + check(b))
      .filter((v) => !isTrivialDigits(v));
    checksumProperty(arb, brCpfValid, { at: last, alphabet: DIGITS });
    checksumProperty(arb, brCpfValid, { at: (v) => v.length - 2, alphabet: DIGITS });
  });

  it('Mexican CURP (base-37 weighted check digit)', () => {
    const chars = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
    checksumProperty(
      fc
        .tuple(upper, fc.constantFrom(...'AEIOUX'), upper, upper, date, fc.constantFrom('H', 'M'))
        .chain(([a, b, c, d, [y, m, dd], sex]) =>
          fc
            .tuple(
              fc.constantFrom('DF', 'JC', 'NL'),
              fc.array(fc.constantFrom(...'BCDFGHJKLMNPQRSTVWXYZ'), { minLength: 3, maxLength: 3 }),
              digit,
            )
            .map(
              ([state, cons, h]) =>
                `${a}${b}${c}${d}${pad2(y)}${pad2(m)}${pad2(dd)}${sex}${state}${cons.join('')}${h}`,
            ),
        )
        .map((body) => {
          let total = 0;
          for (let i = 0; i < 17; i++) total += chars.indexOf(body[i]!) * (18 - i);
          return body + String((10 - (total % 10)) % 10);
        }),
      mxCurpValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('French NIR (key 97 - n mod 97)', () => {
    checksumProperty(
      fc
        .tuple(fc.constantFrom('1', '2'), date, fc.integer({ min: 1, max: 95 }), digits(6))
        .map(([sex, [y, m], dept, rest]) => {
          const body = `${sex}${pad2(y)}${pad2(m)}${pad2(dept)}${rest}`;
          return body + pad2(97 - mod97(body));
        }),
      frNirValid,
      { at: last, alphabet: DIGITS },
      { from: 0, to: (v) => v.length - 2 },
    );
  });

  it('Belgian national number (97 - n mod 97)', () => {
    checksumProperty(
      fc.tuple(date, digits(3)).map(([[y, m, d], s]) => {
        const body = `${pad2(y)}${pad2(m)}${pad2(d)}${s}`;
        return body + pad2(97 - (Number(body) % 97));
      }),
      beNationalNumberValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Russian SNILS and INN', () => {
    checksumProperty(
      digits(9)
        .filter((b) => !isTrivialDigits(b))
        .map((b) => {
          let c = sum(b, [9, 8, 7, 6, 5, 4, 3, 2, 1]) % 101;
          if (c === 100) c = 0;
          return b + pad2(c);
        }),
      ruSnilsValid,
      { at: last, alphabet: DIGITS },
    );
    const innCheck = (b: string, w: number[]) => String((sum(b, w) % 11) % 10);
    checksumProperty(
      digits(10)
        .map((b) => b + innCheck(b, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]))
        .map((b) => b + innCheck(b, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]))
        .filter((v) => !isTrivialDigits(v)),
      ruInnValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Australian TFN, Medicare and ABN', () => {
    checksumProperty(
      digits(8)
        .map((b) => [b, sum(b, [1, 4, 3, 7, 5, 8, 6, 9]) % 11] as const)
        .filter(([, c]) => c !== 10)
        .map(([b, c]) => b + String(c))
        .filter((v) => !isTrivialDigits(v)),
      auTfnValid,
      { at: last, alphabet: DIGITS },
    );
    checksumProperty(
      fc
        .tuple(fc.integer({ min: 2, max: 6 }), digits(7), fc.integer({ min: 1, max: 9 }))
        .map(([a, b, issue]) => {
          const body = `${a}${b}`;
          return `${body}${sum(body, [1, 3, 7, 9, 1, 3, 7, 9]) % 10}${issue}`;
        }),
      auMedicareValid,
      { at: () => 8, alphabet: DIGITS },
    );
    checksumProperty(
      digits(9)
        .map((b) => {
          const rest = sum(b, [3, 5, 7, 9, 11, 13, 15, 17, 19]);
          let prefix = (((10 - rest) % 89) + 89) % 89;
          if (prefix < 10) prefix += 89;
          return `${prefix}${b}`;
        })
        .filter((v) => !isTrivialDigits(v)),
      auAbnValid,
      { at: () => 1, alphabet: DIGITS },
    );
  });

  it('Philippine TIN, ABA routing and DEA numbers', () => {
    checksumProperty(
      digits(8)
        .map((b) => [b, sum(b, [9, 8, 7, 6, 5, 4, 3, 2]) % 11] as const)
        .filter(([, c]) => c < 10)
        .map(([b, c]) => `${b}${c}000`)
        .filter((v) => !isTrivialDigits(v.slice(0, 9))),
      phTinValid,
      { at: () => 8, alphabet: DIGITS },
    );
    checksumProperty(
      fc
        .tuple(fc.constantFrom('01', '11', '21', '32', '61', '72', '80'), digits(6))
        .map(([p, b]) => {
          const body = p + b;
          return body + String((10 - (sum(body, [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10);
        })
        .filter((v) => !isTrivialDigits(v)),
      abaRoutingValid,
      { at: last, alphabet: DIGITS },
      { from: 0, to: last },
    );
    checksumProperty(
      fc.tuple(fc.constantFrom(...'ABFGMPRX'), upper, digits(6)).map(([t, n, d]) => {
        const c = (+d[0]! + +d[2]! + +d[4]! + 2 * (+d[1]! + +d[3]! + +d[5]!)) % 10;
        return `${t}${n}${d}${c}`;
      }),
      deaValid,
      { at: last, alphabet: DIGITS },
    );
  });
});

describe('checksum validators, northern Europe and vehicles (property)', () => {
  it('Dutch BSN (eleven test)', () => {
    checksumProperty(
      digits(8)
        .map((b) => [b, sum(b, [9, 8, 7, 6, 5, 4, 3, 2]) % 11] as const)
        .filter(([, c]) => c !== 10)
        .map(([b, c]) => b + String(c))
        .filter((v) => !isTrivialDigits(v) && !/^0+$/.test(v)),
      nlBsnValid,
      { at: last, alphabet: DIGITS },
    );
  });

  it('Norwegian fødselsnummer (two mod 11 digits)', () => {
    const check = (b: string, w: number[]) => {
      const r = 11 - (sum(b, w) % 11);
      return r === 11 ? 0 : r;
    };
    const arb = fc
      .tuple(date, digits(3))
      .map(([[y, m, d], s]) => `${pad2(d)}${pad2(m)}${pad2(y)}${s}`)
      .map((b) => [b, check(b, [3, 7, 6, 1, 8, 9, 4, 5, 2])] as const)
      .filter(([, c]) => c !== 10)
      .map(([b, c]) => [`${b}${c}`, check(`${b}${c}`, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])] as const)
      .filter(([, c]) => c !== 10)
      .map(([b, c]) => `${b}${c}`);
    checksumProperty(arb, noFodselsnummerValid, { at: last, alphabet: DIGITS });
    checksumProperty(arb, noFodselsnummerValid, { at: (v) => v.length - 2, alphabet: DIGITS });
  });

  it('North American VIN (transliterated mod 11, X for 10)', () => {
    const chars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
    const values = '12345678123457923456789';
    const value = (c: string) => (/\d/.test(c) ? Number(c) : Number(values[chars.indexOf(c)]));
    const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    checksumProperty(
      fc
        .array(fc.constantFrom(...chars), { minLength: 17, maxLength: 17 })
        .map((a) => a.join(''))
        .filter((v) => /[A-Z]/.test(v.slice(0, 8) + v.slice(9)))
        .map((v) => {
          let total = 0;
          for (let i = 0; i < 17; i++) if (i !== 8) total += value(v[i]!) * weights[i]!;
          const c = total % 11;
          return `${v.slice(0, 8)}${c === 10 ? 'X' : c}${v.slice(9)}`;
        }),
      vinValid,
      { at: () => 8, alphabet: `${DIGITS}X` },
    );
  });
});

describe('structural rules', () => {
  it('knows card brands by IIN and length', () => {
    expect(cardBrand('4111111111111111')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('9111111111111111')).toBeNull();
  });

  it('applies SSN issuance rules and the voided numbers', () => {
    expect(ssnValid('078051121')).toBe(true);
    expect(ssnValid('666051121')).toBe(false);
    expect(ssnValid('900051121')).toBe(false);
    expect(ssnValid('078001121')).toBe(false);
  });

  it('applies NINO prefix rules', () => {
    expect(ukNinoValid('AB123456C')).toBe(true);
    expect(ukNinoValid('BG123456C')).toBe(false);
    expect(ukNinoValid('DA123456C')).toBe(false);
    expect(ukNinoValid('AB123456E')).toBe(false);
  });

  it('treats placeholders as trivial', () => {
    expect(isTrivialDigits('123456789')).toBe(true);
    expect(isTrivialDigits('000000000')).toBe(true);
    expect(isTrivialDigits('2345678901234')).toBe(false);
    expect(isTrivialDigits('876543210')).toBe(false);
  });

  it('rejects impossible dates inside ids', () => {
    expect(zaIdValid('9902294321191')).toBe(false); // 29 February 1999
    expect(peselValid('44051401458')).toBe(true);
    expect(peselValid('44053401458')).toBe(false);
    expect(sePersonnummerValid('189004119807')).toBe(true);
    expect(sePersonnummerValid('170004119807')).toBe(false);
  });
});
