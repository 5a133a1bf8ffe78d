/**
 * pii: personal data, validated wherever a format has rules: e-mail, phone (libphonenumber),
 * payment cards (Luhn + IIN), IBAN (mod 97 + country length), US SSN/ITIN rules, IPv4/IPv6, dates of
 * birth in context, national ids with checksums (UK NINO, Aadhaar, DNI/NIE, NRIC, HETU, PESEL,
 * TC Kimlik, Thai, SA, Korean RRN, personnummer, NHS, SIN, TFN, codice fiscale, MBI) and any
 * id-shaped number right after an id keyword ("passport", "licence", "tax id", ...).
 *
 * Scores: checksum-validated or strongly formatted values ≥ 0.6 (block); shapes without a
 * checksum or context stay below `BLOCK_THRESHOLD`.
 */
import { isIP } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Finding } from '../../core/finding.js';
import type { Detector } from '../detector.js';
import { maskEmail, maskValue } from '../evidence.js';
import { spanFinding } from '../finding.js';
import {
  aadhaarValid,
  auTfnValid,
  base58CheckValid,
  bech32Valid,
  cardBrand,
  caSinValid,
  deKvnrValid,
  deTaxIdValid,
  esIdValid,
  fiHetuValid,
  ibanLength,
  ibanValid,
  isTrivialDigits,
  itFiscalCodeValid,
  itinValid,
  krRrnValid,
  luhn,
  nhsValid,
  peselValid,
  sePersonnummerValid,
  sgNricValid,
  ssnValid,
  thIdValid,
  trIdValid,
  ukNinoValid,
  usMbiValid,
  zaIdValid,
} from './pii-validators.js';

const CONTEXT_WINDOW = 48;

