/**
 * Provider credential formats: literal prefix (or infix), character set, length and, where the
 * provider defines one, a checksum or decodable structure. The `secret` detector finds the
 * literals with one automaton inside long token runs and tries each format's pattern there.
 * Formats follow the providers' documentation and the rule sets of gitleaks, trufflehog and
 * detect-secrets; where those disagree on a length, the range covers both.
 */
import { crc32 } from 'node:zlib';
import { shannonEntropy } from './secret-values.js';

/** What a format's extra check says about a match. */
export type FormatCheck = 'reject' | 'valid' | 'verified';

/** One credential format. */
export interface KeyFormat {
  readonly entity: string;
  /** Literals every match contains; found by the automaton. */
  readonly literals: readonly string[];
  /** Sticky pattern tried where the match starts. Bounded repeats only; boundaries included. */
  readonly pattern: RegExp;
  /** Score of a match that passes the checks (`verified` raises it to `VERIFIED_SCORE`). */
  readonly score: number;
  /** Leading characters that are the public part of the format (kept in evidence, not checked
   * for fillers). */
  readonly show: number;
  /** For a literal inside the match: the match starts where a walk back from the literal over
   * these characters stops, at most `max` characters before it. */
  readonly back?: { readonly chars: string; readonly max: number };
  /** Structure beyond the pattern: a checksum, decodable contents. */
  readonly check?: (value: string) => FormatCheck;
}

/** Score of a match whose checksum or decoded structure verified. */
export const VERIFIED_SCORE = 0.99;

const ALNUM = 'A-Za-z0-9';
const START = `(?<![${ALNUM}])`;
// Short or word-like literals: also not glued after a dot (`video_box.ico-…`, `x.API-…`).
const START_STRICT = `(?<![${ALNUM}.])`;
const END = `(?![${ALNUM}])`;
const END_W = `(?![${ALNUM}_])`;
const END_WD = `(?![${ALNUM}_-])`;
const END_B64 = `(?![${ALNUM}+/=])`;

