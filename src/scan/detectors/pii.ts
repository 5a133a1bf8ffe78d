/**
 * pii: personal data in text, validated wherever a format has rules.
 *
 * Candidates are e-mail addresses (around each `@`) and identifier phrases around digits: the
 * whitespace-delimited word holding a digit plus neighbouring words, joined by one space, that can
 * belong to the same value (`4012 8888 8888 1881`, `B AB 1234`, `AA 12 34 56 B`). Runs of up to
 * six words are classified longest-first; inside punctuated words (JSON, URLs, `key=value`) the
 * pieces between separators are classified too. Work is local to digits: text without digits or
 * `@` costs one native scan.
 *
 * Scores (`BLOCK_THRESHOLD` = 0.5):
 * - a distinctive layout with a checksum (card, IBAN, NINO, DNI, HETU, RVNR, CPF, dashed SSN …) or
 *   an issuer's layout with a check digit: 0.7-0.9;
 * - a value introduced by a keyword for that kind of identifier (before it, shortly after it, or
 *   the name of the param it came from), in several languages: 0.7 with a checksum or the issuer's
 *   layout, 0.65 for any id-shaped value;
 * - a text that is nothing but identifiers (a form field, a one-line reply) lifts checksum-valid
 *   values and issuer-specific layouts (a Korean passport `M123A4567`, a UK plate `AB51 ABC`) to
 *   0.55; generic shapes (two letters and seven digits, a bare digit run without a check digit)
 *   stay below 0.5 without a keyword, as do checksum-valid numbers in prose: one order number in
 *   ten passes a Luhn check.
 *
 * Decisions:
 * - IP addresses are personal data when they point at someone (GDPR): public addresses 0.6.
 *   Private, link-local and shared (CGNAT) addresses are unique only inside one network: 0.55 in
 *   CIDR notation or after a network keyword ("my ip", "host", "gateway"), else 0.4. Loopback,
 *   unspecified, broadcast and multicast addresses identify nobody: 0.35, never blocking (agents
 *   pass `127.0.0.1:8080` around all day). A dotted quad after "version" is no address.
 * - Published test card numbers (4111 1111 1111 1111 …) are flagged like any card: by format they
 *   are indistinguishable from issued numbers, DLP tests rely on them, and redacting one costs
 *   nothing. SSNs the SSA voided after publication (078-05-1120 …) need a keyword; so do
 *   placeholder digits (`123456789`).
 * - A failed checksum rejects a value even after a keyword (a card failing Luhn is no card).
 *   Korean RRNs issued since October 2020 end in random digits: a failing check rejects only a
 *   resident born before then.
 * - US SSNs and ITINs are issuance rules, not checksums (most 9-digit numbers pass): they need the
 *   123-45-6789 layout or a keyword; bare phone numbers without a trunk prefix, `+` or grouping
 *   need a phone keyword.
 */
import { isIP } from 'node:net';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Finding } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { maskEmail, maskValue } from '../evidence.js';
import { spanFinding } from '../finding.js';
import { literalSet } from '../literals.js';
import {
  aadhaarValid,
  abaRoutingValid,
  auAbnValid,
  auMedicareValid,
  auTfnValid,
  base58CheckValid,
  bech32Valid,
  beNationalNumberValid,
  brCpfValid,
  cardBrand,
  caSinValid,
  cnResidentIdValid,
  deaValid,
  deIdDocumentValid,
  deKvnrValid,
  dePlateValid,
  deRvnrValid,
  deTaxIdChecksum,
  deTaxIdValid,
  esIdValid,
  fiHetuValid,
  frNirValid,
  ibanLength,
  ibanValid,
  inPanValid,
  inVehicleValid,
  isTrivialDigits,
  isVoidSsn,
  itDriverLicenceValid,
  itFiscalCodeValid,
  itinValid,
  krDriverLicenceValid,
  krPassportValid,
  krRegistrationChecksum,
  krRegistrationKind,
  luhn,
  mxCurpValid,
  ngPlateValid,
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
  trPlateValid,
  twIdValid,
  ukNinoValid,
  ukPlateCurrentValid,
  ukPlateOldValid,
  usMbiValid,
  vinValid,
  zaIdValid,
} from './pii-validators.js';

// ---------------------------------------------------------------------------------------------
// Scores

/** A distinctive layout with a checksum: cards, IBANs, e-mail addresses. */
const CERTAIN = 0.9;
/** A national layout with its check digit or rules (NINO, DNI, dashed SSN, HETU …). */
const STRONG = 0.8;
/** A keyword for this kind of identifier, with a checksum or the issuer's layout. */
const KEYWORD = 0.7;
/** A keyword and an id-shaped value of the right length, nothing more. */
const KEYWORD_SHAPE = 0.65;
/** A layout specific enough to block alone (grouped NHS, CA SIN `123-456-789`, plates in context). */
const FORMATTED = 0.6;
/** A checksum-valid value or an issuer's layout in a text that holds nothing but identifiers. */
const STANDALONE = 0.55;
/** A checksum or layout alone inside prose: reported, never blocking. */
const WEAK = 0.4;
/** Below this, a candidate is not reported at all. */
const REPORT_FLOOR = 0.35;

// ---------------------------------------------------------------------------------------------
// Keywords that announce an identifier, by kind, in several languages; found with one automaton
// (literals.ts) in a short lower-cased window before a value and a shorter one after it, never
// in the whole text.

type Family =
  | 'passport'
  | 'driver'
  | 'vehicle'
  | 'ssn'
  | 'tax'
  | 'bank'
  | 'card'
  | 'phone'
  | 'medical'
  | 'ip'
  | 'id'
  /** "my number is", "mi número": a person's number of some kind. */
  | 'number'
  /** "invalid", "fake", "example": what follows is nobody's identifier. */
  | 'negated'
  /** A birth date follows. */
  | 'dob'
  /** A street address follows. */
  | 'address';