// Keywords that announce an identifier; the capture decides the entity type. Applied to a short
// lower-cased window before a candidate, never to the whole text.
const CONTEXT: ReadonlyArray<readonly [RegExp, string]> = [
  [/passport|reisepass|pasaporte|passeport|passaporto/, 'PASSPORT'],
  [/licen[cs]e|driver|führerschein|fahrerlaubnis|patente|permis/, 'DRIVER_LICENSE'],
  [/ssn|social security|sozialversicherung|rvnr/, 'US_SSN'],
  [
    /itin|taxpayer|tax ?id|tax ?number|\btin\b|steuer|st\.-nr|\bpan\b|codice fiscale|\bnif\b/,
    'TAX_ID',
  ],
  [/iban|bank account|account (?:no|num)|acct|routing|sort code|konto/, 'BANK_ACCOUNT'],
  [/card (?:no|num)|credit card|debit card|\bcvv\b/, 'CREDIT_CARD'],
  [
    /phone|mobile|\bcell\b|\btel\b|telefon|whatsapp|\bfax\b|call me|numaram|téléphone|teléfono/,
    'PHONE',
  ],
  [
    /national id|\bid (?:no|num|card)|identity|identification|ausweis|kvnr|versicherten|pesel|aadhaa?r|nric|\bfin\b|nino|national insurance|\bnhs\b|medicare|\btfn\b|\bsin\b|\brrn\b|\bfrn\b|\bdni\b|\bnie\b|personnummer|hetu|kimlik|tnin|\bmbi\b|voter|certificate (?:no|num)|registration (?:no|num)|\bid\b ?(?:is|:|#)|my (?:\w+ )?(?:number|no\.?) is|número de|numéro de|nummer/,
    'ID_NUMBER',
  ],
];

const DOB_CONTEXT = /born|birth|\bdob\b|d\.o\.b|birthday|geboren|né le|née le|nacid[oa]|nato il/;

// A value introduced as invalid or fake is not someone's identifier.
const NEGATED = /invalid|not (?:a )?valid|isn't (?:a )?valid|fake|dummy|example|sample|placeholder/;

function contextEntity(text: string, start: number): string | null {
  const from = Math.max(0, start - CONTEXT_WINDOW);
  const window = text.slice(from, start).toLowerCase();
  if (NEGATED.test(window)) return null;
  for (const [re, entity] of CONTEXT) if (re.test(window)) return entity;
  return null;
}

function finding(
  detector: string,
  entity: string,
  score: number,
  start: number,
  end: number,
  evidence: string,
): Finding {
  return spanFinding('pii', detector, score, start, end, evidence, entity);
}

function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

const LOCAL_CHAR = /[A-Za-z0-9._%+\-']/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/** `/\s/` on one code unit, without a regex call per character. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function findEmails(text: string, out: Finding[]): void {
  // Candidate starts only move forward, so the last whitespace and the last `://` before a
  // candidate are tracked incrementally (walking back up to 256 characters per `@` made
  // `a@a@a@…` cost 256 steps per character).
  let wsPtr = 0;
  let lastWs = -1;
  let schemePtr = 0;
  let lastScheme = -1;
  let at = text.indexOf('@');
  while (at >= 0) {
    let s = at;
    while (s > 0 && at - s < 64 && LOCAL_CHAR.test(text[s - 1]!)) s--;
    let e = at + 1;
    while (e < text.length && e - at < 254 && DOMAIN_CHAR.test(text[e]!)) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
    while (s < at && text[s] === '.') s++;
    const domain = text.slice(at + 1, e);
    const dot = domain.lastIndexOf('.');
    const tld = dot > 0 ? domain.slice(dot + 1) : '';
    const before = s > 0 ? text[s - 1]! : '';
    // Userinfo of a URL (`scheme://user:pw@host`) is a credential, not an address.
    for (; wsPtr < s; wsPtr++) if (isSpace(text.charCodeAt(wsPtr))) lastWs = wsPtr;
    for (; schemePtr + 3 <= s; schemePtr++) {
      if (text.charCodeAt(schemePtr) === 0x3a && text.startsWith('://', schemePtr)) {
        lastScheme = schemePtr;
      }
    }
    const t0 = Math.max(lastWs + 1, s - 256);
    const inUrl = lastScheme >= t0;
    // URL userinfo (`user:pw@host`) and `@scope/pkg` are not addresses.
    if (
      s < at &&
      dot > 0 &&
      /^(?:[A-Za-z]{2,24}|xn--[a-z0-9-]{1,59})$/.test(tld) &&
      !domain.includes('..') &&
      before !== ':' &&
      before !== '/' &&
      !inUrl
    ) {
      const value = text.slice(s, e);
      // Reserved example domains and no-reply mailboxes identify nobody.
      const role = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster)$/i.test(
        text.slice(s, at),
      );
      const reserved =
        /(?:^|\.)(?:example\.(?:com|org|net)|[a-z0-9-]+\.(?:example|invalid|test|localhost))$/i.test(
          domain,
        );
      const score = role || reserved || /fake|dummy/i.test(value) ? 0.4 : 0.9;
      out.push(finding('email', 'EMAIL', score, s, e, maskEmail(value)));
    }
    at = text.indexOf('@', at + 1);
  }
}

const PHONE_REGIONS = [
  'US',
  'GB',
  'IN',
  'DE',
  'FR',
  'ES',
  'IT',
  'BR',
  'PH',
  'TR',
  'AU',
  'JP',
  'MX',
] as const;

function phoneValid(raw: string, anyRegion: boolean): boolean {
  const trimmed = raw.trim();
  if (trimmed.startsWith('+')) return parsePhoneNumberFromString(trimmed)?.isValid() === true;
  const regions = anyRegion ? PHONE_REGIONS : (['US'] as const);
  for (const region of regions) {
    if (parsePhoneNumberFromString(trimmed, region)?.isValid() === true) return true;
  }
  return false;
}