function format(
  entity: string,
  literals: readonly string[],
  pattern: string,
  score: number,
  show: number,
  extra: Pick<KeyFormat, 'back' | 'check'> = {},
): KeyFormat {
  return { entity, literals, pattern: new RegExp(pattern, 'y'), score, show, ...extra };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base 62 (digits, upper, lower), left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let s = '';
  let v = n;
  while (v > 0) {
    s = BASE62[v % 62]! + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/**
 * GitHub (`ghp_` … 36) and npm (`npm_` … 36) tokens end in the base-62 CRC32 of the 30 random
 * characters before it (github.blog, 2021-04-05; npm, 2021-09-23).
 */
export function hasCrc32Suffix(token: string, prefixLength: number): boolean {
  const body = token.slice(prefixLength);
  if (body.length !== 36) return false;
  const random = body.slice(0, 30);
  return base62(crc32(random) >>> 0, 6) === body.slice(30);
}

function crcToken(prefixLength: number): (value: string) => FormatCheck {
  return (value) => (hasCrc32Suffix(value, prefixLength) ? 'verified' : 'valid');
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** A bech32 string (BIP-173) whose checksum holds, e.g. an age secret key. Case-insensitive. */
export function isBech32(s: string): boolean {
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return false;
  const hrp = lower.slice(0, sep);
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  for (let i = sep + 1; i < lower.length; i++) {
    const v = BECH32.indexOf(lower[i]!);
    if (v < 0) return false;
    values.push(v);
  }
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk === 1;
}

function decodesTo(value: string, from: number, expected: string): boolean {
  try {
    return Buffer.from(value.slice(from), 'base64').toString('latin1').startsWith(expected);
  } catch {
    return false;
  }
}

/** Decoded first segment of a JWT: JSON with an algorithm or type. */
export function jwtHeader(value: string): 'signed' | 'unsigned' | null {
  const dot = value.indexOf('.');
  try {
    const json = Buffer.from(value.slice(0, dot), 'base64url').toString('utf8');
    if (!json.startsWith('{') || !/"(?:alg|typ|kid|enc|x5t)"/.test(json)) return null;
    return /"alg"\s*:\s*"none"/i.test(json) ? 'unsigned' : 'signed';
  } catch {
    return null;
  }
}

// A Discord bot token's first segment is the base64 of the bot's numeric user id.
function discordCheck(value: string): FormatCheck {
  const first = value.slice(0, value.indexOf('.'));
  const id = Buffer.from(first, 'base64').toString('latin1');
  return /^\d{17,20}$/.test(id) ? 'verified' : 'valid';
}

/** Every format, most specific first where two share a literal. */
export const KEY_FORMATS: readonly KeyFormat[] = [
  // --- Cloud ---
  format(
    'AWS_ACCESS_KEY',
    ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    `${START}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}${END}`,
    0.9,
    4,
  ),
  format(
    'AWS_SESSION_TOKEN',
    ['IQoJb3JpZ2lu', 'FwoGZXIvYXdz'],
    `${START}(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[${ALNUM}+/]{100,2000}={0,2}${END_B64}`,
    0.9,
    12,
  ),
  format('AWS_BEDROCK_KEY', ['ABSK'], `${START}ABSK[${ALNUM}+/]{109,269}={0,2}${END_B64}`, 0.9, 4, {
    check: (v) => (decodesTo(v, 4, 'BedrockAPIKey-') ? 'verified' : 'valid'),
  }),
  format(
    'AWS_BEDROCK_KEY',
    ['bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t'],
    `bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[${ALNUM}+/=%&_-]{0,4000}`,
    0.9,
    16,
  ),
  format(
    'AWS_MWS_KEY',
    ['amzn.mws.'],
    'amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    0.85,
    9,
  ),
  format('GCP_API_KEY', ['AIza'], `${START}AIza[${ALNUM}_-]{35}${END_WD}`, 0.9, 4),
  format('GCP_OAUTH_SECRET', ['GOCSPX-'], `GOCSPX-[${ALNUM}_-]{28}${END_WD}`, 0.9, 7),
  format('GCP_OAUTH_TOKEN', ['ya29.'], `${START}ya29\\.[${ALNUM}_-]{30,2000}${END_WD}`, 0.85, 5),
  format(
    'GCP_SERVICE_ACCOUNT',
    ['service_account'],
    '(?<="type"\\s{0,4}:\\s{0,4}")service_account(?=")',
    0.7,
    15,
  ),
  format(
    'FIREBASE_SERVER_KEY',
    ['AAAA'],
    `${START}AAAA[${ALNUM}_-]{7}:[${ALNUM}_-]{140}${END_WD}`,
    0.9,
    4,
  ),
  format(
    'AZURE_STORAGE_KEY',
    ['AccountKey=', 'SharedAccessKey='],
    `(?:AccountKey|SharedAccessKey)=[${ALNUM}+/]{42,86}={0,2}${END_B64}`,
    0.9,
    11,
  ),
  format(
    'AZURE_CLIENT_SECRET',
    ['Q~'],
    `(?<![${ALNUM}_~.])[${ALNUM}_~.]{3}\\dQ~[${ALNUM}_~.-]{31,34}(?![${ALNUM}_~.-])`,
    0.85,
    0,
    { back: { chars: `${ALNUM}_~.`, max: 4 } },
  ),
  format('OPENSHIFT_TOKEN', ['sha256~'], `${START}sha256~[${ALNUM}_-]{43}${END_WD}`, 0.9, 7),
  format(
    'SOFTLAYER_KEY',
    ['api.softlayer.com/soap/v3'],
    'api\\.softlayer\\.com/soap/v3(?:\\.1)?/[a-z0-9]{64}',
    0.85,
    25,
  ),
  format('ALIBABA_ACCESS_KEY', ['LTAI'], `${START}LTAI[${ALNUM}]{12,20}${END}`, 0.8, 4),
  // --- Source hosting, CI, package registries ---
  format(
    'GITHUB_TOKEN',
    ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    `${START}gh[pousr]_[${ALNUM}]{36,251}${END_W}`,
    0.95,
    4,
    { check: crcToken(4) },
  ),
  format(
    'GITHUB_TOKEN',
    ['github_pat_'],
    `${START}github_pat_[${ALNUM}_]{70,100}${END_W}`,
    0.95,
    11,
  ),
  format(
    'GITLAB_TOKEN',
    ['glpat-', 'gldt-', 'glrt-', 'glft-', 'glsoat-', 'glcbt-', 'glffct-'],
    `${START}gl(?:pat|dt|rt|ft|soat|cbt|ffct)-[${ALNUM}_-]{27,300}\\.[0-9a-z]{9}(?![${ALNUM}_.-])`,
    0.95,
    6,
  ),
  format(
    'GITLAB_TOKEN',
    ['glpat-', 'gldt-', 'glrt-', 'glft-', 'glsoat-', 'glcbt-', 'glffct-', 'GR1348941'],
    `${START}(?:gl(?:pat|dt|rt|ft|soat|cbt|ffct)-|GR1348941)[${ALNUM}_-]{20,50}${END_WD}`,
    0.9,
    6,
  ),
  format('GITLAB_TOKEN', ['glimt-'], `${START}glimt-[${ALNUM}_-]{25}${END_WD}`, 0.9, 6),
  format('GITLAB_TOKEN', ['gloas-'], `${START}gloas-[${ALNUM}_-]{64}${END_WD}`, 0.9, 6),
  format('GITLAB_TOKEN', ['glptt-'], `${START}glptt-[${ALNUM}_-]{40}${END_WD}`, 0.9, 6),
  format('GITLAB_TOKEN', ['glagent-'], `${START}glagent-[${ALNUM}_-]{50,1024}${END_WD}`, 0.9, 8),
  format('GITLAB_TOKEN', ['_gitlab_session='], '_gitlab_session=[0-9a-z]{32}', 0.9, 16),
  format('BITBUCKET_TOKEN', ['ATBB'], `${START}ATBB[${ALNUM}]{32,}${END}`, 0.9, 4),
  format(
    'ATLASSIAN_TOKEN',
    ['ATATT3', 'ATCTT3'],
    `${START}AT[AC]TT3[${ALNUM}_=-]{150,300}${END_WD}`,
    0.9,
    6,
  ),
  format('NPM_TOKEN', ['npm_'], `${START}npm_[${ALNUM}]{36}${END_W}`, 0.95, 4, {
    check: crcToken(4),
  }),
  format(
    'PYPI_TOKEN',
    ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
    `pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[${ALNUM}_-]{70,1000}${END_WD}`,
    0.95,
    5,
  ),
  format('RUBYGEMS_TOKEN', ['rubygems_'], `${START}rubygems_[0-9a-f]{48}${END}`, 0.95, 9),
  format('NUGET_KEY', ['oy2'], `${START_STRICT}oy2[a-z0-9]{43}${END}`, 0.8, 3),
  format(
    'DOCKERHUB_TOKEN',
    ['dckr_pat_', 'dckr_oat_'],
    `dckr_[po]at_[${ALNUM}_-]{27,40}${END_WD}`,
    0.9,
    9,
  ),
  format('CLOJARS_TOKEN', ['CLOJARS_'], `CLOJARS_[a-z0-9]{60}${END}`, 0.95, 8),
  format('JFROG_KEY', ['AKC'], `${START}AKC[${ALNUM}]{10,}${END}`, 0.75, 3),
  format('JFROG_TOKEN', ['cmVmdGtu'], `${START}cmVmdGtu[${ALNUM}]{56}${END}`, 0.9, 8),
  format(
    'JFROG_PASSWORD',
    ['AP'],
    `${START_STRICT}AP[0-9A-F][${ALNUM}]{17,}${END}`,
    0.7,
    2,
    // JFrog's encrypted passwords are long random strings mixing digits with both cases;
    // capitalised words and codes (`APAC2024Q3Results`, `APEXLegends2023`) are not.
    {
      check: (v) =>
        /\d/.test(v.slice(3)) && /[a-z]/.test(v) && shannonEntropy(v) >= 4 ? 'valid' : 'reject',
    },
  ),
  format('SONAR_TOKEN', ['squ_', 'sqp_', 'sqa_'], `${START}sq[upa]_[${ALNUM}]{40}${END}`, 0.9, 4),
  format(
    'SOURCEGRAPH_TOKEN',
    ['sgp_'],
    `${START}sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}${END}`,
    0.9,
    4,
  ),
  format('DATABRICKS_TOKEN', ['dapi'], `${START}dapi[a-f0-9]{32}(?:-\\d)?${END}`, 0.9, 4),
  format('PULUMI_TOKEN', ['pul-'], `${START_STRICT}pul-[a-f0-9]{40}${END}`, 0.9, 4),
  format(
    'VAULT_TOKEN',
    ['hvs.', 'hvb.', 'hvr.'],
    `${START}hv[sbr]\\.[${ALNUM}_-]{24,400}${END_WD}`,
    0.9,
    4,
  ),
  format(
    'VAULT_TOKEN',
    ['s.'],
    `(?<![${ALNUM}_.])s\\.[${ALNUM}]{24}${END}`,
    0.75,
    2,
    // Legacy tokens are random: digits and both cases (not `s.AcceptanceTimeoutSeconds`).
    { check: (v) => (/\d/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) ? 'valid' : 'reject') },
  ),
  format(
    'TERRAFORM_TOKEN',
    ['.atlasv1.'],
    `(?<![${ALNUM}])[a-z0-9]{14}\\.atlasv1\\.[${ALNUM}_=-]{60,70}${END_WD}`,
    0.9,
    0,
    { back: { chars: 'a-z0-9', max: 14 } },
  ),
  format(
    'DOPPLER_TOKEN',
    ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'],
    `dp\\.(?:pt|st|ct|sa|scim|audit)\\.[${ALNUM}]{40,44}${END}`,
    0.95,
    6,
  ),
  format(
    'ONEPASSWORD_SECRET',
    ['A3-'],
    `${START}A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${END}`,
    0.9,
    3,
  ),
  format('ONEPASSWORD_TOKEN', ['ops_eyJ'], `ops_eyJ[${ALNUM}+/]{100,}={0,3}`, 0.9, 7),
  format(
    'AGE_SECRET_KEY',
    ['AGE-SECRET-KEY-1'],
    `AGE-SECRET-KEY-1[${BECH32.toUpperCase()}]{58}${END}`,
    0.95,
    16,
    {
      check: (v) => (isBech32(v) ? 'verified' : 'valid'),
    },
  ),
  format('HEROKU_KEY', ['HRKU-'], `${START}HRKU-[${ALNUM}_-]{58,60}${END_WD}`, 0.95, 5),
  format(
    'DIGITALOCEAN_TOKEN',
    ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    `do[opr]_v1_[a-f0-9]{64}${END}`,
    0.95,
    7,
  ),
  format(
    'FLYIO_TOKEN',
    ['fm1a_', 'fm1r_', 'fm2_', 'fo1_'],
    `${START}(?:fo1_[${ALNUM}_-]{43}|fm[12][ar]?_[${ALNUM}+/]{100,}={0,3})`,
    0.95,
    4,
  ),
  format('NETLIFY_TOKEN', ['nfp_'], `${START_STRICT}nfp_[${ALNUM}]{36}${END}`, 0.9, 4),
  format('SUPABASE_TOKEN', ['sbp_'], `${START_STRICT}sbp_[a-f0-9]{40}${END}`, 0.9, 4),
  format('RENDER_KEY', ['rnd_'], `${START_STRICT}rnd_[${ALNUM}]{32}${END}`, 0.85, 4),
  format(
    'CLOUDFLARE_ORIGIN_CA_KEY',
    ['v1.0-'],
    `${START}v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}${END}`,
    0.95,
    5,
  ),
  format('SCALINGO_TOKEN', ['tk-us-'], `${START}tk-us-[${ALNUM}_-]{48}${END_WD}`, 0.9, 6),
  format(
    'PLANETSCALE_TOKEN',
    ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
    `pscale_(?:tkn|pw|oauth)_[${ALNUM}_=.-]{32,64}${END_WD}`,
    0.9,
    11,
  ),
  format(
    'HARNESS_KEY',
    ['pat.', 'sat.'],
    `${START}[ps]at\\.[${ALNUM}_-]{22}\\.[${ALNUM}]{24}\\.[${ALNUM}]{20}${END}`,
    0.9,
    4,
  ),
  format('OCTOPUS_KEY', ['API-'], `${START_STRICT}API-[A-Z0-9]{26}${END}`, 0.8, 4),
  format('INFRACOST_KEY', ['ico-'], `${START_STRICT}ico-[${ALNUM}]{32}${END}`, 0.85, 4),
  format('DYNATRACE_TOKEN', ['dt0c01.'], `dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${END}`, 0.95, 7),
  format(
    'NEW_RELIC_KEY',
    ['NRAK-', 'NRJS-', 'NRII-'],
    `${START}NR(?:AK-[A-Z0-9]{27}|JS-[a-f0-9]{19}|II-[${ALNUM}-]{32})${END}`,
    0.9,
    5,
  ),
  format('GRAFANA_TOKEN', ['glc_'], `${START}glc_[${ALNUM}+/]{32,400}={0,3}${END_B64}`, 0.9, 4),
  format('GRAFANA_TOKEN', ['glsa_'], `${START}glsa_[${ALNUM}]{32}_[A-Fa-f0-9]{8}${END}`, 0.9, 5),
  format(
    'GRAFANA_TOKEN',
    ['eyJrIjoi'],
    `${START}eyJrIjoi[${ALNUM}]{70,400}={0,3}${END_B64}`,
    0.9,
    8,
  ),
  format(
    'SENTRY_TOKEN',
    ['sntrys_', 'sntryu_'],
    `${START}sntry(?:s_eyJ[${ALNUM}+/=]{50,400}_[${ALNUM}+/]{43}|u_[a-f0-9]{64})${END}`,
    0.9,
    7,
  ),
  format('POSTMAN_KEY', ['PMAK-'], `${START}PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}${END}`, 0.95, 5),
  format('LINEAR_KEY', ['lin_api_'], `lin_api_[${ALNUM}]{40}${END}`, 0.95, 8),
  format('NOTION_TOKEN', ['ntn_'], `${START}ntn_[0-9]{11}[${ALNUM}]{35}${END}`, 0.9, 4),
  format('NOTION_TOKEN', ['secret_'], `${START}secret_[${ALNUM}]{43}${END}`, 0.85, 7),
  format('PREFECT_KEY', ['pnu_'], `${START}pnu_[${ALNUM}]{36}${END}`, 0.9, 4),
  format('README_KEY', ['rdme_'], `${START}rdme_[a-z0-9]{70}${END}`, 0.9, 5),
  format('FIGMA_TOKEN', ['figd_'], `${START}figd_[${ALNUM}_-]{40}${END_WD}`, 0.9, 5),
  format(
    'AIRTABLE_TOKEN',
    ['pat'],
    `${START_STRICT}pat[${ALNUM}]{14}\\.[a-f0-9]{64}${END}`,
    0.9,
    3,
  ),
  format('TYPEFORM_TOKEN', ['tfp_'], `${START}tfp_[${ALNUM}_.=-]{59}${END_WD}`, 0.9, 4),
  format('FRAMEIO_TOKEN', ['fio-u-'], `fio-u-[${ALNUM}_=-]{64}${END_WD}`, 0.9, 6),
  format('ADOBE_SECRET', ['p8e-'], `${START}p8e-[${ALNUM}]{32}${END}`, 0.85, 4),
  format('EASYPOST_KEY', ['EZAK', 'EZTK'], `${START}EZ[AT]K[${ALNUM}]{54}${END}`, 0.9, 4),
  format(
    'DUFFEL_TOKEN',
    ['duffel_test_', 'duffel_live_'],
    `duffel_(?:test|live)_[${ALNUM}_=-]{43}${END_WD}`,
    0.9,
    12,
  ),
  format(
    'SETTLEMINT_TOKEN',
    ['sm_aat_', 'sm_pat_', 'sm_sat_'],
    `${START}sm_[aps]at_[${ALNUM}]{16}${END}`,
    0.85,
    7,
  ),
  format('INTRA42_SECRET', ['s-s4t2'], `s-s4t2(?:ud|af)-[a-f0-9]{64}${END}`, 0.9, 9),
  format('PUTTY_PRIVATE_KEY', ['PuTTY-User-Key-File-'], 'PuTTY-User-Key-File-[23]:', 0.9, 20),
  format('MAXMIND_KEY', ['_mmk'], `${START}[${ALNUM}]{6}_[${ALNUM}]{29}_mmk${END}`, 0.9, 0, {
    back: { chars: `${ALNUM}_`, max: 36 },
  }),
  // --- Payment and commerce ---
  format(
    'STRIPE_KEY',
    ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'rk_prod_', 'sk_prod_'],
    `${START}[sr]k_(?:live|test|prod)_[${ALNUM}]{10,247}${END}`,
    0.9,
    8,
  ),
  format(
    'STRIPE_WEBHOOK_SECRET',
    ['whsec_'],
    `${START}whsec_[${ALNUM}+/=]{32,88}${END_B64}`,
    0.9,
    6,
  ),
  format(
    'SQUARE_TOKEN',
    ['sq0csp-', 'sq0atp-', 'EAAA'],
    `${START}(?:sq0csp-[${ALNUM}_-]{43}|sq0atp-[${ALNUM}_-]{22,60}|EAAA[${ALNUM}_-]{60})${END_WD}`,
    0.9,
    6,
  ),
  format(
    'SHOPIFY_TOKEN',
    ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    `shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${END}`,
    0.95,
    6,
  ),
  format(
    'SHIPPO_TOKEN',
    ['shippo_live_', 'shippo_test_'],
    `shippo_(?:live|test)_[a-fA-F0-9]{40}${END}`,
    0.95,
    12,
  ),
  format(
    'FLUTTERWAVE_KEY',
    ['FLWSECK_TEST-', 'FLWSECK-'],
    `FLWSECK(?:_TEST)?-[a-hA-H0-9]{12,32}(?:-X)?${END}`,
    0.9,
    8,
  ),
  // --- Messaging and e-mail ---
  format(
    'SLACK_TOKEN',
    ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-'],
    `${START}xox[abposre]-(?:\\d-)?(?:\\d{6,13}-){1,3}[${ALNUM}]{10,64}(?![${ALNUM}#-])`,
    0.9,
    5,
  ),
  format(
    'SLACK_TOKEN',
    ['xoxe.xoxb-', 'xoxe.xoxp-'],
    `xoxe\\.xox[bp]-\\d-[${ALNUM}]{100,200}${END}`,
    0.9,
    10,
  ),
  format('SLACK_TOKEN', ['xoxe-'], `${START}xoxe-\\d-[${ALNUM}]{100,400}${END}`, 0.9, 7),
  format(
    'SLACK_TOKEN',
    ['xapp-'],
    `xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-z0-9]{30,70}${END}`,
    0.9,
    5,
  ),
  format(
    'SLACK_WEBHOOK',
    ['hooks.slack.com/'],
    `hooks\\.slack\\.com/(?:services|workflows|triggers)/[${ALNUM}+/_-]{20,120}`,
    0.9,
    25,
  ),
  format(
    'DISCORD_WEBHOOK',
    ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    `discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[${ALNUM}_-]{60,68}`,
    0.9,
    25,
  ),
  format(
    'TEAMS_WEBHOOK',
    ['.webhook.office.com/webhookb2/'],
    `[${ALNUM}]{0,40}\\.webhook\\.office\\.com/webhookb2/[${ALNUM}@/-]{60,300}`,
    0.85,
    0,
    { back: { chars: ALNUM, max: 40 } },
  ),
  // Telegram tokens appear bare and in bot URLs (`…/bot123456789:AA…/sendMessage`).
  format(
    'TELEGRAM_TOKEN',
    [':AA'],
    `(?:(?<![${ALNUM}])|(?<=bot))\\d{8,10}:AA[${ALNUM}_-]{33}${END_WD}`,
    0.9,
    0,
    { back: { chars: '0-9', max: 10 } },
  ),
  format('TWILIO_KEY', ['SK'], `${START_STRICT}SK[0-9a-fA-F]{32}${END}`, 0.8, 2),
  format('TWILIO_ACCOUNT_SID', ['AC'], `${START_STRICT}AC[0-9a-f]{32}${END}`, 0.6, 2),
  format(
    'SENDGRID_KEY',
    ['SG.'],
    `${START}SG\\.[${ALNUM}_-]{16,32}\\.[${ALNUM}_-]{16,64}${END_WD}`,
    0.95,
    3,
  ),
  format('SENDINBLUE_KEY', ['xkeysib-'], `xkeysib-[a-f0-9]{64}-[${ALNUM}]{16}${END}`, 0.95, 8),
  format('MAILGUN_KEY', ['key-'], `${START_STRICT}key-[a-f0-9]{32}${END}`, 0.75, 4),
  format('MAILCHIMP_KEY', ['-us'], `${START}[0-9a-f]{32}-us\\d{1,2}${END}`, 0.85, 0, {
    back: { chars: '0-9a-f', max: 32 },
  }),
  format('FACEBOOK_APP_TOKEN', ['|'], `(?<!\\d)\\d{15,16}\\|[${ALNUM}_-]{27,40}${END_WD}`, 0.8, 0, {
    back: { chars: '0-9', max: 16 },
  }),
  format(
    'FACEBOOK_TOKEN',
    ['EAAC', 'EAAM', 'EAAG'],
    `${START}EAA[CMG][${ALNUM}]{100,300}${END}`,
    0.85,
    4,
  ),
  format(
    'TWITTER_BEARER_TOKEN',
    ['AAAAAAAAAAAAAAAAAAAAA'],
    `${START}A{22}[${ALNUM}%]{80,120}${END}`,
    0.85,
    22,
  ),
  // --- AI and model providers ---
  format(
    'ANTHROPIC_KEY',
    ['sk-ant-'],
    `${START}sk-ant-(?:(?:api03|admin01)-[${ALNUM}_-]{93}AA|(?:oat01|ort01|sid01)-[${ALNUM}_-]{40,300})${END_WD}`,
    0.95,
    7,
  ),
  // OpenAI keys carry `T3BlbkFJ` (base64 of "OpenAI") between two random halves.
  format(
    'OPENAI_KEY',
    ['sk-'],
    `${START}sk-(?:(?:proj|svcacct|admin|None)-)?[${ALNUM}_-]{10,80}T3BlbkFJ[${ALNUM}_-]{10,80}${END_WD}`,
    0.95,
    3,
  ),
  format(
    'OPENAI_KEY',
    ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    `sk-(?:proj|svcacct|admin)-[${ALNUM}_-]{100,200}${END_WD}`,
    0.8,
    8,
  ),
  format('OPENROUTER_KEY', ['sk-or-v1-'], `sk-or-v1-[a-f0-9]{64}${END}`, 0.95, 9),
  // DeepSeek (32 hex), Moonshot and legacy OpenAI-compatible gateways (48 alphanumerics).
  format('LLM_API_KEY', ['sk-'], `${START}sk-(?:[a-f0-9]{32}|[${ALNUM}]{48})${END}`, 0.8, 3),
  format('ELEVENLABS_KEY', ['sk_'], `${START}sk_[a-f0-9]{48}${END}`, 0.8, 3),
  // Groq keys carry `WGdyb3FY` (base64 of "Groq").
  format('GROQ_KEY', ['gsk_'], `${START}gsk_[${ALNUM}]{52}${END}`, 0.9, 4, {
    check: (v) => (v.slice(24, 32) === 'WGdyb3FY' ? 'verified' : 'valid'),
  }),
  format('XAI_KEY', ['xai-'], `${START}xai-[${ALNUM}]{70,90}${END}`, 0.9, 4),
  format('PERPLEXITY_KEY', ['pplx-'], `${START}pplx-[${ALNUM}]{40,60}${END}`, 0.9, 5),
  format(
    'HUGGINGFACE_TOKEN',
    ['hf_', 'api_org_'],
    `${START}(?:hf_|api_org_)[A-Za-z]{34}${END}`,
    0.9,
    3,
  ),
  format('REPLICATE_TOKEN', ['r8_'], `${START_STRICT}r8_[${ALNUM}]{37}${END}`, 0.9, 3),
  format(
    'LANGSMITH_KEY',
    ['lsv2_pt_', 'lsv2_sk_'],
    `lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${END}`,
    0.95,
    8,
  ),
  format('PINECONE_KEY', ['pcsk_'], `${START}pcsk_[${ALNUM}_]{40,100}${END}`, 0.9, 5),
  format('NVIDIA_KEY', ['nvapi-'], `${START}nvapi-[${ALNUM}_-]{60,70}${END_WD}`, 0.9, 6),
  format('TAVILY_KEY', ['tvly-'], `${START}tvly-(?:dev-|prod-)?[${ALNUM}]{32}${END}`, 0.9, 5),
  format('FIREWORKS_KEY', ['fw_'], `${START_STRICT}fw_[${ALNUM}]{24}${END}`, 0.85, 3),
  format('CEREBRAS_KEY', ['csk-'], `${START_STRICT}csk-[${ALNUM}]{40,60}${END}`, 0.85, 4),
  format('FIRECRAWL_KEY', ['fc-'], `${START_STRICT}fc-[a-f0-9]{32}${END}`, 0.85, 3),
  format(
    'LANGFUSE_SECRET_KEY',
    ['sk-lf-'],
    `sk-lf-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}${END}`,
    0.9,
    6,
  ),
  format('POSTHOG_PERSONAL_KEY', ['phx_'], `${START}phx_[${ALNUM}]{40,50}${END}`, 0.9, 4),
  format('SUPABASE_SECRET_KEY', ['sb_secret_'], `sb_secret_[${ALNUM}_-]{24,64}${END_WD}`, 0.9, 10),
  format('RESEND_KEY', ['re_'], `${START_STRICT}re_[${ALNUM}]{8}_[${ALNUM}]{24}${END}`, 0.9, 3),
  format('NEON_KEY', ['napi_'], `${START}napi_[${ALNUM}]{40,80}${END}`, 0.9, 5),
  format('CLICKHOUSE_KEY', ['4b1d'], `${START}4b1d[${ALNUM}]{38}${END}`, 0.85, 4),
  // --- Tokens without a provider prefix ---
  format(
    'JWT',
    ['eyJ'],
    `${START}eyJ[${ALNUM}_-]{8,2000}\\.eyJ[${ALNUM}_-]{4,8000}(?:\\.[${ALNUM}_-]{0,2000})?`,
    0.8,
    3,
    // An unsigned token (`alg: none`) proves nothing: anyone can mint it.
    { check: (v) => (jwtHeader(v) === 'signed' ? 'valid' : 'reject') },
  ),
  format(
    'DISCORD_TOKEN',
    ['.'],
    `(?<![${ALNUM}_-])[${ALNUM}][${ALNUM}_-]{23,25}\\.[${ALNUM}_-]{6}\\.(?:[${ALNUM}_-]{27}|[${ALNUM}_-]{38})${END_WD}`,
    0.85,
    0,
    { back: { chars: `${ALNUM}_-`, max: 26 }, check: discordCheck },
  ),
];

/**
 * A provider whose keys are bound to its name rather than a prefix (`meraki_api_key = <40 hex>`):
 * when a key name mentions the provider, the value is that provider's key exactly when it has
 * one of the provider's formats, and otherwise it is not (gitleaks' keyword-bound rules).
 */
export interface NamedFormat {
  readonly entity: string;
  /** A word of the key name (lower case) that names the provider. */
  readonly word: RegExp;
  /** The key name, lower case without separators, must also match this. */
  readonly needs?: RegExp;
  readonly value: RegExp;
  readonly score: number;
}

const UUID_RE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

function named(
  entity: string,
  word: string,
  value: string,
  needs?: string,
  score = 0.85,
): NamedFormat {
  return {
    entity,
    word: new RegExp(`^(?:${word})$`),
    value: new RegExp(`^(?:${value})$`),
    score,
    ...(needs === undefined ? {} : { needs: new RegExp(needs) }),
  };
}

/** Name-bound formats. A name may match several (`ibm_cos_secret_key`); any value match wins. */
export const NAMED_FORMATS: readonly NamedFormat[] = [
  named('AWS_SECRET_KEY', 'aws\\w*', '[A-Za-z0-9/+]{40}', 'secret|access', 0.9),
  named('IBM_CLOUD_IAM_KEY', '(?:ibm|iam)\\w*', '[A-Za-z0-9_-]{44}'),
  named('IBM_COS_HMAC_SECRET', '(?:ibm)?cos(?:hmac)?|hmac', '[0-9a-f]{48}'),
  named('SOFTLAYER_KEY', 'softlayer\\w*|sl|slapi(?:key)?', '[a-z0-9]{64}'),
  named('CLOUDANT_CREDENTIAL', 'cloudant\\w*', '[0-9a-f]{64}|[a-z]{24}'),
  named('MERAKI_KEY', 'meraki\\w*', '[0-9a-f]{40}'),
  named('SUMOLOGIC_CREDENTIAL', 'sumo\\w*', `su[${ALNUM}]{12}|[${ALNUM}]{64}`),
  named('OKTA_TOKEN', 'okta\\w*', '00[A-Za-z0-9_=-]{40}'),
  named('SONAR_TOKEN', 'sonar\\w*', '(?:sq[upa]_)?[A-Za-z0-9_=-]{40}'),
  named('SNYK_TOKEN', 'snyk\\w*', UUID_RE),
  named('HEROKU_KEY', 'heroku\\w*', `${UUID_RE}|HRKU-[A-Za-z0-9_-]{58,60}`),
  named('HUBSPOT_KEY', 'hubspot\\w*', `${UUID_RE}|pat-[a-z]{2,3}\\d?-${UUID_RE}`),
  named('MESSAGEBIRD_KEY', 'messagebird\\w*|bird', `${UUID_RE}|[a-zA-Z0-9]{25}`, 'messagebird'),
  named('MAILCHIMP_KEY', 'mailchimp\\w*', '[0-9a-f]{32}-us\\d{1,2}'),
  named('COHERE_KEY', 'cohere\\w*|co', '[A-Za-z0-9]{40}', 'cohere|coapi'),
];