/** Comma-separated keywords, written over several lines. */
function list(...lines: string[]): string[] {
  return lines
    .join(' ')
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

// Lower case; `|` at an end: a word boundary there (no letter or digit next to the keyword).
const KEYWORDS: ReadonlyArray<readonly [Family, readonly string[]]> = [
  [
    'passport',
    list(
      'passport, reisepass, passnummer, pass-nr, pasaporte, passeport, passaporto,',
      'passaporte, paspoort, pasaport, paszport, travel document, 여권, 旅券, パスポート, 护照, 護照,',
      'паспорт, หนังสือเดินทาง',
    ),
  ],
  [
    'driver',
    list(
      'driver, driving, |dl|, |licence|, |license|, |licence:, |license:, |licence#, |license#, führerschein, fahrerlaubnis,',
      'permis de conduire, licencia de conduc, carnet de conducir, patente,',
      'carteira de motorista, |cnh|, rijbewijs, ehliyet, prawo jazdy, körkort, ajokortti,',
      '운전면허, 면허번호, 免許, 驾驶证, 駕駛, водительск',
    ),
  ],
  [
    'vehicle',
    list(
      'plate, kennzeichen, |kfz, nummernschild, fahrzeug, vehicle, |car|, |reg|, |vin|,',
      'registration plate, registration mark, |vrn|, dvla, immatricul, plaque, matrícula,',
      'matricula, placa, targa, kenteken, plaka, tablic, rejestracyj, registreringsnummer,',
      '번호판, ナンバー, 车牌, 車牌, госномер, номерн, ทะเบียนรถ, |rto|',
    ),
  ],
  [
    'ssn',
    list(
      '|ssn|, |ssns|, |ssid|, social security, sozialversicherung, rentenversicherung,',
      'versicherungsnummer, |rvnr|, |svnr|, sv-nummer, sécurité sociale, securite sociale,',
      'seguridad social, segurança social, previdenza, |nir|, |snils|, снилс',
    ),
  ],
  [
    'tax',
    list(
      '|itin|, taxpayer, tax id, taxid, tax number, tax no, tax file, tax code,',
      'tax identification, tax registration, |tfn|, |tin|, steuer, st.-nr, st-nr, |stnr,',
      'st.nr, |idnr, finanzamt, |pan|, permanent account, codice fiscale, partita iva,',
      '|nif|, |cif|, |rfc:, |rfc es|, mi rfc|, su rfc|, |r.f.c., |cpf|, |cuit|, fiscal code, fiscal number, fiscal id,',
      'número fiscal, numéro fiscal, identifiant fiscal, code fiscal, vergi, |bir|, |abn|,',
      '|acn|, |vat|, ust-id, |ustid, |gstin|, инн',
    ),
  ],
  [
    'bank',
    list(
      'iban, bank account, bank acc, bankkonto, bank details, account no, account num,',
      'account #, acct, routing, |aba|, sort code, konto, compte, cuenta, conto corrente,',
      'rekening, hesap, checking account, savings account, |bsb|, 계좌, 口座, 账户, 账号, счет,',
      'счёт',
    ),
  ],
  [
    'card',
    list(
      'card no, card num, card #, credit card, creditcard, debit card, |cvv|, |cvc|,',
      'kreditkarte, carte bancaire, carte de crédit, carte de credit, carte bleue,',
      'tarjeta, cartão, cartao, carta di credito, kart numara, 카드, クレジット, 信用卡, 银行卡, карта,',
      'карты',
    ),
  ],
  [
    'phone',
    list(
      'phone, mobile, |cell|, |tel|, |tel., telefon, teléfono, telefono, téléphone,',
      'telepono, |portable|, |handy|, whatsapp, |fax|, call me, |sms|, numaram, |cep|,',
      '|gsm|, 전화, 휴대폰, 電話, 携帯, 电话, 手机, телефон, โทร',
    ),
  ],
  [
    'medical',
    list(
      'medicare, medicaid, |nhs|, |dea|, medical, |mrn|, |npi|, health insurance,',
      'health card, health number, krankenversicherung, versicherten, |kvnr|,',
      'krankenkasse, gesundheitskarte, |egk, patient, certificate, zertifikat',
    ),
  ],
  [
    'ip',
    list(
      '|ip|, |ipv4|, |ipv6|, |ips|, adresse ip, dirección ip, indirizzo ip, |host, server,',
      'subnet, gateway, |dns|, router, |route, netmask, cidr, |inet|, firewall,',
      'link-local, |lan|, |connect, |ssh|, |ping|, logged in from, login from, ip地址, ip 주소,',
      'ipアドレス',
    ),
  ],
  [
    'id',
    list(
      'national id, |id no, |id num, |id card, |id code, |id#, |id:, |id is|, |id=, |ids:,',
      'identity, identification, identit, ausweis, personnummer, personnr, |pnr|, fødselsnummer, pesel,',
      'aadhar, aadhaar, |nric|, |fin|, |nino|, national insurance, |sin|,',
      'social insurance, assurance sociale, |rrn|, |frn|, resident, registration no,',
      'registration num, |dni|, |nie|, hetu, henkilötunnus, kimlik, |tc|, |tnin|, citizen,',
      "cédula, cedula, documento, carta d'identit, carte d'identit, |bsn|, burgerservice,",
      '|cpr|, |cnp|, |egn|, kennitala, |rut|, |curp|, |nin|, |vote|, |voter|, |voting|,',
      '|epic|, election, 주민등록, 외국인등록, マイナンバー, 個人番号, 身份证, 身份證, เลขประจำตัว, บัตรประชาชน,',
      'member id, |mbi|',
    ),
  ],
  ['number', list('number, |no., número, numéro, nummer, numero, numaram')],
  [
    'negated',
    list(
      "invalid, not valid, not a valid, isn't valid, isn't a valid, |not a|, |not an|,",
      'fake, dummy, example, sample, placeholder',
    ),
  ],
  [
    'dob',
    list(
      'born, birth, |dob|, d.o.b, geboren, geburtsdatum, né le, née le, naissance, nacido,',
      'nacida, nacimiento, nato il, nata il, nascita, nascido, nascida, nascimento, doğum,',
      'urodzon, född, 생년월일, 生年月日, 出生, рождени, родил',
    ),
  ],
  [
    'address',
    list(
      'address, lives at, lived at, live at, living at, located at, reside, ship to,',
      'shipping to, deliver to, delivery to, home, adresse, dirección, indirizzo,',
      'endereço',
    ),
  ],
];

const FAMILIES: readonly Family[] = KEYWORDS.map(([family]) => family);

const FAMILY_BIT: Readonly<Record<Family, number>> = Object.fromEntries(
  FAMILIES.map((f, i) => [f, 1 << i]),
) as Record<Family, number>;

/** The keyword automaton and, per literal, its family and boundary requirements. */
const KEYWORD_INDEX = (() => {
  const literals: string[] = [];
  const family: number[] = [];
  const boundedStart: boolean[] = [];
  const boundedEnd: boolean[] = [];
  KEYWORDS.forEach(([, words], f) => {
    for (const word of words) {
      const start = word.startsWith('|');
      const end = word.endsWith('|');
      const literal = word.slice(start ? 1 : 0, end ? -1 : undefined);
      // The scanner hands detectors NFKC text (Thai ำ, Korean jamo, full-width forms decompose);
      // callers of the detector alone may not.
      const forms = new Set([literal, literal.normalize('NFKC')]);
      for (const form of forms) {
        literals.push(form);
        family.push(f);
        boundedStart.push(start);
        boundedEnd.push(end);
      }
    }
  });
  return { set: literalSet(literals), family, boundedStart, boundedEnd };
})();

// A possessive right before "number": "my phone number", "mi número de", "il mio numero".
const POSSESSIVE =
  /(?:^|[^\p{L}])(?:my|mi|mon|ma|mein|meine|il mio|la mia|meu|minha)\s+(?:\S+\s+){0,2}$/u;

/** Bit set of the families whose keywords occur in `window` (lower case). */
function familiesIn(window: string): number {
  let mask = 0;
  const { set, family, boundedStart, boundedEnd } = KEYWORD_INDEX;
  set.scan(window, (k, end) => {
    const start = end - set.literals[k]!.length;
    if (boundedStart[k] && start > 0 && isWordCode(window.charCodeAt(start - 1))) return;
    if (boundedEnd[k] && end < window.length && isWordCode(window.charCodeAt(end))) return;
    const bit = 1 << family[k]!;
    const before = () => window.slice(Math.max(0, start - 24), start);
    if (bit === FAMILY_BIT.number && !POSSESSIVE.test(before())) return;
    // "License" near a software licence's name or a copyright line is no driving licence.
    if (
      bit === FAMILY_BIT.driver &&
      set.literals[k]!.startsWith('licen') &&
      SOFTWARE_LICENCE.test(window.slice(Math.max(0, start - 40), end + 40))
    ) {
      return;
    }
    // A bare "ID:" after a thing's name (meeting, order, session) introduces no personal id.
    if (bit === FAMILY_BIT.id && set.literals[k]!.startsWith('id') && THING_BEFORE.test(before())) {
      return;
    }
    mask |= bit;
  });
  return mask;
}

const SOFTWARE_LICENCE =
  /\b(?:mit|apache|bsd|gpl|lgpl|agpl|isc|mpl|epl|unlicense|spdx|copyright|open[- ]source|software|creative commons|cc[- ]by|licensed under)\b|©|\(c\)/;

// Names of things, not people, that have ids of their own.
const THING_BEFORE =
  /(?:meeting|order|transaction|session|request|ticket|product|invoice|tracking|reference|booking|confirmation|job|process|thread|message|event|trace|correlation|build|commit|run|item|sku|part|batch|shipment|package|parcel|case|incident|bug|issue|task|video|channel|room|conference|zoom|webinar|app|api|client|tenant|project|workspace|device|container|instance|cluster|node|pod|model|file|document|record|row|object)\s*$/;

/** A letter or digit (keyword boundaries). */
function isWordCode(c: number): boolean {
  return isAlnumCode(c) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
}

const WINDOW_BEFORE = 48;
const WINDOW_AFTER = 32;

/**
 * Families a keyword after a value may name (`X1234567 es mi número de pasaporte`); bank, card,
 * phone and network words after a number usually describe an amount or a destination.
 */
const AFTER_FAMILIES = bits('passport', 'driver', 'vehicle', 'ssn', 'tax', 'medical', 'id');

/** Families that present a value as someone's identifier (all but the network ones). */
const ID_FAMILIES: readonly Family[] = [
  'passport',
  'driver',
  'vehicle',
  'ssn',
  'tax',
  'bank',
  'card',
  'phone',
  'medical',
  'id',
  'number',
];

/** Bit set of the given families. */
function bits(...families: Family[]): number {
  let mask = 0;
  for (const f of families) mask |= FAMILY_BIT[f];
  return mask;
}

// Param names that hold free text: their name says nothing about the value.
const TEXT_FIELDS =
  /^(?:text|content|message|messages|body|input|output|prompt|query|q|value|data|arg|args|description|note|notes|comment|result)$/i;

// ---------------------------------------------------------------------------------------------
// Scan state for one text

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly entity: string;
  readonly detector: string;
  score: number;
  /** Score to use when the text is nothing but identifiers. */
  readonly standalone: number;
  readonly evidence: string;
}

/** What a classifier returns for one value. */
interface Verdict {
  readonly entity: string;
  readonly detector: string;
  readonly score: number;
  readonly standalone?: number;
}

/**
 * Work caps per text. INVARIANT: they bound the costly steps on hostile input (a text made of
 * digit groups): keyword lookups and libphonenumber parses. Structural checks go on past them,
 * so padding a text with numbers cannot hide a card or an IBAN behind it.
 */
const CONTEXT_BUDGET = 2048;
const PHONE_PARSE_BUDGET = 24;

class Scan {
  readonly out: Candidate[] = [];
  contextLeft = CONTEXT_BUDGET;
  phoneParsesLeft = PHONE_PARSE_BUDGET;
  /** End of the last phrase: a keyword before it belongs to an earlier value. */
  lastPhraseEnd = 0;
  private idOnly: boolean | undefined;
  private readonly fieldMask: number;
  private readonly fieldIsName: boolean;
  private readonly before = new Map<number, number>();
  private readonly after = new Map<number, number>();

  constructor(
    readonly text: string,
    field: string | undefined,
  ) {
    this.fieldIsName = field !== undefined && !TEXT_FIELDS.test(field);
    this.fieldMask = this.fieldIsName ? familiesIn(fieldWords(field!)) : 0;
  }

  /**
   * Keyword families around `[start, end)`: in the window before it (not past the previous
   * phrase), in the window after it (up to the next digit), and in the param name.
   */
  context(start: number, end: number): number {
    const before = this.familiesBefore(start);
    // A value introduced as invalid or fake is nobody's identifier.
    if (before < 0) return 0;
    return this.fieldMask | before | this.familiesAfter(end);
  }

  /** Families before `start`, or -1 when the window says the value is invalid or fake. */
  private familiesBefore(start: number): number {
    const cached = this.before.get(start);
    if (cached !== undefined) return cached;
    let mask = 0;
    if (this.contextLeft > 0) {
      this.contextLeft--;
      const from = Math.max(this.lastPhraseEnd, start - WINDOW_BEFORE, 0);
      const window = this.text.slice(from, start).toLowerCase();
      mask = familiesIn(window);
      if ((mask & FAMILY_BIT.negated) !== 0) mask = -1;
    }
    this.before.set(start, mask);
    return mask;
  }

  private familiesAfter(end: number): number {
    const cached = this.after.get(end);
    if (cached !== undefined) return cached;
    let mask = 0;
    const text = this.text;
    let to = Math.min(text.length, end + WINDOW_AFTER);
    for (let i = end; i < to; i++) {
      if (isDigitCode(text.charCodeAt(i))) to = i;
    }
    if (to > end + 2 && this.contextLeft > 0) {
      this.contextLeft--;
      mask = familiesIn(text.slice(end, to).toLowerCase()) & AFTER_FAMILIES;
    }
    this.after.set(end, mask);
    return mask;
  }

  /**
   * Whether the text is nothing but identifiers: at most 12 short words, each holding a digit, or
   * three letters or fewer (plate and NINO letter groups), or a connector. Param values with a
   * telling name are judged by the name instead.
   */
  textIsIdOnly(): boolean {
    if (this.idOnly !== undefined) return this.idOnly;
    this.idOnly = !this.fieldIsName && idOnlyText(this.text);
    return this.idOnly;
  }

  add(start: number, end: number, v: Verdict, evidence: string): void {
    this.out.push({
      start,
      end,
      entity: v.entity,
      detector: v.detector,
      score: v.score,
      standalone: v.standalone ?? v.score,
      evidence,
    });
  }
}

/** `passportNumber`, `tax_id`, `driver-licence` as words for keyword lookup. */
function fieldWords(field: string): string {
  return field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .toLowerCase();
}

const CONNECTOR = /^(?:and|or|und|oder|y|o|et|ou|e|ed|ve|veya|en|og|och|i|a|&|\+|\/|\||-|–|,|;)$/i;