const NANP_SHAPE = /^(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;

function mobileInSomeRegion(raw: string): boolean {
  for (const region of PHONE_REGIONS) {
    const p = parsePhoneNumberFromString(raw.trim(), region);
    if (p?.isValid() === true && p.getType() === 'MOBILE') return true;
  }
  return false;
}

interface NumberMatch {
  readonly entity: string;
  readonly detector: string;
  readonly score: number;
}

/** Classify one digit group (with its raw form and context) as an identifier, if it is one. */
function classifyNumber(raw: string, digits: string, ctx: string | null): NumberMatch | null {
  const n = digits.length;
  const grouped = /[ \-.]/.test(raw);
  const dashed = (pattern: RegExp) => pattern.test(raw);
  if (
    n >= 12 &&
    n <= 19 &&
    !isTrivialDigits(digits) &&
    luhn(digits) &&
    cardBrand(digits) !== null
  ) {
    if (!(n === 13 && /^\d{6}-\d{7}$/.test(raw))) {
      return { entity: 'CREDIT_CARD', detector: 'credit_card', score: 0.9 };
    }
  }
  if (n === 9) {
    const ssnShape = dashed(/^\d{3}([-. ])\d{2}\1\d{4}$/);
    if (itinValid(digits) && (ssnShape || ctx === 'TAX_ID' || ctx === 'US_SSN')) {
      return { entity: 'US_ITIN', detector: 'us_itin', score: 0.75 };
    }
    if (ssnValid(digits)) {
      if (ssnShape || ctx === 'US_SSN') return { entity: 'US_SSN', detector: 'us_ssn', score: 0.8 };
      if (!grouped && ctx === null) return { entity: 'US_SSN', detector: 'us_ssn', score: 0.4 };
    }
    if (caSinValid(digits) && (dashed(/^\d{3}([- ])\d{3}\1\d{3}$/) || ctx === 'ID_NUMBER')) {
      return { entity: 'CA_SIN', detector: 'ca_sin', score: 0.65 };
    }
    if (auTfnValid(digits) && (ctx === 'TAX_ID' || dashed(/^\d{3} \d{3} \d{3}$/))) {
      return { entity: 'AU_TFN', detector: 'au_tfn', score: 0.65 };
    }
  }
  if (n === 13) {
    if (krRrnValid(digits) && (dashed(/^\d{6}-\d{7}$/) || ctx !== null)) {
      return { entity: 'KR_RRN', detector: 'kr_rrn', score: 0.8 };
    }
    if (zaIdValid(digits) && !grouped)
      return { entity: 'ZA_ID_NUMBER', detector: 'za_id', score: 0.65 };
    if (thIdValid(digits)) {
      // Thai ids are written 1-2345-67890-12-3; a bare checksum match is weak evidence.
      const formatted = dashed(/^\d-\d{4}-\d{5}-\d{2}-\d$/);
      const score = formatted || ctx === 'ID_NUMBER' ? 0.65 : grouped ? 0 : 0.6;
      if (score === 0) return null;
      return { entity: 'TH_TNIN', detector: 'th_tnin', score };
    }
    if (krRrnValid(digits)) return { entity: 'KR_RRN', detector: 'kr_rrn', score: 0.6 };
  }
  if (n === 11) {
    if (trIdValid(digits))
      return { entity: 'TR_NATIONAL_ID', detector: 'tr_national_id', score: 0.65 };
    if (peselValid(digits) && !grouped)
      return { entity: 'PL_PESEL', detector: 'pl_pesel', score: 0.6 };
    if (deTaxIdValid(digits)) return { entity: 'DE_TAX_ID', detector: 'de_tax_id', score: 0.6 };
  }
  if (n === 12 && aadhaarValid(digits) && (dashed(/^\d{4}([ -])\d{4}\1\d{4}$/) || !grouped)) {
    return { entity: 'IN_AADHAAR', detector: 'in_aadhaar', score: 0.7 };
  }
  if ((n === 10 || n === 12) && sePersonnummerValid(digits)) {
    if (dashed(/^(?:\d{2})?\d{6}[-+]\d{4}$/)) {
      return { entity: 'SE_PERSONNUMMER', detector: 'se_personnummer', score: 0.75 };
    }
    if (n === 12 && /^(?:19|20)/.test(digits)) {
      return { entity: 'SE_PERSONNUMMER', detector: 'se_personnummer', score: 0.6 };
    }
  }
  if (
    n === 10 &&
    nhsValid(digits) &&
    (dashed(/^\d{3}([ -])\d{3}\1\d{4}$/) || ctx === 'ID_NUMBER')
  ) {
    if (!dashed(/^\d{3}-\d{3}-\d{4}$/) || ctx === 'ID_NUMBER') {
      return { entity: 'UK_NHS', detector: 'uk_nhs', score: 0.65 };
    }
  }
  // Phone numbers: international form, a national form after a phone keyword, or the North
  // American punctuated form. Bare digit strings are not phone numbers without one of these.
  if (n >= 7 && n <= 15 && !isTrivialDigits(digits)) {
    const trimmed = raw.trim();
    const intl = trimmed.startsWith('+');
    if (intl || ctx === 'PHONE') {
      if (phoneValid(raw, true))
        return { entity: 'PHONE', detector: 'phone', score: intl ? 0.8 : 0.75 };
    } else if (NANP_SHAPE.test(trimmed) && phoneValid(raw, false)) {
      return { entity: 'PHONE', detector: 'phone', score: 0.6 };
    } else if (digits[0] === '0' && n >= 10 && n <= 12 && mobileInSomeRegion(raw)) {
      // A national mobile number with its trunk prefix (0917..., 0532...).
      return { entity: 'PHONE', detector: 'phone', score: 0.6 };
    }
  }
  // An SSN-shaped value that failed the SSN/ITIN rules is not saved by a keyword.
  if (n === 9 && dashed(/^\d{3}([-. ])\d{2}\1\d{4}$/)) return null;
  if (contextAllows(ctx, n) && !isTrivialDigits(digits)) {
    return { entity: ctx!, detector: 'id_in_context', score: 0.65 };
  }
  return null;
}

/**
 * Whether an id keyword alone makes a value of `len` characters an identifier. Not for types whose
 * own validator already rejected the value (a card number failing Luhn is not a card number).
 */
function contextAllows(ctx: string | null, len: number): boolean {
  if (ctx === null || ctx === 'PHONE' || ctx === 'CREDIT_CARD' || ctx === 'US_SSN') return false;
  if (ctx === 'PASSPORT') return len >= 8 && len <= 12;
  return len >= 6 && len <= 20;
}

// A run of digits with light separators: 123-45-6789, (425) 882-9090, +63 917 123 4567.
const NUMBER_RUN = /\+?\(?\d(?:[ \-./()]{0,2}\d){5,24}\)?/g;

/**
 * Number candidates classified per text. INVARIANT: bounds the work on hostile input (a text made of
 * digit groups); real texts use a tiny fraction of it.
 */
const NUMBER_BUDGET = 1024;

function findNumbers(
  text: string,
  out: Finding[],
  skip: ReadonlyArray<readonly [number, number]>,
): void {
  const budget = { left: NUMBER_BUDGET };
  NUMBER_RUN.lastIndex = 0;
  for (let m = NUMBER_RUN.exec(text); m !== null; m = NUMBER_RUN.exec(text)) {
    const runStart = m.index;
    const run = m[0];
    // Digits inside an IBAN-shaped run belong to it (valid or not).
    if (skip.some(([a, b]) => runStart < b && runStart + run.length > a)) continue;
    // A digit run longer than any identifier: skip to its end.
    const next = text.charCodeAt(runStart + run.length);
    if (next >= 48 && next <= 57) {
      let e = runStart + run.length;
      while (e < text.length && /[0-9 \-./()]/.test(text[e]!)) e++;
      NUMBER_RUN.lastIndex = e;
      continue;
    }
    // Dotted quads are IP addresses, handled separately.
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(run)) continue;
    // Ignore digits glued to letters on the right (part of a token), e.g. hashes.
    const after = text.charCodeAt(runStart + run.length);
    if ((after >= 65 && after <= 90) || (after >= 97 && after <= 122)) {
      if (!/^\d{6,8}$/.test(run) && !/[ -]/.test(run)) continue;
    }
    // Try the whole run, then space-separated groups (a run may hold several numbers).
    const words = splitWords(run);
    let i = 0;
    while (i < words.length && budget.left > 0) {
      let matched = false;
      // A group right after a short digit group belongs to that number; do not start inside it.
      if (i > 0 && words[i - 1]!.end - words[i - 1]!.start <= 4 && !matched) {
        const prev = run.slice(words[i - 1]!.start, words[i - 1]!.end);
        if (/^\(?\d{1,4}\)?$/.test(prev)) {
          i++;
          continue;
        }
      }
      const ctx = contextEntity(text, runStart + words[i]!.start);
      for (let j = Math.min(words.length, i + 6); j > i; j--) {
        const ws = words[i]!.start;
        const we = words[j - 1]!.end;
        const raw = run.slice(ws, we);
        const digits = digitsOf(raw);
        if (digits.length < 6) continue;
        const start = runStart + ws;
        const end = runStart + we;
        budget.left--;
        const hit = classifyNumber(raw, digits, ctx);
        if (hit !== null) {
          out.push(finding(hit.detector, hit.entity, hit.score, start, end, maskValue(raw, 0, 2)));
          i = j;
          matched = true;
          break;
        }
      }
      if (!matched) i++;
    }
  }
}

