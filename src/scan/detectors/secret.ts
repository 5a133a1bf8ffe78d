/**
 * secret: credentials. Provider key formats (cloud, VCS, payment, chat, LLM vendors, package
 * registries), JWTs, PEM private keys, URLs and connection strings with passwords, HTTP basic /
 * bearer credentials, and entropy-checked values assigned to secret-named keys. Placeholders
 * (`xxx`, `<your-key>`, `changeme`, `${VAR}`, documented example keys) are rejected.
 */
import type { Finding } from '../../core/finding.js';
import type { Detector } from '../detector.js';
import { maskValue } from '../evidence.js';
import { spanFinding } from '../finding.js';
import { literalSet } from '../literals.js';
import { tokenRuns } from '../runs.js';

interface KeyRule {
  readonly entity: string;
  /** Literal that every match starts with (the prefilter). */
  readonly prefixes: readonly string[];
  /** Sticky pattern tried at each prefix occurrence; bounded repeats only. */
  readonly pattern: RegExp;
  readonly score: number;
  /** Characters of the match shown in evidence. */
  readonly show: number;
  /** Extra validation of the matched text. */
  readonly validate?: (value: string) => boolean;
}

const B64URL = 'A-Za-z0-9_\\-';

function rule(
  entity: string,
  prefixes: readonly string[],
  body: string,
  score: number,
  show: number,
  validate?: (value: string) => boolean,
): KeyRule {
  return {
    entity,
    prefixes,
    pattern: new RegExp(body, 'y'),
    score,
    show,
    ...(validate !== undefined ? { validate } : {}),
  };
}

function base64Json(segment: string): boolean {
  try {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    // An unsigned token (`alg: none`) carries no credential.
    return (
      json.startsWith('{') && /"(?:alg|typ|kid)"/.test(json) && !/"alg"\s*:\s*"none"/i.test(json)
    );
  } catch {
    return false;
  }
}