function idOnlyText(text: string): boolean {
  if (text.length > 200) return false;
  const words = text.trim().split(/\s+/);
  if (words.length > 12) return false;
  let values = 0;
  for (const raw of words) {
    const w = raw.replace(/^[^\p{L}\p{N}+(]+|[^\p{L}\p{N})]+$/gu, '');
    if (w === '' || CONNECTOR.test(w)) continue;
    if (/\d/.test(w)) {
      // An identifier: short, value characters only, upper case but for a few letters.
      if (w.length > 24 || !/^[A-Za-z0-9.\-+()/*]+$/.test(w)) return false;
      if ((w.match(/[a-z]/g)?.length ?? 0) > 3) return false;
      values++;
      continue;
    }
    if (!/^[A-Za-z]{1,3}$/.test(w)) return false;
  }
  return values > 0;
}

// ---------------------------------------------------------------------------------------------
// Characters

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

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAlnumCode(c: number): boolean {
  return isDigitCode(c) || isLetterCode(c);
}

const DIGIT_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Position of the next ASCII digit at or after `pos`: the minimum over ten native `indexOf`
 * cursors, each advanced only when passed, so a whole text costs ten linear scans.
 */
class DigitCursor {
  private readonly next = new Array<number>(10).fill(-2);

  constructor(private readonly text: string) {}

  from(pos: number): number {
    let best = -1;
    for (let d = 0; d < 10; d++) {
      let at = this.next[d]!;
      if (at !== -1 && at < pos) {
        at = this.text.indexOf(DIGIT_CHARS[d]!, pos);
        this.next[d] = at;
      }
      if (at >= 0 && (best < 0 || at < best)) best = at;
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses

/** `[A-Za-z0-9._%+\-']`: a character of an address's local part. */
function isLocalCode(c: number): boolean {
  return (
    isAlnumCode(c) ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x25 ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x27
  );
}

/** `[A-Za-z0-9.-]`: a character of a domain. */
function isDomainCode(c: number): boolean {
  return isAlnumCode(c) || c === 0x2e || c === 0x2d;
}

function findEmails(text: string, scan: Scan): void {
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
    while (s > 0 && at - s < 64 && isLocalCode(text.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < text.length && e - at < 254 && isDomainCode(text.charCodeAt(e))) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
    while (s < at && text[s] === '.') s++;
    const domain = text.slice(at + 1, e);
    const dot = domain.lastIndexOf('.');
    const tld = dot > 0 ? domain.slice(dot + 1) : '';
    const before = s > 0 ? text[s - 1]! : '';
    // Only the 256 characters before a candidate matter: skip the pointers ahead to them.
    wsPtr = Math.max(wsPtr, s - 256);
    schemePtr = Math.max(schemePtr, s - 259);
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
      const score = role || reserved || /fake|dummy/i.test(value) ? 0.4 : CERTAIN;
      scan.add(s, e, { entity: 'EMAIL', detector: 'email', score }, maskEmail(value));
    }
    at = text.indexOf('@', at + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Identifier phrases around digits

/** A word of a phrase: its trimmed core `[start, end)` and what it holds. */
interface Word {
  readonly start: number;
  readonly end: number;
  readonly digits: number;
  readonly letters: number;
  /** Holds `.` or `:` (an address, a dotted or timed number). */
  readonly dotted: boolean;
  /** Holds characters no identifier has (`=`, `"`, `@`, `,` …): its pieces are classified too. */
  readonly punctuated: boolean;
}

/** Longest whitespace-delimited word treated as one candidate; longer ones are split into pieces. */
const MAX_WORD = 96;
/** Words joined into one phrase, and into one candidate. */
const MAX_PHRASE_WORDS = 10;
const MAX_CANDIDATE_WORDS = 7;
/**
 * Longest word followed by another word of the same value: digit groups (`4012`, `98456`,
 * `123456`) and letter groups are short; a longer word can only end a value (`+49 30 1234567`).
 */
const MAX_JOINED_WORD = 6;
/** Longest candidate: every format but IBAN (handled apart) fits. */
const MAX_CANDIDATE = 40;

/** Core of a raw word: without the sentence punctuation around it. */
function trimWord(text: string, s: number, e: number): [number, number] {
  while (s < e) {
    const c = text.charCodeAt(s);
    if (isAlnumCode(c) || c === 0x2b || c === 0x28) break;
    // `::1`, `::ffff:10.0.0.1`: an IPv6 address may start with a double colon.
    if (c === 0x3a && text.charCodeAt(s + 1) === 0x3a) break;
    s++;
  }
  while (e > s) {
    const c = text.charCodeAt(e - 1);
    if (isAlnumCode(c) || c === 0x29) break;
    if (c === 0x3a && text.charCodeAt(e - 2) === 0x3a) break;
    e--;
  }
  // Parentheses around the whole value belong to the sentence: `(192.168.1.1)`; `(425) 882` stays.
  if (text.charCodeAt(s) === 0x28) {
    const close = text.indexOf(')', s);
    if (close < 0 || close >= e) s++;
    else if (close === e - 1 && !/^\(\d{1,4}\)$/.test(text.slice(s, e))) {
      s++;
      e--;
    }
  }
  if (e > s && text.charCodeAt(e - 1) === 0x29 && text.lastIndexOf('(', e - 1) < s) e--;
  return [s, e];
}

/** Characters that may sit inside an identifier; anything else splits a word into pieces. */
function isValueChar(c: number): boolean {
  return (
    isAlnumCode(c) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x2b ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x2a
  );
}

function makeWord(text: string, rawStart: number, rawEnd: number): Word | null {
  const [s, e] = trimWord(text, rawStart, rawEnd);
  if (e <= s) return null;
  let digits = 0;
  let letters = 0;
  let dotted = false;
  let punctuated = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) digits++;
    else if (isLetterCode(c)) letters++;
    else if (c === 0x2e || c === 0x3a) dotted = true;
    else if (!isValueChar(c) && c !== 0x2f) punctuated = true;
  }
  return { start: s, end: e, digits, letters, dotted, punctuated };
}

/**
 * Whether another word may follow `w` in the same value: short groups (`4012`, `98456`, `AB`), or
 * a dashed digit run (`112-233-445 95`); never an address or a decimal.
 */
function joinableValue(text: string, w: Word): boolean {
  const len = w.end - w.start;
  if (len <= MAX_JOINED_WORD) return true;
  if (len > 12 || w.dotted || w.letters > 0) return false;
  return /^\d+(?:-\d+)+$/.test(text.slice(w.start, w.end));
}

/**
 * `[s, e)` is one to five upper-case letters (hyphens and umlauts allowed): a plate, NINO or bank
 * code group. Prose words are lower-case, so they never join a number.
 */
function upperGroup(text: string, s: number, e: number): boolean {
  if (e <= s || e - s > 5) return false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 0x2d || c === 0xc4 || c === 0xd6 || c === 0xdc)) {
      return false;
    }
  }
  return true;
}

function scanPhrases(text: string, scan: Scan): void {
  const cursor = new DigitCursor(text);
  const n = text.length;
  let pos = 0;
  for (;;) {
    const d = cursor.from(pos);
    if (d < 0) return;
    // The raw word around the digit.
    let ws = d;
    while (ws > 0 && !isSpace(text.charCodeAt(ws - 1)) && d - ws < MAX_WORD) ws--;
    let we = d + 1;
    while (we < n && !isSpace(text.charCodeAt(we)) && we - ws < MAX_WORD) we++;
    if (we - ws >= MAX_WORD || (ws > 0 && !isSpace(text.charCodeAt(ws - 1)))) {
      // Longer than any identifier (JSON, a URL, a blob): classify its pieces.
      while (ws > 0 && !isSpace(text.charCodeAt(ws - 1))) ws--;
      while (we < n && !isSpace(text.charCodeAt(we))) we++;
      scanPieces(text, ws, we, scan, true);
      pos = we;
      continue;
    }
    // A value glued to a key (`ssn=078-05-1123`, `tel:0917…`, `"4111…"`) starts after it.
    let cut = ws;
    for (let i = ws; i < d; i++) {
      const c = text.charCodeAt(i);
      if (isValueChar(c) || c === 0x2f || (c === 0x3a && !colonEndsKey(text, i))) continue;
      cut = i + 1;
    }
    const words = cut === ws ? leftLetterGroups(text, ws, scan.lastPhraseEnd) : [];
    const valueWords = words.length;
    const first = makeWord(text, cut, we);
    if (first !== null) words.push(first);
    // Words to the right joined by one space, while they can continue the same value.
    let end = we;
    let joinable = first !== null && first.end === we && joinableValue(text, first);
    while (
      joinable &&
      words.length - valueWords < MAX_PHRASE_WORDS &&
      end + 1 < n &&
      text.charCodeAt(end) === 0x20
    ) {
      const s = end + 1;
      let e = s;
      while (e < n && !isSpace(text.charCodeAt(e)) && e - s < MAX_WORD) e++;
      if (e === s || e - s >= MAX_WORD) break;
      const w = makeWord(text, s, e);
      if (w === null || w.start !== s || (w.digits === 0 && !upperGroup(text, w.start, w.end)))
        break;
      words.push(w);
      end = e;
      // Trailing punctuation (`,` `.`) or a long word ends the value.
      joinable = w.end === e && joinableValue(text, w);
    }
    if (words.length > 0) classifyPhrase(text, words, scan);
    scan.lastPhraseEnd = end;
    pos = end;
  }
}

/** Letter groups right before a digit word (`B AB 1234`, `AA 12 34 56 B`), not past `floor`. */
function leftLetterGroups(text: string, ws: number, floor: number): Word[] {
  const left: Word[] = [];
  let ls = ws;
  while (left.length < 3 && ls - 2 >= floor && text.charCodeAt(ls - 1) === 0x20) {
    const e = ls - 1;
    let s = e;
    while (s > floor && !isSpace(text.charCodeAt(s - 1)) && e - s <= 5) s--;
    if (s === e || (s > 0 && !isSpace(text.charCodeAt(s - 1))) || !upperGroup(text, s, e)) break;
    const w = makeWord(text, s, e);
    if (w === null || w.start !== s || w.end !== e) break;
    left.unshift(w);
    ls = s;
  }
  return left;
}

/**
 * Classify the pieces of `[start, end)` between characters no identifier holds (JSON, URLs,
 * `key=value`), each a proper part of the range. `colons`: keep `:` inside pieces (IPv6
 * addresses); a piece that is no address is split at its colons in turn.
 */
function scanPieces(text: string, start: number, end: number, scan: Scan, colons: boolean): void {
  let i = start;
  while (i < end) {
    while (i < end && !pieceChar(text.charCodeAt(i), colons)) i++;
    let e = i;
    let digits = 0;
    while (e < end && pieceChar(text.charCodeAt(e), colons)) {
      if (isDigitCode(text.charCodeAt(e))) digits++;
      e++;
    }
    if (digits > 0 && e - i <= MAX_WORD && (i > start || e < end)) {
      const w = makeWord(text, i, e);
      if (w !== null) {
        classifyPhrase(text, [w], scan);
        // Keywords between pieces belong to the next value (`"ssn":"…","card":"…"`).
        scan.lastPhraseEnd = Math.max(scan.lastPhraseEnd, e);
      }
    }
    i = e;
  }
}

function pieceChar(c: number, colons: boolean): boolean {
  return isValueChar(c) || (colons && c === 0x3a);
}

/** A word of one to four digits and nothing else: a group of a spaced number. */
function shortDigitGroup(w: Word): boolean {
  return w.letters === 0 && w.digits <= 4 && w.end - w.start === w.digits;
}

/**
 * Whether the `:` at `i` ends a key (`tel:`, `ip:`, `is:(425)`) rather than sitting inside an
 * address or a time: a letter other than a hex digit before it, or no hex digit or colon after.
 */
function colonEndsKey(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i + 1);
  const hex = (c: number) => isDigitCode(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
  return (isLetterCode(before) && !hex(before)) || !(hex(after) || after === 0x3a);
}

// `AB 12 34 56 C` in any case (lower-case letter groups do not join phrases).
const SPACED_NINO = /[A-Za-z]{2} \d\d \d\d \d\d [A-Za-z](?![A-Za-z0-9])/y;

/**
 * A spaced NINO whose first digit pair starts at `pairStart`: recorded (or rejected, when it
 * breaks the NINO rules); returns its end, or -1.
 */
function findSpacedNino(text: string, pairStart: number, scan: Scan): number {
  const start = pairStart - 3;
  if (start < 0 || (start > 0 && isWordCode(text.charCodeAt(start - 1)))) return -1;
  SPACED_NINO.lastIndex = start;
  const m = SPACED_NINO.exec(text);
  if (m === null) return -1;
  const end = start + m[0].length;
  const nino = m[0].replace(/ /g, '').toUpperCase();
  if (ukNinoValid(nino)) {
    scan.add(start, end, verdict('UK_NINO', 'uk_nino', STRONG), maskValue(m[0], 0, 1));
  }
  return end;
}

/** Whether a candidate of these words could be any identifier (checked before slicing it). */
function worthClassifying(digits: number, letters: number, dotted: boolean): boolean {
  return digits > 0 && (digits >= 6 || letters > 0 || dotted);
}

// A year or a day/month/year group: where a date of birth can be.
const DATE_LIKE = /^(?:19|20)\d\d\b|^\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}$|^\d{1,2}(?:st|nd|rd|th)?$/;

function classifyPhrase(text: string, words: readonly Word[], scan: Scan): void {
  const k = words.length;
  const covered = new Uint8Array(k);
  // Dates of birth and street addresses start at a digit word; look once per phrase.
  for (let w = 0; w < k; w++) {
    const word = words[w]!;
    if (word.digits === 0) continue;
    const raw = text.slice(word.start, word.end);
    if (DATE_LIKE.test(raw) && findBirthDate(text, word.start, word.end, scan)) covered[w] = 1;
    else if (word.digits <= 5 && findAddress(text, word.start, scan)) covered[w] = 1;
    else if (word.digits === 2 && word.end - word.start === 2) {
      const end = findSpacedNino(text, word.start, scan);
      for (let x = 0; x < k; x++) {
        if (words[x]!.start >= word.start - 3 && words[x]!.end <= end) covered[x] = 1;
      }
    }
  }
  let i = 0;
  while (i < k) {
    if (covered[i] === 1) {
      i++;
      continue;
    }
    const iban = tryIban(text, words, i, scan);
    if (iban > i) {
      covered.fill(1, i, iban);
      i = iban;
      continue;
    }
    let maxJ = Math.min(k, i + MAX_CANDIDATE_WORDS);
    for (let x = i + 1; x < maxJ; x++) {
      if (covered[x] === 1) maxJ = x;
    }
    let hit = false;
    for (let j = maxJ; j > i && !hit; j--) {
      let digits = 0;
      let letters = 0;
      let dotted = false;
      for (let x = i; x < j; x++) {
        digits += words[x]!.digits;
        letters += words[x]!.letters;
        dotted ||= words[x]!.dotted;
      }
      const start = words[i]!.start;
      const end = words[j - 1]!.end;
      if (j - i > 1 && end - start > MAX_CANDIDATE) continue;
      if (!worthClassifying(digits, letters, dotted)) continue;
      // Digit groups inside a longer spaced number are not numbers of their own.
      if (i > 0 && covered[i - 1] === 0 && shortDigitGroup(words[i - 1]!)) continue;
      if (j < k && j - i > 1 && letters === 0 && shortDigitGroup(words[j]!)) continue;
      if (classifyValue(text, start, end, digits, scan)) {
        covered.fill(1, i, j);
        i = j;
        hit = true;
      }
    }
    if (!hit) i++;
  }
  // Words nothing matched: their punctuated pieces (`ssn=078-05-1123`, `host:10.0.0.1`) and a
  // value glued to a lower-case prefix (`is030594W903B`).
  for (let w = 0; w < k; w++) {
    const word = words[w]!;
    if (covered[w] === 1 || word.digits === 0) continue;
    if (word.punctuated || word.dotted || text.slice(word.start, word.end).includes('/')) {
      scanPieces(text, word.start, word.end, scan, word.punctuated);
    } else {
      const glued = /^[a-z]{2,24}(?=\d)/.exec(text.slice(word.start, word.end));
      if (glued !== null) {
        classifyValue(text, word.start + glued[0].length, word.end, word.digits, scan, true);
      }
    }
  }
}

/**
 * Classify `text[start, end)` as an identifier and record it; `true` when it is one (at any
 * score). `glued`: the value follows letters without a space, so IP addresses do not count.
 */
function classifyValue(
  text: string,
  start: number,
  end: number,
  digits: number,
  scan: Scan,
  glued = false,
): boolean {
  const raw = text.slice(start, end);
  let letters = 0;
  for (let i = 0; i < raw.length; i++) if (isLetterCode(raw.charCodeAt(i))) letters++;
  if (!glued && raw.length === 17 && MAC.test(raw)) {
    return record(scan, start, end, macVerdict(raw, start, scan), raw);
  }
  if (!glued && (raw.indexOf(':') >= 0 || (digits >= 4 && raw.indexOf('.') > 0))) {
    if (raw.indexOf(' ') < 0 && classifyIp(raw, start, scan)) return true;
  }
  if (letters === 0) return digits >= 6 && classifyNumber(raw, start, end, scan);
  if (raw.length < 4) return false;
  return classifyAlnum(raw, start, end, digits, scan);
}

// ---------------------------------------------------------------------------------------------
// MAC addresses: a device's hardware id follows its owner across networks. Named by a keyword
// ("MAC", "BSSID", a network word) they count; alone, a hex run in that layout may be anything.

const MAC = /^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/;
const MAC_WORD_BEFORE =
  /\b(?:mac|bssid|ether|hwaddr|hardware address|physical address|device|adaptor|adapter|wi-?fi|nic)\b[^\n]{0,24}$/i;

function macVerdict(raw: string, start: number, scan: Scan): Verdict | null {
  const hex = raw.replace(/[:-]/g, '').toLowerCase();
  // All zeros, broadcast and multicast addresses (low bit of the first octet) are nobody's.
  if (/^0+$/.test(hex) || /^f+$/.test(hex) || (Number.parseInt(hex.slice(0, 2), 16) & 1) === 1) {
    return verdict('MAC_ADDRESS', 'mac_address', REPORT_FLOOR);
  }
  const named =
    MAC_WORD_BEFORE.test(scan.text.slice(Math.max(0, start - 48), start)) ||
    (scan.context(start, start + raw.length) & FAMILY_BIT.ip) !== 0;
  return verdict('MAC_ADDRESS', 'mac_address', named ? FORMATTED : WEAK);
}

// ---------------------------------------------------------------------------------------------
// IP addresses

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,3}))?$/;
const VERSION_BEFORE =
  /(?:\bv|\bver|version|versión|release|build|firmware|rev|section|§|chapter|step|rule)\.?\s*$/i;

/** Who an address can point at: anyone on the internet, a device inside a network, nobody. */
type IpReach = 'public' | 'internal' | 'nobody';

function ipv4Reach(o: readonly number[]): IpReach {
  const [a, b] = o as [number, number];
  if (a === 0 || a === 127 || a >= 224) return 'nobody';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'internal';
  if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'internal';
  return 'public';
}

function ipv6Reach(v: string): IpReach {
  const lower = v.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped !== null) return ipv4Reach(mapped[1]!.split('.').map(Number));
  const groups = lower.split(':').filter((g) => g !== '');
  const zero = (g: string) => /^0+$/.test(g);
  const unspecifiedOrLoopback = lower.endsWith('::')
    ? groups.every(zero)
    : groups.slice(0, -1).every(zero) && /^0*[01]$/.test(groups.at(-1) ?? '0');
  if (unspecifiedOrLoopback || lower.startsWith('ff')) return 'nobody';
  if (/^fe[89ab]|^f[cd]/.test(lower)) return 'internal';
  return 'public';
}