function splitWords(run: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let s = 0;
  for (let i = 0; i <= run.length; i++) {
    if (i === run.length || run[i] === ' ') {
      if (i > s) out.push({ start: s, end: i });
      s = i + 1;
    }
  }
  return out;
}

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
const IPV6_HINT = /:[0-9A-Fa-f]{0,4}:/;
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])/g;

/** Public unicast addresses can identify a person; private, loopback, link-local and such cannot. */
function personalIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

function findIps(text: string, out: Finding[]): void {
  if (text.indexOf('.') >= 0) {
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
      if (isIP(m[0]) === 4 && !/(?:^|\.)0\d/.test(m[0])) {
        const s = m.index;
        const score = personalIpv4(m[0]) ? 0.6 : 0.35;
        out.push(
          finding('ip_address', 'IP_ADDRESS', score, s, s + m[0].length, maskValue(m[0], 0, 0)),
        );
      }
    }
  }
  // Every IPv6 match holds `:h{0,4}:`; prose colons (`Note: …`) never do.
  if (text.indexOf(':') >= 0 && IPV6_HINT.test(text)) {
    IPV6.lastIndex = 0;
    for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
      const v = m[0];
      if (v.length >= 3 && isIP(v) === 6 && /[0-9a-fA-F]/.test(v)) {
        const s = m.index;
        out.push(finding('ip_address', 'IP_ADDRESS', 0.6, s, s + v.length, maskValue(v, 0, 0)));
      }
    }
  }
}