// Provider formats. Each body is anchored at its prefix and ends at a non-key character.
const RULES: readonly KeyRule[] = [
  rule(
    'AWS_ACCESS_KEY',
    ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    '(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])',
    0.9,
    4,
  ),
  rule('GCP_API_KEY', ['AIza'], `AIza[${B64URL}]{35}(?![${B64URL}])`, 0.9, 4),
  rule('GCP_OAUTH_SECRET', ['GOCSPX-'], `GOCSPX-[${B64URL}]{28}(?![${B64URL}])`, 0.9, 7),
  rule('AZURE_STORAGE_KEY', ['AccountKey='], 'AccountKey=[A-Za-z0-9+/]{86}==', 0.9, 11),
  rule(
    'AZURE_CLIENT_SECRET',
    ['Q~'],
    '(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}(?![A-Za-z0-9_~.\\-])',
    0.85,
    0,
  ),
  rule(
    'GITHUB_TOKEN',
    ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    'gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])',
    0.95,
    4,
  ),
  rule('GITHUB_TOKEN', ['github_pat_'], 'github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])', 0.95, 11),
  rule(
    'GITLAB_TOKEN',
    ['glpat-', 'gldt-', 'glrt-', 'glft-', 'glsoat-', 'GR1348941'],
    `(?:glpat-|gldt-|glrt-|glft-|glsoat-|GR1348941)[${B64URL}]{20}(?![${B64URL}])`,
    0.95,
    6,
  ),
  rule('GITLAB_TOKEN', ['glptt-'], 'glptt-[0-9a-f]{40}(?![A-Za-z0-9_-])', 0.95, 6),
  rule('GITLAB_TOKEN', ['glimt-'], 'glimt-[A-Za-z0-9_-]{25}(?![A-Za-z0-9_-])', 0.95, 6),
  rule('GITLAB_TOKEN', ['glagent-'], 'glagent-[A-Za-z0-9_-]{50}(?![A-Za-z0-9_-])', 0.95, 8),
  rule('GITLAB_TOKEN', ['gloas-'], 'gloas-[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])', 0.95, 6),
  rule(
    'GITLAB_TOKEN',
    ['glcbt-'],
    'glcbt-[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])',
    0.95,
    6,
  ),
  rule(
    'STRIPE_KEY',
    ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'rk_prod_', 'sk_prod_'],
    '[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,120}(?![A-Za-z0-9])',
    0.9,
    8,
  ),
  rule(
    'SLACK_TOKEN',
    ['xox'],
    'xox[abposre]-(?:2-)?(?:\\d{6,13}-){1,3}[A-Za-z0-9]{10,64}(?![A-Za-z0-9#-])',
    0.9,
    5,
  ),
  rule('SLACK_TOKEN', ['xoxe.'], 'xoxe\\.xox[bp]-\\d-[A-Za-z0-9]{100,200}', 0.9, 10),
  rule('SLACK_TOKEN', ['xapp-'], 'xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-z0-9]{30,70}', 0.9, 5),
  rule(
    'SLACK_WEBHOOK',
    ['hooks.slack.com/'],
    'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\\-]{20,120}',
    0.9,
    17,
  ),
  rule('TWILIO_KEY', ['SK'], '(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])', 0.8, 2),
  rule('SENDGRID_KEY', ['SG.'], `SG\\.[${B64URL}]{22}\\.[${B64URL}]{43}(?![${B64URL}])`, 0.95, 3),
  rule('MAILCHIMP_KEY', ['-us'], '(?<![A-Za-z0-9])[0-9a-f]{32}-us\\d{1,2}(?![A-Za-z0-9])', 0.85, 0),
  rule(
    'ANTHROPIC_KEY',
    ['sk-ant-'],
    `sk-ant-(?:api03|admin01)-[${B64URL}]{93}AA(?![${B64URL}])`,
    0.95,
    7,
  ),
  rule(
    'DISCORD_TOKEN',
    ['M', 'N', 'O'],
    '(?<![A-Za-z0-9_-])[A-Za-z0-9][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])',
    0.85,
    0,
  ),
  rule('SLACK_TOKEN', ['xoxe-'], 'xoxe-\\d-[A-Za-z0-9]{100,400}', 0.9, 7),
  rule(
    'FACEBOOK_APP_TOKEN',
    ['|'],
    '(?<!\\d)\\d{15,16}\\|[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])',
    0.8,
    0,
  ),
  rule(
    'SOFTLAYER_KEY',
    ['api.softlayer.com/soap/'],
    'api\\.softlayer\\.com\\/soap\\/v3(?:\\.1)?\\/[a-z0-9]{64}',
    0.85,
    23,
  ),
  rule(
    'BUNDLER_CREDENTIALS',
    ['BUNDLE_'],
    'BUNDLE_[A-Z0-9_]{2,80}__[A-Z]{2,10}\\s{0,2}[:=]\\s{0,2}["\']?[^\\s:"\']{1,64}:[^\\s"\';&]{3,128}',
    0.8,
    7,
  ),
  rule('TELEGRAM_TOKEN', [':AA'], '(?<!\\d)\\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])', 0.9, 0),
  rule('VAULT_TOKEN', ['hvs.', 'hvb.'], 'hv[sb]\\.[A-Za-z0-9_-]{90,300}', 0.95, 4),
  rule('FLYIO_TOKEN', ['FlyV1 '], 'FlyV1 fm[12][ar]?_[A-Za-z0-9+/=_-]{100,}', 0.95, 9),
  rule(
    'AGE_SECRET_KEY',
    ['AGE-SECRET-KEY-1'],
    'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
    0.95,
    16,
  ),
  rule('HEROKU_KEY', ['HRKU-'], 'HRKU-[A-Za-z0-9_-]{58,60}', 0.95, 5),
  rule(
    'SQUARE_TOKEN',
    ['sq0csp-', 'sq0atp-', 'EAAA'],
    '(?:sq0csp-[A-Za-z0-9_-]{43}|sq0atp-[A-Za-z0-9_-]{22}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])',
    0.9,
    6,
  ),
  rule(
    'ONEPASSWORD_SECRET',
    ['A3-', 'ops_eyJ'],
    '(?:A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}|ops_eyJ[A-Za-z0-9+/]{100,}={0,2})',
    0.9,
    3,
  ),
  rule('INTRA42_SECRET', ['s-s4t2'], 's-s4t2(?:ud|af)-[a-f0-9]{64}', 0.9, 9),
  rule(
    'OPENAI_KEY',
    ['sk-'],
    `sk-(?:(?:proj|svcacct|admin|None)-)?[${B64URL}]{20,160}(?![${B64URL}])`,
    0.9,
    3,
    (v) =>
      /T3BlbkFJ/.test(v) || /^sk-(?:proj|svcacct|admin)-/.test(v) || /^sk-[A-Za-z0-9]{48}$/.test(v),
  ),
  rule(
    'DEEPSEEK_OR_SIMILAR_KEY',
    ['sk-'],
    '(?<![A-Za-z0-9])sk-[a-f0-9]{32}(?![A-Za-z0-9])',
    0.8,
    3,
  ),
  rule('PERPLEXITY_KEY', ['pplx-'], '(?<![A-Za-z0-9])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])', 0.9, 5),
  rule('GROQ_KEY', ['gsk_'], '(?<![A-Za-z0-9])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])', 0.9, 4),
  rule(
    'HUGGINGFACE_TOKEN',
    ['hf_', 'api_org_'],
    '(?<![A-Za-z0-9])(?:hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9])',
    0.9,
    3,
  ),
  rule('NPM_TOKEN', ['npm_'], '(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])', 0.95, 4),
  rule(
    'PYPI_TOKEN',
    ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
    `pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[${B64URL}]{40,300}`,
    0.95,
    5,
  ),
  rule(
    'SHOPIFY_TOKEN',
    ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])',
    0.95,
    6,
  ),
  rule(
    'DIGITALOCEAN_TOKEN',
    ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    'do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])',
    0.95,
    7,
  ),
  rule('SENTRY_TOKEN', ['sntrys_', 'sntryu_'], 'sntry[su]_[A-Za-z0-9+/=_]{40,400}', 0.9, 7),
  rule(
    'GRAFANA_TOKEN',
    ['glc_', 'glsa_'],
    '(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})',
    0.9,
    4,
  ),
  rule(
    'SONAR_TOKEN',
    ['squ_', 'sqp_', 'sqa_'],
    '(?<![A-Za-z0-9])sq[upa]_[A-Za-z0-9]{40}(?![A-Za-z0-9])',
    0.9,
    4,
  ),
  rule(
    'SOURCEGRAPH_TOKEN',
    ['sgp_'],
    '(?<![A-Za-z0-9])sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}(?![A-Za-z0-9])',
    0.9,
    4,
    (v) => shannonEntropy(v) >= 3.3,
  ),
  rule(
    'DATABRICKS_TOKEN',
    ['dapi'],
    '(?<![A-Za-z0-9])dapi[a-f0-9]{32}(?:-\\d)?(?![A-Za-z0-9])',
    0.9,
    4,
  ),
  rule('LINEAR_KEY', ['lin_api_'], 'lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9])', 0.95, 8),
  rule(
    'NOTION_TOKEN',
    ['ntn_', 'secret_'],
    '(?<![A-Za-z0-9])(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])',
    0.9,
    4,
  ),
  rule('POSTMAN_KEY', ['PMAK-'], 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', 0.95, 5),
  rule('PREFECT_KEY', ['pnu_'], '(?<![A-Za-z0-9])pnu_[A-Za-z0-9]{36}(?![A-Za-z0-9])', 0.9, 4),
  rule(
    'DOPPLER_TOKEN',
    ['dp.pt.', 'dp.st.', 'dp.ct.'],
    'dp\\.(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}',
    0.95,
    6,
  ),
  rule('ATLASSIAN_TOKEN', ['ATATT3'], `ATATT3[${B64URL}=]{150,300}`, 0.9, 6),
  rule('FACEBOOK_TOKEN', ['EAA'], '(?<![A-Za-z0-9])EAA[MC][A-Za-z0-9]{100,300}', 0.85, 4),
  rule('CLOJARS_TOKEN', ['CLOJARS_'], 'CLOJARS_[a-z0-9]{60}', 0.95, 8),
  rule('JFROG_KEY', ['AKC'], '(?<![A-Za-z0-9])AKC[a-zA-Z0-9]{10,80}(?![A-Za-z0-9])', 0.75, 3),
  rule(
    'JWT',
    ['eyJ'],
    `eyJ[${B64URL}]{8,2000}\\.eyJ[${B64URL}]{4,8000}(?:\\.[${B64URL}]{0,2000})?`,
    0.8,
    3,
    (v) => base64Json(v.slice(0, v.indexOf('.'))),
  ),
  // A key block with something inside (an empty template is not a key).
  rule(
    'PRIVATE_KEY',
    ['-----BEGIN'],
    '-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----(?!-)\\s{0,4}[^\\s-]',
    0.95,
    10,
  ),
];