/**
 * Public addresses block; internal ones (RFC 1918, link-local, CGNAT, ULA) only in CIDR notation
 * or after a network keyword ("my ip", "host", "gateway"): alone they are configuration values,
 * unique only inside one network. Loopback, unspecified and multicast addresses identify nobody.
 */
function ipScore(reach: IpReach, cidr: boolean, keyword: () => boolean): number {
  if (reach === 'public') return FORMATTED;
  if (reach === 'nobody') return REPORT_FLOOR;
  return cidr || keyword() ? STANDALONE : WEAK;
}

function classifyIp(raw: string, start: number, scan: Scan): boolean {
  const text = scan.text;
  const v4 = IPV4.exec(raw);
  const keyword = () => (scan.context(start, start + raw.length) & FAMILY_BIT.ip) !== 0;
  if (v4 !== null) {
    const octets = [v4[1], v4[2], v4[3], v4[4]].map((o) => o!);
    if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o[0] === '0'))) return false;
    const prefix = v4[5];
    const cidr = prefix !== undefined && Number(prefix) <= 32;
    const end = start + (prefix !== undefined && !cidr ? raw.indexOf('/') : raw.length);
    const version = VERSION_BEFORE.test(text.slice(Math.max(0, start - 16), start));
    const score = version ? 0.3 : ipScore(ipv4Reach(octets.map(Number)), cidr, keyword);
    scan.add(start, end, ipVerdict(score), maskValue(text.slice(start, end)));
    return true;
  }
  const slash = raw.indexOf('/');
  const addr = slash > 0 ? raw.slice(0, slash) : raw;
  const prefix = slash > 0 ? raw.slice(slash + 1) : '';
  const cidr = /^\d{1,3}$/.test(prefix) && Number(prefix) <= 128;
  const zone = addr.indexOf('%');
  const bare = zone > 0 ? addr.slice(0, zone) : addr;
  if (!/^[0-9A-Fa-f:.]+$/.test(bare) || isIP(bare) !== 6) return false;
  // An invalid prefix length is not part of the address (`2001:db8::/9999`).
  const end = start + (slash > 0 && !cidr ? slash : raw.length);
  const score = ipScore(ipv6Reach(bare), cidr, keyword);
  scan.add(start, end, ipVerdict(score), maskValue(text.slice(start, end)));
  return true;
}

function ipVerdict(score: number): Verdict {
  return { entity: 'IP_ADDRESS', detector: 'ip_address', score };
}

// ---------------------------------------------------------------------------------------------
// IBANs (a phrase of words starting with a country code and check digits)

/**
 * Consumes an IBAN written over words `i…`; returns the index after it, or `i` when there is
 * none. A spaced IBAN that fails its checksum is consumed too: its digit groups are no other
 * numbers.
 */
function tryIban(text: string, words: readonly Word[], i: number, scan: Scan): number {
  const w = words[i]!;
  if (w.end - w.start < 4) return i;
  const c0 = text.charCodeAt(w.start);
  const c1 = text.charCodeAt(w.start + 1);
  if (!(c0 >= 65 && c0 <= 90 && c1 >= 65 && c1 <= 90)) return i;
  if (!isDigitCode(text.charCodeAt(w.start + 2)) || !isDigitCode(text.charCodeAt(w.start + 3))) {
    return i;
  }
  const len = ibanLength(text.slice(w.start, w.start + 2));
  if (len === undefined) return i;
  let compact = '';
  let j = i;
  for (; j < words.length && compact.length < len; j++) {
    const part = text.slice(words[j]!.start, words[j]!.end).replace(/-/g, '');
    if (!/^[A-Z0-9]+$/.test(part)) break;
    compact += part;
  }
  if (compact.length !== len || !ibanValid(compact)) return j - i > 2 ? j : i;
  const end = words[j - 1]!.end;
  scan.add(
    w.start,
    end,
    { entity: 'IBAN', detector: 'iban', score: CERTAIN },
    maskValue(compact, 2, 2),
  );
  return j;
}

// ---------------------------------------------------------------------------------------------
// Numbers (digits with separators)