const IBAN_RUN = /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){10,32}\b/g;

/** Finds valid IBANs; returns every IBAN-shaped region (valid or not) of a known country. */
function findIbans(text: string, out: Finding[]): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  IBAN_RUN.lastIndex = 0;
  for (let m = IBAN_RUN.exec(text); m !== null; m = IBAN_RUN.exec(text)) {
    const run = m[0];
    const len = ibanLength(run.slice(0, 2));
    if (len === undefined) continue;
    regions.push([m.index, m.index + run.length]);
    // Take exactly the country's length of characters (the run may continue into other words).
    let compact = '';
    let k = 0;
    for (; k < run.length && compact.length < len; k++)
      if (run[k] !== ' ' && run[k] !== '-') compact += run[k];
    if (compact.length !== len || !ibanValid(compact)) continue;
    if (k < run.length && run[k] !== ' ' && run[k] !== '-') continue;
    const start = m.index;
    out.push(finding('iban', 'IBAN', 0.9, start, start + k, maskValue(compact, 2, 2)));
    IBAN_RUN.lastIndex = start + k;
  }
  return regions;
}

// Letter+digit identifiers: NINO, DNI/NIE, NRIC, HETU, codice fiscale, MBI, crypto, licences.
const NINO_SPACED = /\b[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]\b/g;