// One literal alternation finds every prefix occurrence in a single pass.
const PREFIX_INDEX = new Map<string, KeyRule[]>();
for (const r of RULES) {
  for (const p of r.prefixes) {
    const list = PREFIX_INDEX.get(p) ?? [];
    list.push(r);
    PREFIX_INDEX.set(p, list);
  }
}
const PREFIX_RE = new RegExp(
  [...PREFIX_INDEX.keys()]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);
const PREFIXES = [...PREFIX_INDEX.keys()];
const PREFIX_SET = literalSet(PREFIXES);

/** Prefix occurrences in `text[from, to)` as flat (start, prefix index) pairs, sorted by start
 * then longest first. */
function prefixHits(text: string, from: number, to: number): number[] {
  const hits: number[] = [];
  PREFIX_SET.scan(
    text,
    (k, end) => {
      hits.push(end - PREFIXES[k]!.length, k);
    },
    from,
    to,
  );
  if (hits.length <= 2) return hits;
  const order: number[] = [];
  for (let h = 0; h < hits.length; h += 2) order.push(h);
  order.sort(
    (a, b) =>
      hits[a]! - hits[b]! || PREFIXES[hits[b + 1]!]!.length - PREFIXES[hits[a + 1]!]!.length,
  );
  const sorted: number[] = [];
  for (const h of order) sorted.push(hits[h]!, hits[h + 1]!);
  return sorted;
}