/** Digit groups of a number and the separators between them. */
interface NumberShape {
  readonly digits: string;
  readonly groups: readonly number[];
  /** Separator between consecutive groups (`-`, ` `, `.`, `/`, `:`, or several characters). */
  readonly gaps: readonly string[];
  readonly plus: boolean;
}

function numberShape(raw: string): NumberShape | null {
  const groups: number[] = [];
  const gaps: string[] = [];
  let digits = '';
  let run = 0;
  let gap = '';
  let i = 0;
  const plus = raw.charCodeAt(0) === 0x2b;
  if (plus) i = 1;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isDigitCode(c)) {
      if (run === 0 && groups.length > 0) gaps.push(gap);
      digits += raw[i];
      run++;
      gap = '';
    } else if (
      c === 0x20 ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x2f ||
      c === 0x3a ||
      c === 0x28 ||
      c === 0x29
    ) {
      if (run > 0) groups.push(run);
      run = 0;
      gap += raw[i];
      if (gap.length > 2) return null;
    } else return null;
  }
  if (run > 0) groups.push(run);
  if (groups.length === 0) return null;
  return { digits, groups, gaps, plus };
}

/** Groups of exactly these lengths, separated by one repeated character from `seps`. */
function laidOut(shape: NumberShape, lengths: readonly number[], seps: string): boolean {
  const { groups, gaps } = shape;
  if (groups.length !== lengths.length) return false;
  for (let i = 0; i < lengths.length; i++) if (groups[i] !== lengths[i]) return false;
  if (gaps.length === 0) return true;
  const g = gaps[0]!;
  if (g.length !== 1 || !seps.includes(g)) return false;
  for (const x of gaps) if (x !== g) return false;
  return true;
}

const ungrouped = (shape: NumberShape) => shape.groups.length === 1 && !shape.plus;

function cardGrouping(shape: NumberShape): boolean {
  const { groups } = shape;
  if (ungrouped(shape)) return true;
  if (shape.plus) return false;
  const n = shape.digits.length;
  const fours = groups.slice(0, -1).every((g) => g === 4) && groups.at(-1)! <= 4;
  const seps = '- ';
  const consistent = shape.gaps.every(
    (g) => g.length === 1 && seps.includes(g) && g === shape.gaps[0],
  );
  if (!consistent) return false;
  if (fours) return true;
  // Amex 4-6-5 and Diners 4-6-4.
  return groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (n === 15 || n === 14);
}

function classifyNumber(raw: string, start: number, end: number, scan: Scan): boolean {
  const shape = numberShape(raw);
  if (shape === null) return false;
  return record(scan, start, end, numberVerdict(shape, raw, start, end, scan), raw);
}

/**
 * Record a verdict; `true` when the value is settled: an identifier, or one in an identifier's
 * layout that broke its rules (its words are no other numbers).
 */
function record(scan: Scan, start: number, end: number, v: Verdict | null, raw: string): boolean {
  if (v === null) return false;
  if (v !== REJECTED) scan.add(start, end, v, maskValue(raw, 0, 2));
  return true;
}

/** A verdict with an optional standalone score. */
function verdict(entity: string, detector: string, score: number, standalone = score): Verdict {
  return { entity, detector, score, standalone: Math.max(score, standalone) };
}

/** A value in an identifier's layout that breaks its rules: no other reading applies. */
const REJECTED: Verdict = { entity: '', detector: '', score: -1 };

/** The highest-scoring verdict (then the highest standalone score; then the first). */
function best(...verdicts: ReadonlyArray<Verdict | null>): Verdict | null {
  let top: Verdict | null = null;
  for (const v of verdicts) {
    if (v === null) continue;
    if (
      top === null ||
      v.score > top.score ||
      (v.score === top.score && (v.standalone ?? v.score) > (top.standalone ?? top.score))
    ) {
      top = v;
    }
  }
  return top;
}

type Lifted = (...families: Family[]) => boolean;

function liftedAround(scan: Scan, start: number, end: number): Lifted {
  let near: number | undefined;
  return (...families) => {
    near ??= scan.context(start, end);
    return (near & bits(...families)) !== 0;
  };
}

/**
 * Scores of a checksum-valid value: after a keyword, in the issuer's written layout, else weak in
 * prose and enough alone in a text of identifiers.
 */
function graded(
  entity: string,
  detector: string,
  keyword: boolean,
  formatted: boolean,
  layoutScore = FORMATTED,
): Verdict {
  if (keyword) return verdict(entity, detector, KEYWORD);
  if (formatted) return verdict(entity, detector, layoutScore);
  return verdict(entity, detector, WEAK, STANDALONE);
}

// Calendar dates (`2024-03-05`, `05/03/2024`): a birth date only after a birth keyword (above).
// A span of years (`2016-2020`, `1998–2004`): a copyright line or a tenure, never an id.
const YEAR_RANGE = /^(?:1[89]|20)\d{2}\s?[-–]\s?(?:1[89]|20)\d{2}$/;
const DATE_SHAPE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(?:\d{2})?)$/;

/** Verdict for a number, or `null`: not an identifier (or one that failed its checksum). */
function numberVerdict(
  shape: NumberShape,
  raw: string,
  start: number,
  end: number,
  scan: Scan,
): Verdict | null {
  const d = shape.digits;
  const n = d.length;
  if (n < 6 || n > 19 || (n >= 8 && /^[01]+$/.test(d)) || DATE_SHAPE.test(raw)) return null;
  if (YEAR_RANGE.test(raw)) return null;
  const lifted = liftedAround(scan, start, end);
  // One digit repeated (`5555555555`) is nobody's number; a counting run (`123456789`) is a
  // placeholder unless a keyword presents it as someone's.
  if (/^(\d)\1+$/.test(d) || (isTrivialDigits(d) && !lifted(...ID_FAMILIES))) return null;
  if (shape.plus) return phoneVerdict(shape, raw, lifted, scan);
  // Payment cards: IIN + length + Luhn in a card grouping.
  if (n >= 13 && luhn(d) && cardBrand(d) !== null && cardGrouping(shape)) {
    return verdict('CREDIT_CARD', 'credit_card', CERTAIN);
  }
  // A card layout or a card keyword with a failing Luhn check: no card, and nothing else.
  if ((n === 16 && laidOut(shape, [4, 4, 4, 4], '- ')) || (n >= 13 && lifted('card'))) {
    return REJECTED;
  }
  const typed = typedNumber(shape, raw, lifted);
  if (typed === REJECTED) return REJECTED;
  if (typed !== null && typed.score >= KEYWORD) return typed;
  return best(
    typed,
    slashedTaxNumber(shape, lifted),
    phoneVerdict(shape, raw, lifted, scan),
    contextOnly(shape, lifted),
  );
}

function typedNumber(shape: NumberShape, raw: string, lifted: Lifted): Verdict | null {
  switch (shape.digits.length) {
    case 9:
      return nineDigits(shape, lifted);
    case 10:
      return tenDigits(shape, lifted);
    case 11:
      return elevenDigits(shape, raw, lifted);
    case 12:
      return twelveDigits(shape, lifted);
    case 13:
      return thirteenDigits(shape, lifted);
    case 15:
      return frNirValid(shape.digits)
        ? verdict(
            'FR_NIR',
            'fr_nir',
            laidOut(shape, [1, 2, 2, 2, 3, 3, 2], ' ') || lifted('ssn', 'id') ? STRONG : FORMATTED,
          )
        : null;
    default:
      return null;
  }
}

function nineDigits(shape: NumberShape, lifted: Lifted): Verdict | null {
  const d = shape.digits;
  // The SSN layout 123-45-6789: SSN or ITIN rules decide; a failing value is neither.
  if (laidOut(shape, [3, 2, 4], '-. ')) {
    if (itinValid(d)) return verdict('US_ITIN', 'us_itin', STRONG);
    if (ssnValid(d) && !isVoidSsn(d)) return verdict('US_SSN', 'us_ssn', STRONG);
    if (ssnValid(d) && lifted('ssn')) return verdict('US_SSN', 'us_ssn', KEYWORD);
    return REJECTED;
  }
  const threes = laidOut(shape, [3, 3, 3], '- ');
  if (!threes && !ungrouped(shape)) return null;
  const ssnKey = lifted('ssn');
  const taxKey = lifted('tax');
  const idKey = lifted('id');
  // SSN and ITIN are issuance rules, not checksums: most 9-digit numbers pass them, so they need
  // a keyword (or the 3-2-4 layout) to block.
  const itin = itinValid(d)
    ? verdict('US_ITIN', 'us_itin', taxKey || ssnKey ? KEYWORD : idKey ? KEYWORD_SHAPE : WEAK)
    : null;
  const ssn =
    ssnValid(d) && (ssnKey || (!isVoidSsn(d) && !threes))
      ? verdict('US_SSN', 'us_ssn', ssnKey ? KEYWORD : WEAK)
      : null;
  return best(
    itin,
    ssn,
    caSinValid(d) ? graded('CA_SIN', 'ca_sin', idKey, threes) : null,
    auTfnValid(d) ? graded('AU_TFN', 'au_tfn', taxKey, threes) : null,
    phTinValid(d) && (taxKey || idKey)
      ? verdict('PH_TIN', 'ph_tin', taxKey ? KEYWORD : KEYWORD_SHAPE)
      : null,
    // The eleven test passes one number in eleven: the BSN needs its own keyword.
    nlBsnValid(d) && lifted('id') ? verdict('NL_BSN', 'nl_bsn', KEYWORD) : null,
    abaRoutingValid(d) && lifted('bank')
      ? verdict('US_BANK_ROUTING', 'aba_routing', KEYWORD)
      : null,
  );
}

function tenDigits(shape: NumberShape, lifted: Lifted): Verdict | null {
  const d = shape.digits;
  const bare = ungrouped(shape);
  const idKey = lifted('id');
  const medKey = lifted('medical', 'id');
  let se: Verdict | null = null;
  if (sePersonnummerValid(d)) {
    // Birth date + Luhn: about one random 10-digit number in 250.
    if (laidOut(shape, [6, 4], '-+')) se = verdict('SE_PERSONNUMMER', 'se_personnummer', STRONG);
    else if (bare) se = verdict('SE_PERSONNUMMER', 'se_personnummer', idKey ? KEYWORD : 0.45, 0.6);
  }
  const nhsLayout = laidOut(shape, [3, 3, 4], ' -');
  const medicareLayout = laidOut(shape, [4, 5, 1], ' ');
  return best(
    se,
    nhsValid(d) && (bare || nhsLayout) ? graded('UK_NHS', 'uk_nhs', medKey, nhsLayout) : null,
    auMedicareValid(d) && (bare || medicareLayout)
      ? graded('AU_MEDICARE', 'au_medicare', medKey, medicareLayout)
      : null,
  );
}