function classifyToken(token: string, ctx: string | null): NumberMatch | null {
  const upper = token.toUpperCase();
  const compact = upper.replace(/-/g, '');
  if (compact.length === 9 && ukNinoValid(compact)) {
    return { entity: 'UK_NINO', detector: 'uk_nino', score: 0.75 };
  }
  if (esIdValid(compact) && token === upper) {
    return {
      entity: compact.length === 9 && /^[XYZ]/.test(compact) ? 'ES_NIE' : 'ES_NIF',
      detector: 'es_id',
      score: 0.8,
    };
  }
  if (deKvnrValid(upper)) return { entity: 'DE_HEALTH_INSURANCE', detector: 'de_kvnr', score: 0.7 };
  if (sgNricValid(upper)) return { entity: 'SG_NRIC_FIN', detector: 'sg_nric', score: 0.8 };
  if (fiHetuValid(upper))
    return { entity: 'FI_PERSONAL_IDENTITY_CODE', detector: 'fi_hetu', score: 0.8 };
  if (compact.length === 16 && itFiscalCodeValid(upper)) {
    return { entity: 'IT_FISCAL_CODE', detector: 'it_fiscal_code', score: 0.8 };
  }
  if (compact.length === 11 && token === upper && usMbiValid(compact)) {
    return { entity: 'US_MBI', detector: 'us_mbi', score: 0.7 };
  }
  if (/^bc1[02-9ac-hj-np-z]{11,71}$/i.test(token) && bech32Valid(token)) {
    return { entity: 'CRYPTO', detector: 'crypto_wallet', score: 0.8 };
  }
  if (/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(token) && base58CheckValid(token)) {
    return { entity: 'CRYPTO', detector: 'crypto_wallet', score: 0.8 };
  }
  // UK driving licence: surname (5, 9-padded), decade, month (+50 for women), day, year, initials.
  if (/^[A-Z9]{5}\d[0156]\d[0-3]\d\d[A-Z9]{2}\d[A-Z]{2}$/.test(upper)) {
    return { entity: 'UK_DRIVING_LICENCE', detector: 'uk_driving_licence', score: 0.7 };
  }
  if (ctx !== null) {
    let digits = 0;
    for (let i = 0; i < compact.length; i++) {
      const c = compact.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
    }
    if (digits >= 4 && contextAllows(ctx, compact.length) && digits < compact.length) {
      return { entity: ctx, detector: 'id_in_context', score: 0.65 };
    }
  }
  return null;
}

const TOKEN_CHAR = /[A-Za-z0-9\-+]/;
const DIGIT_G = /[0-9]/g;

function findTokens(text: string, out: Finding[]): void {
  // Identifiers mix letters and digits: expand a token around each digit (linear: each token is
  // expanded once, then the search resumes after it).
  DIGIT_G.lastIndex = 0;
  let budget = NUMBER_BUDGET;
  for (let m = DIGIT_G.exec(text); m !== null && budget > 0; m = DIGIT_G.exec(text)) {
    let s0 = m.index;
    while (s0 > 0 && m.index - s0 < 62 && TOKEN_CHAR.test(text[s0 - 1]!)) s0--;
    let e0 = m.index + 1;
    while (e0 < text.length && e0 - s0 < 64 && TOKEN_CHAR.test(text[e0]!)) e0++;
    if (e0 - s0 >= 64) {
      // Longer than any identifier: skip the whole run.
      while (e0 < text.length && TOKEN_CHAR.test(text[e0]!)) e0++;
      DIGIT_G.lastIndex = e0;
      continue;
    }
    DIGIT_G.lastIndex = e0;
    while (s0 < e0 && (text[s0] === '-' || text[s0] === '+')) s0++;
    while (e0 > s0 && (text[e0 - 1] === '-' || text[e0 - 1] === '+')) e0--;
    const token = text.slice(s0, e0);
    if (token.length < 6 || token.length > 63 || !/[A-Za-z]/.test(token)) continue;
    budget--;
    const ctx = contextEntity(text, s0);
    const hit = classifyToken(token, ctx);
    if (hit !== null) {
      out.push(finding(hit.detector, hit.entity, hit.score, s0, e0, maskValue(token, 0, 2)));
    }
  }
  NINO_SPACED.lastIndex = 0;
  for (let m = NINO_SPACED.exec(text); m !== null; m = NINO_SPACED.exec(text)) {
    if (!m[0].includes(' ')) continue;
    if (ukNinoValid(m[0].replace(/ /g, '').toUpperCase())) {
      const s = m.index;
      out.push(finding('uk_nino', 'UK_NINO', 0.75, s, s + m[0].length, maskValue(m[0], 0, 1)));
    }
  }
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  `\\b(?:\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:19|20)?\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTHS})\\.?,? (?:19|20)\\d{2}|(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\\d{2})\\b`,
  'gi',
);