// Where a prefix occurrence starts relative to a rule's match (rules with a look-behind start
// before the prefix: AZURE_CLIENT_SECRET and MAILCHIMP_KEY are found from their infix).
const INFIX_BACKTRACK: Readonly<Record<string, number>> = {
  'Q~': 4,
  '-us': 32,
  ':AA': 10,
  '|': 16,
};

/** Placeholder or template values that are not credentials. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (
    /x{4,}|#{4,}|\*{3,}|\.{3}|…|<[\w\s:.-]{1,40}>|\$\{\{|\$\{[a-z_][\w.]*\}|\{\{\s*[\w.]+\s*\}\}|%\(\w+\)|^\$[\w{(]|^%[a-z_]+%$|\$\([\w .-]{1,60}\)|^\[[^\]]*\]$/.test(
      lower,
    )
  ) {
    return true;
  }
  if (
    /example|sample|dummy|placeholder|your[_\- ]?|changeme|change_me|redacted|insert|replace|fake/.test(
      lower,
    )
  ) {
    return true;
  }
  if (
    /^(?:pass|pw|pwd|password|passwd|secret|token|null|none|nil|true|false|undefined|test|string|admin|root)$/.test(
      lower,
    )
  ) {
    return true;
  }
  // One repeated character or a trivial run.
  if (/^(.)\1*$/.test(v) || /^(?:1234567890|0123456789)+$/.test(v)) return true;
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function finding(
  detector: string,
  entity: string,
  score: number,
  start: number,
  end: number,
  evidence: string,
): Finding {
  return spanFinding('secret', detector, score, start, end, evidence, entity);
}

// Rules with long bounded bodies: after a failed attempt, skip later starts inside the same
// token, which would fail the same way (keeps the scan linear on inputs like `eyJeyJeyJ...`).
const LONG_RULES = new Set(RULES.filter((r) => /\{\d+,(?:\d{3,})?\}/.test(r.pattern.source)));
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~]/;

// Keys are long tokens: only text inside a run of ≥ 12 key characters is searched for prefixes
// (prefixes containing a space or starting a PEM block are found with indexOf).
const SPACED_PREFIXES = ['-----BEGIN', 'FlyV1 '];

function keyRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  // Token runs come from one shared pass over the text (see `runs.ts`).
  const runs = tokenRuns(text);
  for (let k = 0; k < runs.count; k++) {
    const s = runs.starts[k]!;
    const e = runs.ends[k]!;
    // A run of lower-case letters (a long English word) can only hold `dapi` + 32 hex: every
    // other prefix, or what must follow it, has a capital, digit or punctuation.
    if (runs.plain[k] === 1 && e - s < 36) continue;
    regions.push([s, e]);
  }
  for (const p of SPACED_PREFIXES) {
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1))
      regions.push([i, i + p.length + 1]);
  }
  return regions.length > 1 ? regions.sort((x, y) => x[0] - y[0]) : regions;
}

function findProviderKeys(text: string, out: Finding[]): void {
  let lastEnd = -1;
  const skipUntil = new Map<KeyRule, number>();
  for (const [rs, re] of keyRegions(text)) {
    const from0 = Math.max(rs, lastEnd);
    if (from0 >= re) continue;
    // Search only inside the region: an unbounded `exec` from `rs` would run on to the next
    // prefix occurrence anywhere in the text, once per region (quadratic on long prose).
    // Leftmost-longest, non-overlapping prefix occurrences (what a global alternation regex of
    // the prefixes yields), from one automaton pass over the region.
    const hits = prefixHits(text, from0, re);
    // Every prefix starting at the same position is tried (`xoxe-` and `xox` both start a Slack
    // token), but not prefixes inside an earlier one.
    let consumed = -1;
    let groupStart = -1;
    for (let h = 0; h < hits.length; h += 2) {
      const index = hits[h]!;
      const prefix = PREFIXES[hits[h + 1]!]!;
      if (index < consumed && index !== groupStart) continue;
      if (index !== groupStart) {
        groupStart = index;
        consumed = index + prefix.length;
      }
      if (index < lastEnd) continue;
      const rules = PREFIX_INDEX.get(prefix)!;
      for (const r of rules) {
        if ((skipUntil.get(r) ?? -1) > index) continue;
        const back = INFIX_BACKTRACK[prefix] ?? 0;
        const from = Math.max(0, index - back);
        for (let at = index; at >= from; at--) {
          if (at < lastEnd) break;
          r.pattern.lastIndex = at;
          const hit = r.pattern.exec(text);
          if (hit === null) {
            if (LONG_RULES.has(r)) {
              let e = at;
              while (e < text.length && TOKEN_CHAR.test(text[e]!)) e++;
              skipUntil.set(r, e);
            }
            continue;
          }
          const value = hit[0];
          const body = value.slice(r.show).replace(/=+$/, '');
          if (
            (r.validate !== undefined && !r.validate(value)) ||
            isPlaceholder(body) ||
            /EXAMPLE/.test(value) ||
            (body.length >= 16 && shannonEntropy(body) < 2)
          ) {
            // A rejected long match is not retried from prefixes inside it (`eyJ…eyJ…` would
            // otherwise rescan up to 12 K characters per occurrence).
            if (LONG_RULES.has(r)) skipUntil.set(r, at + value.length);
            continue;
          }
          out.push(
            finding(
              r.entity.toLowerCase(),
              r.entity,
              r.score,
              at,
              at + value.length,
              maskValue(value, r.show, 0),
            ),
          );
          lastEnd = at + value.length;
          break;
        }
      }
    }
  }
}

// `scheme://user:password@host` (database URLs, basic-auth URLs).
const URL_CREDENTIALS =
  /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/([^\s:/@'"`]{1,128}):([^\s@/'"`]{1,256})@[A-Za-z0-9_.\-[\]]/g;
// `curl -u user:pass`, `--user "user:pass"`.
const CLI_CREDENTIALS =
  /(?:^|\s)(?:-u|--user)[ =] {0,2}["']?([^\s:"']{0,128})["']?:["']?([^\s"']{1,256})/g;
// `curl -u "sk_live_…:"`: an API key passed as the user name with an empty password.
const CLI_KEY_AS_USER = /(?:^|\s)(?:-u|--user)[ =] {0,2}["']?([^\s:"']{10,128}):(?:["']|(?=\s|$))/g;
// `Authorization: Basic <base64>` / `Bearer <token>`.
const AUTH_HEADER =
  /\b(Basic|Bearer|Token|Authorization:(?:\s{0,4}(?:Api-?Token|Token|Key|ApiKey))?)\s+([A-Za-z0-9+/_.~\-@=]{8,2048})/gi;

// Discord bot tokens have no literal prefix: find the `.XXXXXX.` middle part, then verify.
const DISCORD_MIDDLE = /\.[A-Za-z0-9_-]{6}\./g;
const DISCORD = RULES.find((r) => r.entity === 'DISCORD_TOKEN')!;

function findDiscordTokens(text: string, out: Finding[]): void {
  DISCORD_MIDDLE.lastIndex = 0;
  for (let m = DISCORD_MIDDLE.exec(text); m !== null; m = DISCORD_MIDDLE.exec(text)) {
    for (let len = 24; len <= 28; len++) {
      const at = m.index - len;
      if (at < 0) break;
      DISCORD.pattern.lastIndex = at;
      const hit = DISCORD.pattern.exec(text);
      if (hit !== null && shannonEntropy(hit[0]) >= 4) {
        out.push(
          finding(
            'discord_token',
            'DISCORD_TOKEN',
            DISCORD.score,
            at,
            at + hit[0].length,
            maskValue(hit[0]),
          ),
        );
        DISCORD_MIDDLE.lastIndex = at + hit[0].length;
        break;
      }
    }
  }
}

function findCredentialsInUrls(text: string, out: Finding[]): void {
  if (text.indexOf('://') >= 0 && text.indexOf('@') >= 0) {
    URL_CREDENTIALS.lastIndex = 0;
    for (let m = URL_CREDENTIALS.exec(text); m !== null; m = URL_CREDENTIALS.exec(text)) {
      const password = m[2]!;
      if (isPlaceholder(password) || (isPlaceholder(m[1]!) && password.length < 4)) continue;
      const start = m.index + m[0].indexOf(':', m[0].indexOf('://') + 3) + 1;
      out.push(
        finding(
          'url_credentials',
          'CONNECTION_STRING',
          0.85,
          start,
          start + password.length,
          maskValue(password),
        ),
      );
    }
  }
  if (text.indexOf('-u') >= 0) {
    CLI_CREDENTIALS.lastIndex = 0;
    for (let m = CLI_CREDENTIALS.exec(text); m !== null; m = CLI_CREDENTIALS.exec(text)) {
      const password = m[2]!;
      if (isPlaceholder(password) || isPlaceholder(password.replace(/^\{|\}$/g, ''))) continue;
      const start = m.index + m[0].lastIndexOf(password);
      out.push(
        finding(
          'cli_credentials',
          'PASSWORD',
          0.8,
          start,
          start + password.length,
          maskValue(password),
        ),
      );
    }
    CLI_KEY_AS_USER.lastIndex = 0;
    for (let m = CLI_KEY_AS_USER.exec(text); m !== null; m = CLI_KEY_AS_USER.exec(text)) {
      const key = m[1]!;
      if (
        isPlaceholder(key) ||
        !/\d/.test(key) ||
        !/[A-Za-z]/.test(key) ||
        shannonEntropy(key) < 3 ||
        /^[\w.+-]+@[\w.-]+$/.test(key)
      )
        continue;
      const start = m.index + m[0].lastIndexOf(`${key}:`);
      out.push(
        finding('cli_credentials', 'SECRET', 0.8, start, start + key.length, maskValue(key)),
      );
    }
  }
}

function findAuthHeaders(text: string, out: Finding[]): void {
  AUTH_HEADER.lastIndex = 0;
  for (let m = AUTH_HEADER.exec(text); m !== null; m = AUTH_HEADER.exec(text)) {
    const scheme = m[1]!;
    const token = m[2]!;
    if (isPlaceholder(token)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index).toLowerCase();
    if (
      !/authori[sz]ation|auth|header|-h\s|token/.test(before) &&
      !/^bearer$/i.test(scheme) &&
      !/^authorization:/i.test(scheme)
    )
      continue;
    if (
      /^authorization:$/i.test(scheme) &&
      /^(?:Basic|Bearer|Token|Digest|Negotiate)$/i.test(token)
    )
      continue;
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      if (!decoded.includes(':') || /[^\x20-\x7e]/.test(decoded)) continue;
    } else if (token.length < 16 || shannonEntropy(token) < 3 || /^[A-Za-z]+$/.test(token))
      continue;
    const start = m.index + m[0].length - token.length;
    out.push(
      finding(
        'auth_header',
        'AUTH_TOKEN',
        0.8,
        start,
        start + token.length,
        maskValue(token, 0, 0),
      ),
    );
  }
}

// Secret-named keys: the name may carry any prefix (`aws_secret_access_key`, `dbPassword`).
// A cheap literal scan finds candidates; the whole key name is then checked against SECRET_NAME.
const NAME_CUE = /pass|pwd|pw|auth|key|secret|token|credential|login/gi;
const NAME_CUE_LOWER = /pass|pwd|pw|auth|key|secret|token|credential|login/g;
const SECRET_NAME =
  /pass(?:word|wd|phrase|wrd)?|pwd|(?:^|[^A-Za-z])pw(?:[^A-Za-z]|$)|(?:^|[^A-Za-z])auth(?:[^a-z]|$)|[_\-.]key(?:[^a-z]|$)|[a-z]Key(?:[^a-z]|$)|^key(?:[^a-z]|$)|[_\-.]login$|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?key|credentials?|client[_.-]?secret|license[_.-]?key|account[_.-]?key|signing[_.-]?key|encryption[_.-]?key/i;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const NOT_SECRET_NAME =
  /public|publishable|pub[_.-]?key|csrf|authenticity|tokenizer|token[_.-]?(?:type|url|uri|endpoint|name|count|limit|length|expir|ttl)|password[_.-]?(?:hint|policy|length|reset|field|label|prompt)|secret[_.-]?(?:name|ref|arn|id)|keyword|(?:id|ids|variable|url|uri|file|path|secrets|length|name|type|size|count)["']?$/i;

function readValue(
  text: string,
  i: number,
): { start: number; end: number; quoted: boolean } | null {
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const close = text.indexOf(q, i + 1);
    if (close < 0 || close - i > 512) return null;
    return { start: i + 1, end: close, quoted: true };
  }
  let e = i;
  while (e < text.length && e - i < 512 && !/[\s,;)}\]"'<>]/.test(text[e]!)) e++;
  return e > i ? { start: i, end: e, quoted: false } : null;
}

/** A value plausible as a credential for a key named like a secret. */
function credentialScore(value: string, quoted: boolean, passwordName: boolean): number {
  if (value.length < 6 || value.length > 512 || isPlaceholder(value)) return 0;
  if (/\s/.test(value)) return 0;
  // Dotted identifiers (package names, config keys) are names, not credentials.
  if (/^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+$/.test(value)) return 0;
  // Lower-case words joined by dashes or underscores read as prose, not a credential.
  if (/^[a-z]+(?:[-_][a-z]+)*$/.test(value)) return 0;
  if (/^\d+(?:\.\d+)?$/.test(value)) return 0;
  // Unquoted identifiers, calls and paths are references to a secret, not the secret.
  if (!quoted && /^[A-Za-z_][A-Za-z0-9_]*(?:[.([]|$)/.test(value) && !/\d/.test(value)) return 0;
  if (/^(?:process\.env|os\.environ|getenv|env\(|System\.getenv|\/|https?:\/\/|file:)/i.test(value))
    return 0;
  const h = shannonEntropy(value);
  if (passwordName) {
    if (value.length >= 8 && h >= 2.5) return 0.8;
    return h >= 2 ? 0.6 : 0;
  }
  if (value.length >= 16 && h >= 3) return 0.8;
  if (value.length >= 10 && h >= 2.8 && /\d/.test(value) && /[A-Za-z]/.test(value)) return 0.65;
  return 0;
}

function findAssignments(text: string, lower: string, out: Finding[]): void {
  // Case-sensitive search of the lower-cased copy is faster; offsets agree when lengths do.
  const cue = lower.length === text.length ? NAME_CUE_LOWER : NAME_CUE;
  const hay = lower.length === text.length ? lower : text;
  cue.lastIndex = 0;
  for (let m = cue.exec(hay); m !== null; m = cue.exec(hay)) {
    // Extend to the whole key name.
    let ns = m.index;
    while (ns > 0 && m.index - ns < 48 && NAME_CHAR.test(text[ns - 1]!)) ns--;
    let ne = m.index + m[0].length;
    while (ne < text.length && ne - m.index < 64 && NAME_CHAR.test(text[ne]!)) ne++;
    const name = text.slice(ns, ne);
    cue.lastIndex = ne;
    if (!SECRET_NAME.test(name) || NOT_SECRET_NAME.test(name)) continue;
    // Separator: =, :, :=, ?=, =>, or a call `secret("...")`, with optional closing quote on the name.
    let i = ne;
    if (text[i] === '"' || text[i] === "'") i++;
    let j = i;
    while (j < text.length && j - i < 4 && (text[j] === ' ' || text[j] === '\t')) j++;
    // `==`/`!=` compare against a hard-coded literal: only a quoted value counts.
    const sep = /^(?:===|!==|:::=|::=|=>|:=|\?=|==|!=|[:=(])/.exec(text.slice(j, j + 4));
    if (sep === null) continue;
    j += sep[0].length;
    const compare = sep[0].includes('==') || sep[0] === '!=';
    if ((sep[0] === '(' || compare) && !/^\s{0,2}["']/.test(text.slice(j, j + 3))) continue;
    while (j < text.length && j - i < 12 && (text[j] === ' ' || text[j] === '\t')) j++;
    const v = readValue(text, j);
    if (v === null) continue;
    const value = text.slice(v.start, v.end);
    const passwordName = /pass|pwd|pw$/i.test(name);
    let score = credentialScore(value, v.quoted, passwordName);
    // A bare `*_key` name is weaker evidence: demand a long, random-looking value.
    if (
      score > 0 &&
      /(?:key|login)["']?$/i.test(name) &&
      !/api|secret|private|access|auth|sign|encrypt|licen/i.test(name)
    ) {
      score = value.length >= 20 && shannonEntropy(value) >= 3 && /\d/.test(value) ? 0.7 : 0;
    }
    // A malformed provider key (`xoxp-1234`) is judged by its provider rule, not as a generic value.
    PREFIX_RE.lastIndex = 0;
    const provider = PREFIX_RE.exec(value);
    // (JWT fragments are the exception: `eyJ` also starts any base64-encoded JSON.)
    if (provider !== null && provider.index === 0 && provider[0] !== 'eyJ') score = 0;
    if (score === 0) continue;
    out.push(
      finding(
        'assignment',
        passwordName ? 'PASSWORD' : 'SECRET',
        score,
        v.start,
        v.end,
        `${name.slice(0, 40)}=${maskValue(value)}`,
      ),
    );
    cue.lastIndex = v.end;
  }
}

function overlaps(a: Finding, b: Finding): boolean {
  return a.span!.start < b.span!.end && b.span!.start < a.span!.end;
}

/** The secrets detector. */
export const secretDetector: Detector = {
  id: 'secret',
  categories: ['secret'],
  detect(view) {
    const { text } = view;
    if (text.length < 6) return [];
    const out: Finding[] = [];
    findProviderKeys(text, out);
    if (text.indexOf('.') >= 0) findDiscordTokens(text, out);
    findCredentialsInUrls(text, out);
    if (/Basic|Bearer|Token|Authorization/.test(text)) findAuthHeaders(text, out);
    const generic: Finding[] = [];
    findAssignments(text, view.lower ?? text.toLowerCase(), generic);
    // A param named like a secret whose whole value is a credential.
    if (view.field !== undefined && generic.length === 0 && out.length === 0) {
      if (SECRET_NAME.test(view.field) && !NOT_SECRET_NAME.test(view.field)) {
        const score = credentialScore(text, true, /pass|pwd/i.test(view.field));
        if (score > 0) {
          out.push(
            finding('field', 'SECRET', score, 0, text.length, `${view.field}=${maskValue(text)}`),
          );
        }
      }
    }
    for (const g of generic) if (!out.some((f) => overlaps(f, g))) out.push(g);
    return out;
  },
};