function elevenDigits(shape: NumberShape, raw: string, lifted: Lifted): Verdict | null {
  const d = shape.digits;
  const idKey = lifted('id');
  const taxKey = lifted('tax');
  if (brCpfValid(d) && /^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(raw)) {
    return verdict('BR_CPF', 'br_cpf', STRONG);
  }
  if (ruSnilsValid(d) && /^\d{3}-\d{3}-\d{3}[ -]\d{2}$/.test(raw)) {
    return verdict('RU_SNILS', 'ru_snils', STRONG);
  }
  if (beNationalNumberValid(d) && /^\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}$/.test(raw)) {
    return verdict('BE_NATIONAL_NUMBER', 'be_national_number', STRONG);
  }
  if (auAbnValid(d) && laidOut(shape, [2, 3, 3, 3], ' ')) {
    return verdict('AU_ABN', 'au_abn', taxKey ? KEYWORD : FORMATTED);
  }
  if (!ungrouped(shape)) return null;
  // Two check digits (TR, CPF) or a birth date and a check digit (PESEL): distinctive alone.
  return best(
    trIdValid(d) ? verdict('TR_NATIONAL_ID', 'tr_national_id', idKey ? KEYWORD : FORMATTED) : null,
    peselValid(d) ? verdict('PL_PESEL', 'pl_pesel', idKey ? KEYWORD : FORMATTED) : null,
    noFodselsnummerValid(d)
      ? verdict('NO_FODSELSNUMMER', 'no_fodselsnummer', idKey ? KEYWORD : FORMATTED)
      : null,
    brCpfValid(d)
      ? verdict('BR_CPF', 'br_cpf', taxKey || idKey ? KEYWORD : WEAK, STANDALONE)
      : null,
    deTaxIdValid(d) || (deTaxIdChecksum(d) && (taxKey || idKey))
      ? graded('DE_TAX_ID', 'de_tax_id', taxKey || idKey, deTaxIdValid(d))
      : null,
    auAbnValid(d) && taxKey ? verdict('AU_ABN', 'au_abn', KEYWORD) : null,
    ruSnilsValid(d) && lifted('ssn') ? verdict('RU_SNILS', 'ru_snils', KEYWORD) : null,
    beNationalNumberValid(d) && idKey
      ? verdict('BE_NATIONAL_NUMBER', 'be_national_number', KEYWORD)
      : null,
  );
}

function twelveDigits(shape: NumberShape, lifted: Lifted): Verdict | null {
  const d = shape.digits;
  const bare = ungrouped(shape);
  const idKey = lifted('id');
  let aadhaar: Verdict | null = null;
  if (aadhaarValid(d)) {
    if (laidOut(shape, [4, 4, 4], '- :')) aadhaar = verdict('IN_AADHAAR', 'in_aadhaar', KEYWORD);
    else if (bare)
      aadhaar = verdict('IN_AADHAAR', 'in_aadhaar', idKey ? KEYWORD : 0.45, STANDALONE);
  }
  let krLicence: Verdict | null = null;
  if (krDriverLicenceValid(d)) {
    const dashed = laidOut(shape, [2, 2, 6, 2], '-');
    const spaced = laidOut(shape, [2, 2, 6, 2], ' ');
    if (lifted('driver')) krLicence = verdict('KR_DRIVER_LICENSE', 'kr_driver_license', KEYWORD);
    else if (dashed || spaced) {
      krLicence = verdict(
        'KR_DRIVER_LICENSE',
        'kr_driver_license',
        dashed ? 0.5 : WEAK,
        STANDALONE,
      );
    }
  }
  return best(
    aadhaar,
    krLicence,
    sePersonnummerValid(d) && (bare || laidOut(shape, [8, 4], '-+'))
      ? verdict('SE_PERSONNUMMER', 'se_personnummer', idKey ? KEYWORD : bare ? FORMATTED : STRONG)
      : null,
    phTinValid(d) && laidOut(shape, [3, 3, 3, 3], '-')
      ? verdict('PH_TIN', 'ph_tin', lifted('tax', 'id') ? KEYWORD : FORMATTED)
      : null,
    ruInnValid(d) && lifted('tax') ? verdict('RU_INN', 'ru_inn', KEYWORD) : null,
  );
}

function thirteenDigits(shape: NumberShape, lifted: Lifted): Verdict | null {
  const d = shape.digits;
  const bare = ungrouped(shape);
  const idKey = lifted('id');
  return best(
    koreanRegistration(shape, idKey),
    zaIdValid(d) && bare ? verdict('ZA_ID_NUMBER', 'za_id', idKey ? KEYWORD : FORMATTED) : null,
    thIdValid(d) && (bare || laidOut(shape, [1, 4, 5, 2, 1], '- '))
      ? graded('TH_TNIN', 'th_tnin', idKey, !bare, STRONG)
      : null,
    // German Steuernummer in the 13-digit ELSTER form: Land code 01-16, no check digit.
    bare && /^(?:0[1-9]|1[0-6])/.test(d) && lifted('tax')
      ? verdict('DE_TAX_NUMBER', 'de_tax_number', KEYWORD)
      : null,
  );
}

/**
 * Korean RRN (gender digit 1-4) or FRN (5-8) after a birth date. Numbers issued before October
 * 2020 end in a check digit; later ones (newborns, and foreigners registered since) end in random
 * digits, so a failing check only rejects a resident born before then.
 */
function koreanRegistration(shape: NumberShape, idKey: boolean): Verdict | null {
  const d = shape.digits;
  const kind = krRegistrationKind(d);
  const dashed = laidOut(shape, [6, 7], '-');
  if (kind === null || (!dashed && !ungrouped(shape))) return null;
  const detector = kind.toLowerCase();
  if (krRegistrationChecksum(d)) {
    return verdict(kind, detector, dashed ? STRONG : idKey ? KEYWORD : FORMATTED);
  }
  const century = d[6] === '3' || d[6] === '4' ? 2000 : 1900;
  const born = (century + Number(d.slice(0, 2))) * 100 + Number(d.slice(2, 4));
  const randomTail = kind === 'KR_FRN' || born >= 202010;
  if (!randomTail) return null;
  if (idKey) return verdict(kind, detector, KEYWORD_SHAPE);
  return dashed ? verdict(kind, detector, WEAK, STANDALONE) : null;
}

/** German Steuernummer with slashes: `12/345/67890`, `123/456/78901`, `123/4567/8901`. */
function slashedTaxNumber(shape: NumberShape, lifted: Lifted): Verdict | null {
  const g = shape.groups;
  if (g.length !== 3 || !shape.gaps.every((x) => x === '/')) return null;
  const n = shape.digits.length;
  const [a, b, c] = g as [number, number, number];
  if (a < 2 || a > 3 || b < 3 || b > 4 || c < 4 || c > 5 || n < 10 || n > 11) return null;
  return verdict('DE_TAX_NUMBER', 'de_tax_number', lifted('tax') ? KEYWORD : 0.3, STANDALONE);
}

/** An id-shaped number right after a keyword for ids (not phones, cards or SSNs: those validate). */
function contextOnly(shape: NumberShape, lifted: Lifted): Verdict | null {
  const n = shape.digits.length;
  if (n < 6 || n > 20) return null;
  if (shape.gaps.some((g) => g.includes('/') || g.includes(':'))) return null;
  // A decimal (`0.864594`, `1 234.56`) is an amount.
  if (shape.gaps.at(-1) === '.' && shape.groups.at(-1)! <= 6 && shape.groups.length <= 2)
    return null;
  return contextVerdict(lifted, n);
}

/**
 * An id-shaped value after a keyword: 0.7 when the keyword names the kind of identifier
 * (passport, licence, tax, bank, medical), 0.65 for a generic one ("ID:", "my number is").
 */
function contextVerdict(lifted: Lifted, len: number): Verdict | null {
  const entity = contextEntity(lifted, len);
  if (entity === null) return null;
  const generic = entity === 'ID_NUMBER';
  return verdict(entity, 'id_in_context', generic ? KEYWORD_SHAPE : KEYWORD);
}