const DOB_CUES = ['born', 'birth', 'dob', 'd.o.b', 'geboren', 'né', 'nacid', 'nato'];
// Any cue as a substring, in one native scan rather than one `includes` per cue.
const DOB_CUE = new RegExp(DOB_CUES.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

function findBirthDates(text: string, lower: string, out: Finding[]): void {
  if (!DOB_CUE.test(lower)) return;
  DATE.lastIndex = 0;
  for (let m = DATE.exec(text); m !== null; m = DATE.exec(text)) {
    const s = m.index;
    const window = text.slice(Math.max(0, s - 40), s).toLowerCase();
    if (DOB_CONTEXT.test(window)) {
      out.push(
        finding('date_of_birth', 'DATE_OF_BIRTH', 0.7, s, s + m[0].length, maskValue(m[0], 0, 0)),
      );
    }
  }
}

const DIGIT = /[0-9]/;

// Street addresses: house number, one to four capitalised name words, a street-type word; then
// optionally a unit and ", City, ST 12345" (US) or a UK postcode.
const STREET =
  /\b\d{1,5}[A-Za-z]?\s(?:[A-Z][a-z]{1,20}\.?\s){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Crescent|Close|Gardens)\b\.?(?:,?\s(?:Apt|Suite|Unit|Flat|#)\.?\s?[A-Za-z0-9-]{1,6})?(?:,\s(?:[A-Z][a-z]{1,20}\s?){1,3},?\s(?:[A-Z]{2}\s\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}))?/g;
const ADDRESS_CONTEXT =
  /address|live[sd]? at|living at|located at|reside|ship(?:ping)? to|deliver(?:y)? to|home/;

function findAddresses(text: string, out: Finding[]): void {
  STREET.lastIndex = 0;
  for (let m = STREET.exec(text); m !== null; m = STREET.exec(text)) {
    const s0 = m.index;
    const full = m[0];
    // A city/state/ZIP tail or an address keyword makes it an address; a bare "12 Main Street" is weak.
    const tail = /,\s[A-Z][a-z]/.test(full) && /\d{5}|[A-Z]\d[A-Z\d]?\s\d[A-Z]{2}$/.test(full);
    const ctx = ADDRESS_CONTEXT.test(text.slice(Math.max(0, s0 - 40), s0).toLowerCase());
    const score = tail || ctx ? 0.7 : 0.45;
    out.push(
      finding('street_address', 'ADDRESS', score, s0, s0 + full.length, maskValue(full, 0, 0)),
    );
  }
}

function hasDigit(text: string): boolean {
  return DIGIT.test(text);
}

/** Drop findings contained in a higher-or-equal scoring finding (a card inside a longer run). */
function dropContained(findings: Finding[]): Finding[] {
  const n = findings.length;
  if (n < 2) return findings;
  // Sweep in (start, longest first, best first) order: a container is always visited before what
  // it contains, and only spans still open at the current start are compared (linear for
  // disjoint findings, where comparing all pairs was quadratic).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const fa = findings[a]!.span!;
    const fb = findings[b]!.span!;
    return fa.start - fb.start || fb.end - fa.end || findings[b]!.score - findings[a]!.score;
  });
  const dropped = new Uint8Array(n);
  const open: Finding[] = [];
  for (const i of order) {
    const f = findings[i]!;
    const fs = f.span!;
    let k = 0;
    for (const g of open) if (g.span!.end >= fs.start) open[k++] = g;
    open.length = k;
    for (const g of open) {
      const gs = g.span!;
      if (
        gs.start <= fs.start &&
        (gs.end - gs.start > fs.end - fs.start || g.score > f.score) &&
        g.score >= f.score
      ) {
        dropped[i] = 1;
        break;
      }
    }
    open.push(f);
  }
  return findings.filter((_, i) => dropped[i] === 0);
}

/** The PII detector. */
export const piiDetector: Detector = {
  id: 'pii',
  categories: ['pii'],
  detect(view) {
    const { text } = view;
    const out: Finding[] = [];
    if (text.indexOf('@') >= 0) findEmails(text, out);
    if (!hasDigit(text)) return out;
    const ibanRegions = findIbans(text, out);
    findNumbers(text, out, ibanRegions);
    findIps(text, out);
    findTokens(text, out);
    findBirthDates(text, view.lower ?? text.toLowerCase(), out);
    findAddresses(text, out);
    return dropContained(out);
  },
};