/** Entity for an id-shaped value of `len` characters announced by a keyword, if any. */
function contextEntity(lifted: Lifted, len: number): string | null {
  if (lifted('passport')) return len >= 8 && len <= 12 ? 'PASSPORT' : null;
  if (lifted('driver')) return len >= 7 && len <= 16 ? 'DRIVER_LICENSE' : null;
  if (lifted('tax')) return 'TAX_ID';
  // Account numbers have 8 digits or more; shorter numbers next to "account" are amounts.
  if (lifted('bank')) return len >= 8 ? 'BANK_ACCOUNT' : null;
  if (lifted('medical')) return 'MEDICAL_ID';
  if (lifted('id', 'ssn')) return 'ID_NUMBER';
  if (lifted('number')) return len >= 7 ? 'ID_NUMBER' : null;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers (libphonenumber; a parse costs ~15 µs, so only phone-shaped candidates are
// parsed, at most PHONE_PARSE_BUDGET per text)

const NANP_SHAPE = /^(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;

/** North American number rules (area and exchange 2-9, not N11), then libphonenumber. */
function nanpValid(d: string, scan: Scan): boolean {
  const ten = d.length === 11 && d[0] === '1' ? d.slice(1) : d;
  if (ten.length !== 10 || ten[0]! < '2' || ten[3]! < '2') return false;
  if (ten[1] === '1' && ten[2] === '1') return false;
  if (ten[4] === '1' && ten[5] === '1') return false;
  return phoneTypeIn(ten, ['US'], scan);
}

/**
 * Whether the number is valid in one of `regions` (and of a type `accept` takes); false when out
 * of parse budget.
 */
function phoneTypeIn(
  number: string,
  regions: readonly CountryCode[],
  scan: Scan,
  accept: (type: string) => boolean = () => true,
): boolean {
  for (const region of regions) {
    const type = phoneType(number, region, scan);
    if (type !== null && accept(type)) return true;
  }
  return false;
}

/** Parsed phone types by `region|number` (`''`: invalid): texts repeat the same numbers. */
const PHONE_TYPES = new Map<string, string>();
const PHONE_CACHE_SIZE = 2048;

/** Type of a valid number in `region` (`null`: invalid, or out of parse budget). */
function phoneType(number: string, region: CountryCode | undefined, scan: Scan): string | null {
  const key = `${region ?? '+'}|${number}`;
  let type = PHONE_TYPES.get(key);
  if (type === undefined) {
    if (scan.phoneParsesLeft <= 0) return null;
    scan.phoneParsesLeft--;
    const p = parsePhoneNumberFromString(number, region);
    type = p?.isValid() === true ? (p.getType() ?? 'UNKNOWN') : '';
    if (PHONE_TYPES.size >= PHONE_CACHE_SIZE) PHONE_TYPES.clear();
    PHONE_TYPES.set(key, type);
  }
  return type === '' ? null : type;
}

/** Regions to try for a national number, by its trunk prefix and length (likeliest first). */
function nationalRegions(d: string): readonly CountryCode[] {
  if (d[0] === '0') {
    if (d.length === 11) return ['GB', 'TR', 'PH', 'IN', 'JP', 'KR', 'BR', 'DE'];
    if (d.length === 10) return ['FR', 'AU', 'NL', 'IL', 'JP', 'IT', 'BE', 'ZA', 'DE', 'GB'];
    return ['IL', 'IT', 'AT', 'DE', 'GB'];
  }
  if (d.length === 11 && d[0] === '1') return ['CN'];
  if (d.length === 10) return ['TR', 'IN', 'MX', 'IT'];
  if (d.length === 9) return ['ES', 'PT'];
  return [];
}

/** A written phone number: two or more groups, none longer than 5 digits but the last. */
function phoneGrouping(shape: NumberShape): boolean {
  const { groups, gaps } = shape;
  if (groups.length < 2) return false;
  if (!gaps.every((g) => /^(?:[ .-]|\) ?|\(|[ -]\()$/.test(g))) return false;
  return groups.every((g, i) => g <= 5 || i === groups.length - 1);
}

const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

function phoneVerdict(shape: NumberShape, raw: string, lifted: Lifted, scan: Scan): Verdict | null {
  const d = shape.digits;
  const n = d.length;
  if (n < 7 || n > 15) return null;
  const phone = (score: number) => verdict('PHONE', 'phone', score);
  if (shape.plus) return phoneType(raw, undefined, scan) !== null ? phone(STRONG) : null;
  // Two groups split by a dot are a decimal (`0.333333333`), not a grouped phone number.
  if (shape.groups.length === 2 && shape.gaps[0] === '.') return null;
  // "phone", "tel" name the kind; "my number is" only says it is someone's number.
  const keyword = lifted('phone') ? KEYWORD : lifted('number') ? KEYWORD_SHAPE : 0;
  if (NANP_SHAPE.test(raw) && nanpValid(d, scan)) return phone(Math.max(keyword, FORMATTED));
  if (keyword > 0) {
    if ((n === 10 || (n === 11 && d[0] === '1')) && nanpValid(d, scan)) return phone(keyword);
    return phoneTypeIn(d, nationalRegions(d), scan) ? phone(keyword) : null;
  }
  // Written national numbers: a trunk prefix and groups (0412 123 45 67, 090-1234-5678), or the
  // Turkish/Russian 3-3-2-2 layout.
  if (phoneGrouping(shape) && d[0] === '0' && n >= 9) {
    return phoneTypeIn(d, nationalRegions(d), scan) ? phone(FORMATTED) : null;
  }
  if (laidOut(shape, [3, 3, 2, 2], ' -.')) {
    return phoneTypeIn(d, ['TR', 'RU'], scan) ? phone(FORMATTED) : null;
  }
  // A mobile number with its trunk prefix (0917…, 0532…, 07700…): an exact length and range.
  if (ungrouped(shape) && d[0] === '0' && n >= 10 && n <= 12) {
    const mobile = phoneTypeIn(d, nationalRegions(d), scan, (type) => MOBILE_TYPES.has(type));
    return mobile ? phone(FORMATTED) : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Letters and digits

function classifyAlnum(
  raw: string,
  start: number,
  end: number,
  digits: number,
  scan: Scan,
): boolean {
  return record(scan, start, end, alnumVerdict(raw, digits, liftedAround(scan, start, end)), raw);
}

function alnumVerdict(raw: string, digits: number, lifted: Lifted): Verdict | null {
  if (raw.indexOf(' ') >= 0) return spacedVerdict(raw, lifted);
  const upper = raw.toUpperCase();
  const isUpper = raw === upper;
  // Layouts with a checksum or fixed rules: the rules decide, a keyword cannot save a failing value.
  const national = nationalIdVerdict(raw, upper, isUpper, lifted);
  if (national !== null) return national;
  if (/^bc1[02-9ac-hj-np-z]{11,71}$/i.test(raw) && bech32Valid(raw)) {
    return verdict('CRYPTO', 'crypto_wallet', STRONG);
  }
  if (/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(raw) && base58CheckValid(raw)) {
    return verdict('CRYPTO', 'crypto_wallet', STRONG);
  }
  return documentVerdict(raw, upper, isUpper, digits, lifted);
}

/** National ids with a check character or fixed rules, written as one word. */
function nationalIdVerdict(
  raw: string,
  upper: string,
  isUpper: boolean,
  lifted: Lifted,
): Verdict | null {
  const len = raw.length;
  if (len === 9 && /^[A-Z]{2}\d{6}[A-Z]$/.test(upper)) {
    return ukNinoValid(upper) ? verdict('UK_NINO', 'uk_nino', STRONG) : REJECTED;
  }
  // Spanish DNI (8 digits, or 7 without the leading zero) and NIE, letter after an optional dash.
  const es = /^([XYZ]?\d{7,8})-?([A-Z])$/.exec(raw);
  if (es !== null) {
    const id = es[1]! + es[2]!;
    if (!esIdValid(id)) return id.length === 9 ? REJECTED : null;
    const entity = /^[XYZ]/.test(id) ? 'ES_NIE' : 'ES_NIF';
    if (id.length === 9) return verdict(entity, 'es_id', STRONG);
    return graded(entity, 'es_id', lifted('id', 'tax'), false);
  }
  if (/^[STFGM]\d{7}[A-Z]$/.test(upper)) {
    return sgNricValid(upper) ? verdict('SG_NRIC_FIN', 'sg_nric', STRONG) : REJECTED;
  }
  if (len === 11 && fiHetuValid(upper)) {
    return verdict('FI_PERSONAL_IDENTITY_CODE', 'fi_hetu', STRONG);
  }
  if (len === 16 && itFiscalCodeValid(upper)) {
    return verdict('IT_FISCAL_CODE', 'it_fiscal_code', STRONG);
  }
  if (len === 18 && isUpper && mxCurpValid(raw)) return verdict('MX_CURP', 'mx_curp', STRONG);
  if (len === 18 && cnResidentIdValid(upper)) {
    return verdict('CN_RESIDENT_ID', 'cn_resident_id', STRONG);
  }
  if (len === 12 && /^\d{8}[A-Z]\d{3}$/.test(upper)) {
    return deRvnrValid(upper) ? verdict('DE_SOCIAL_SECURITY', 'de_rvnr', STRONG) : REJECTED;
  }
  const mbi = /^\w{4}-\w{3}-\w{4}$/.test(raw) ? raw.replace(/-/g, '') : raw;
  if (mbi.length === 11 && isUpper && usMbiValid(mbi)) return verdict('US_MBI', 'us_mbi', KEYWORD);
  // UK driving licence: surname (5, 9-padded), decade, month (+50 for women), day, year, initials.
  if (len === 16 && /^[A-Z9]{5}\d[0156]\d[0-3]\d\d[A-Z9]{2}\d[A-Z]{2}$/.test(upper)) {
    return verdict('UK_DRIVING_LICENCE', 'uk_driving_licence', KEYWORD);
  }
  if (len === 9 && /^[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}$/.test(upper) && !deaValid(upper)) {
    return lifted('medical') ? REJECTED : null;
  }
  return null;
}

/**
 * Passport, licence, plate and tax layouts whose only proof is the layout or a check digit: weak
 * in prose, enough alone, strong after a keyword for that kind of document.
 */
function documentVerdict(
  raw: string,
  upper: string,
  isUpper: boolean,
  digits: number,
  lifted: Lifted,
): Verdict | null {
  const len = raw.length;
  // Placeholder digits (`A123456789`) make a sample value: it needs a keyword.
  const placeholder = (raw.match(/\d{6,}/g) ?? []).some(isTrivialDigits);
  const doc = (entity: string, detector: string, families: Family[]) => {
    const score = lifted(...families) ? KEYWORD : lifted('id', 'number') ? KEYWORD_SHAPE : WEAK;
    if (placeholder && score === WEAK) return null;
    return verdict(entity, detector, score, STANDALONE);
  };
  if (isUpper && (len === 9 || len === 10) && deIdDocumentValid(raw)) {
    const passport = lifted('passport') || (!lifted('id') && 'CFGHJK'.includes(raw[0]!));
    return passport
      ? doc('DE_PASSPORT', 'de_passport', ['passport'])
      : doc('DE_ID_CARD', 'de_id_card', ['id']);
  }
  if (len === 9 && deaValid(upper)) return doc('MEDICAL_LICENSE', 'dea_number', ['medical']);
  if (len === 10 && isUpper && inPanValid(raw)) return doc('IN_PAN', 'in_pan', ['tax']);
  if (len === 9 && krPassportValid(upper)) return doc('KR_PASSPORT', 'kr_passport', ['passport']);
  if (len === 10 && itDriverLicenceValid(upper)) {
    return doc('IT_DRIVER_LICENSE', 'it_driver_license', ['driver']);
  }
  if (len === 10 && twIdValid(upper)) return doc('TW_NATIONAL_ID', 'tw_national_id', ['id']);
  if (len === 10 && isUpper && deKvnrValid(raw)) {
    return doc('DE_HEALTH_INSURANCE', 'de_kvnr', ['medical']);
  }
  const compact = raw.indexOf('-') >= 0 ? upper.replace(/-/g, '') : upper;
  if (isUpper && compact.length >= 8 && compact.length <= 10 && inVehicleValid(compact)) {
    return doc('IN_VEHICLE_REGISTRATION', 'in_vehicle_registration', ['vehicle']);
  }
  if (isUpper && ngPlateValid(compact) && /^[A-Z]{3}-?\d/.test(raw)) {
    return doc('NG_VEHICLE_REGISTRATION', 'ng_vehicle_registration', ['vehicle']);
  }
  if (isUpper && ukPlateCurrentValid(compact) && /^[A-Z]{2}\d\d-?[A-Z]{3}$/.test(raw)) {
    return doc('UK_VEHICLE_REGISTRATION', 'uk_vehicle_registration', ['vehicle']);
  }
  if (isUpper && (dePlateHyphenated(raw) || trPlateCompact(raw))) {
    const entity = dePlateHyphenated(raw) ? 'DE_LICENSE_PLATE' : 'TR_LICENSE_PLATE';
    return doc(entity, entity.toLowerCase(), ['vehicle']);
  }
  const vehicle = lifted('vehicle');
  // VINs: the North American check digit, or any 17-character VIN after a keyword.
  if (len === 17 && isUpper && /^[A-HJ-NPR-Z0-9]{17}$/.test(raw)) {
    if (vinValid(raw)) return verdict('VIN', 'vin', vehicle ? KEYWORD : FORMATTED);
    if (vehicle) return verdict('VIN', 'vin', KEYWORD_SHAPE);
  }
  if (vehicle && ukPlateOldValid(upper)) {
    return verdict('UK_VEHICLE_REGISTRATION', 'uk_vehicle_registration', KEYWORD);
  }
  // Anything id-shaped right after a keyword.
  if (vehicle && isUpper && len >= 5 && len <= 10 && len - digits >= 2 && /^[A-Z0-9]+$/.test(raw)) {
    return verdict('VEHICLE_REGISTRATION', 'id_in_context', KEYWORD_SHAPE);
  }
  if (digits >= 3 && len >= 6 && len <= 20 && /^[A-Za-z0-9*-]+$/.test(raw)) {
    // Lengths count characters of the id, not its dashes (`D1234-56789-01234`).
    const v = contextVerdict(lifted, len - (raw.split('-').length - 1));
    // A generic "ID:" also introduces codes (`TA0004`, `SKU-12A`): it needs a mostly numeric value.
    if (v !== null && (v.entity !== 'ID_NUMBER' || (digits >= 5 && digits * 2 >= len))) return v;
  }
  return null;
}

/** `B-AB 1234`, `HH-AB-1234`, `M-XY-999`: German plates written with a hyphen. */
function dePlateHyphenated(raw: string): boolean {
  const m = /^([A-ZÄÖÜ]{1,3})-([A-Z]{1,2})-?(\d{1,4}[EH]?)$/.exec(raw);
  return m !== null && dePlateValid(m[1]!, m[2]!, m[3]!);
}

/** `34ABC1234`: a Turkish plate written without spaces. */
function trPlateCompact(raw: string): boolean {
  const m = /^(\d{2})([A-Z]{1,3})(\d{2,4})$/.exec(raw);
  return m !== null && trPlateValid(m[1]!, m[2]!, m[3]!);
}

/** Values written in several words: plates, spaced NINOs, IT identity cards `AA 1234567`. */
function spacedVerdict(raw: string, lifted: Lifted): Verdict | null {
  const words = raw.split(' ');
  const upper = raw.toUpperCase();
  const isUpper = raw === upper;
  const compact = upper.replace(/ /g, '');
  if (/^[A-Z]{2} \d{2} \d{2} \d{2} [A-Z]$/.test(upper)) {
    return ukNinoValid(compact) ? verdict('UK_NINO', 'uk_nino', STRONG) : REJECTED;
  }
  const vehicle = lifted('vehicle');
  const plate = (entity: string, layoutScore: number) =>
    verdict(entity, entity.toLowerCase(), vehicle ? KEYWORD : layoutScore, STANDALONE);
  if (isUpper && words.length === 3) {
    const [a, b, c] = words as [string, string, string];
    if (/^[A-ZÄÖÜ]{1,3}$/.test(a) && dePlateValid(a, b, c)) return plate('DE_LICENSE_PLATE', 0.3);
    if (trPlateValid(a, b, c)) return plate('TR_LICENSE_PLATE', WEAK);
  }
  if (words.length === 2) {
    const [a, b] = words as [string, string];
    if (ukPlateCurrentValid(compact) && a.length === 4) {
      return plate('UK_VEHICLE_REGISTRATION', isUpper ? WEAK : 0.3);
    }
    if (isUpper && ngPlateValid(compact) && a.length === 3) {
      return plate('NG_VEHICLE_REGISTRATION', WEAK);
    }
    if (isUpper && vehicle && ukPlateOldValid(compact)) {
      return verdict('UK_VEHICLE_REGISTRATION', 'uk_vehicle_registration', KEYWORD);
    }
    if (/^[A-Za-z]{2}$/.test(a) && /^\d{7}$/.test(b) && lifted('id', 'passport')) {
      return verdict('ID_NUMBER', 'id_in_context', KEYWORD_SHAPE);
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Dates of birth and street addresses (looked at only around digits)

// Month names in English, French, German, Spanish, Italian, Portuguese and Dutch.
const MONTHS = [
  'jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar|rero|braio|ruari)?|févr(?:ier)?|fevr(?:ier|eiro)?',
  'mar(?:ch|s|zo|ço|et)?|märz|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|ma[iy]o?|mai|mei|maggio',
  'jun[ei]?|juin|junho|giugno|jul[iy]?|juillet|julho|luglio|aug(?:ust|ustus)?|août|agosto',
  'sep(?:t(?:ember|iembre|embre)?)?|sett(?:embre)?|set(?:embro)?',
  'oct(?:ober|obre|ubre)?|okt(?:ober)?|ott(?:obre)?|out(?:ubro)?',
  'nov(?:ember|embre|iembre|embro)?|dec(?:ember|embre)?|déc(?:embre)?|dez(?:ember|embro)?|dic(?:iembre|embre)?',
].join('|');
const DATE = new RegExp(
  `(?:\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:19|20)?\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th|er|\\.)? (?:of |de )?(?:${MONTHS})\\.?,? (?:de )?(?:19|20)\\d{2}|(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\\d{2})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** A date right after a birth keyword, looked for around the digits at `[start, end)`. */
function findBirthDate(text: string, start: number, end: number, scan: Scan): boolean {
  const from = Math.max(0, start - 16);
  const cueFrom = Math.max(0, from - 40);
  if ((familiesIn(text.slice(cueFrom, end).toLowerCase()) & FAMILY_BIT.dob) === 0) return false;
  DATE.lastIndex = 0;
  const region = text.slice(from, Math.min(text.length, end + 12));
  for (let m = DATE.exec(region); m !== null; m = DATE.exec(region)) {
    const s = from + m.index;
    const e = s + m[0].length;
    if (e < start || s > end) continue;
    if (s > 0 && isAlnumCode(text.charCodeAt(s - 1))) continue;
    scan.add(s, e, verdict('DATE_OF_BIRTH', 'date_of_birth', KEYWORD), maskValue(m[0]));
    return true;
  }
  return false;
}

// House number, one to four capitalised name words, a street-type word; then optionally a unit
// and ", City, ST 12345" (US) or a UK postcode. Sticky: tried only where a house number starts.
const STREET =
  /\d{1,5}[A-Za-z]?\s(?:[A-Z][a-z]{1,20}\.?\s){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Crescent|Close|Gardens)\b\.?(?:,?\s(?:Apt|Suite|Unit|Flat|#)\.?\s?[A-Za-z0-9-]{1,6})?(?:,\s(?:[A-Z][a-z]{1,20}\s?){1,3},?\s(?:[A-Z]{2}\s\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}))?/y;
// French, Spanish, Italian and Portuguese streets written number first: `12 rue de la Paix`.
const STREET_AFTER_NUMBER =
  /\d{1,4}(?:\s?(?:bis|ter))?,?\s(?:rue|avenue|av\.|boulevard|bd|chemin|place|allée|impasse|quai|route|cours)\s(?:(?:de|du|des|la|le)\s|[ld]')*[A-ZÉÈ][\p{L}'-]{1,24}(?:\s(?:(?:de|du|des|la|le)\s)?[A-ZÉÈ][\p{L}'-]{1,24}){0,3}/uy;
// Street names before the house number (German, Dutch, Spanish, Italian, Portuguese, Polish):
// `Hauptstraße 5`, `Kalverstraat 12`, `Calle Mayor 12`, `Via Roma 10`, `Rua Augusta 100`.
const STREET_BEFORE_NUMBER =
  /(?:^|[\s,(])((?:[A-ZÄÖÜ][a-zäöüß-]+(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer)|[A-Z][a-z]+(?:straat|laan|weg|gracht|plein|kade|singel)|(?:Calle|C\/|Avenida|Avda\.?|Av\.|Plaza|Paseo|Carrer|Via|Viale|Piazza|Corso|Largo|Rua|Travessa|Praça|ul\.)\s(?:(?:de|del|la|los|las|da|do|dos|das|di|della|dei)\s)*[A-ZÁÉÍÓÚ][\p{L}'-]{1,20}(?:\s[A-ZÁÉÍÓÚ][\p{L}'-]{1,20}){0,2})),?\s$/u;
// After a house number: `, 10115 Berlin`, `, 1012 NX Amsterdam`, `, 1100-053 Lisboa`.
const POSTCODE_CITY =
  /[a-zA-Z]?,?\s(?:\d{5}|\d{4}\s?[A-Z]{2}|\d{4}-\d{3})\s[A-ZÄÖÜÁÉÍÓÚ][\p{L}-]{1,24}/uy;

/** A street address whose house number starts at `start`. */
function findAddress(text: string, start: number, scan: Scan): boolean {
  const c = text.charCodeAt(start);
  if (!isDigitCode(c) || (start > 0 && isAlnumCode(text.charCodeAt(start - 1)))) return false;
  let i = start;
  while (i < text.length && i - start < 6 && isAlnumCode(text.charCodeAt(i))) i++;
  const after = text.charCodeAt(i);
  if (after !== 0x20 && after !== 0x2c) return findStreetBefore(text, start, i, scan);
  const next = text.charCodeAt(i + 1);
  let m: RegExpExecArray | null = null;
  if (next >= 65 && next <= 90) {
    STREET.lastIndex = start;
    m = STREET.exec(text);
  } else {
    STREET_AFTER_NUMBER.lastIndex = start;
    m = STREET_AFTER_NUMBER.exec(text);
  }
  if (m === null) return findStreetBefore(text, start, i, scan);
  let end = start + m[0].length;
  POSTCODE_CITY.lastIndex = end;
  const tailed = POSTCODE_CITY.exec(text);
  if (tailed !== null) end += tailed[0].length;
  const full = text.slice(start, end);
  // A city/state/ZIP tail or an address keyword makes it an address; a bare "12 Main Street" is weak.
  const tail =
    tailed !== null ||
    (/,\s[A-Z][a-z]/.test(full) && /\d{5}|[A-Z]\d[A-Z\d]?\s\d[A-Z]{2}$/.test(full));
  addAddress(text, start, end, tail, scan);
  return true;
}

/** `Hauptstraße 5, 10115 Berlin`: the street name before the house number ending at `numberEnd`. */
function findStreetBefore(text: string, start: number, numberEnd: number, scan: Scan): boolean {
  // Only after a capitalised word or a street abbreviation, one space before the number.
  if (start < 4 || text.charCodeAt(start - 1) !== 0x20 || numberEnd - start > 5) return false;
  let w = start - 1;
  while (w > 0 && start - w < 24 && !isSpace(text.charCodeAt(w - 1))) w--;
  const first = text.charCodeAt(w);
  if (!((first >= 65 && first <= 90) || first >= 0xc0 || text.startsWith('ul.', w))) return false;
  const m = STREET_BEFORE_NUMBER.exec(text.slice(Math.max(0, start - 48), start));
  if (m === null) return false;
  const streetStart = start - m[0].length + m[0].indexOf(m[1]!);
  POSTCODE_CITY.lastIndex = numberEnd;
  const tailed = POSTCODE_CITY.exec(text);
  const end = tailed !== null ? numberEnd + tailed[0].length : numberEnd;
  addAddress(text, streetStart, end, tailed !== null, scan);
  return true;
}

function addAddress(text: string, start: number, end: number, tail: boolean, scan: Scan): void {
  const window = text.slice(Math.max(0, start - 40), start).toLowerCase();
  const keyword = (familiesIn(window) & FAMILY_BIT.address) !== 0;
  const score = tail || keyword ? KEYWORD : 0.45;
  scan.add(
    start,
    end,
    verdict('ADDRESS', 'street_address', score),
    maskValue(text.slice(start, end)),
  );
}

// ---------------------------------------------------------------------------------------------
// Results

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
      // A container at least as good, or the same span found twice (a date from its day and
      // its year).
      const same = gs.start === fs.start && gs.end === fs.end;
      if (
        gs.start <= fs.start &&
        gs.end >= fs.end &&
        (same || gs.end - gs.start > fs.end - fs.start || g.score > f.score) &&
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

function toFindings(scan: Scan): Finding[] {
  const candidates = scan.out;
  // Values alone in their text (a form field, a one-line reply) take their standalone score.
  if (candidates.some((c) => c.standalone > c.score) && scan.textIsIdOnly()) {
    for (const c of candidates) c.score = c.standalone;
  }
  const findings: Finding[] = [];
  for (const c of candidates) {
    if (c.score < REPORT_FLOOR) continue;
    findings.push(spanFinding('pii', c.detector, c.score, c.start, c.end, c.evidence, c.entity));
  }
  return dropContained(findings);
}

function detect(view: TextView): Finding[] {
  const { text } = view;
  const scan = new Scan(text, view.field);
  if (text.indexOf('@') >= 0) findEmails(text, scan);
  scanPhrases(text, scan);
  return scan.out.length === 0 ? [] : toFindings(scan);
}

/** The PII detector. */
export const piiDetector: Detector = {
  id: 'pii',
  categories: ['pii'],
  detect,
};
