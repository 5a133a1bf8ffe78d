/**
 * What a candidate secret value is: entropy, fillers and templates (not secrets), documentation
 * examples, and how plausible a value is as a credential for a key of a given name. Shared by the
 * provider formats and the assignment rules of the `secret` detector.
 */

// Character counts of the value being measured (one shared table: detectors are synchronous).
const COUNTS = new Int32Array(65_536);

/** Counts of each character of `s` in `COUNTS`; returns the distinct characters. */
function countChars(s: string): number[] {
  const seen: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = COUNTS[c]!;
    COUNTS[c] = k + 1;
    if (k === 0) seen.push(c);
  }
  return seen;
}

function entropyOf(seen: readonly number[], n: number): number {
  let h = 0;
  for (const c of seen) {
    const p = COUNTS[c]! / n;
    h -= p * Math.log2(p);
  }
  return h;
}

function clearCounts(seen: readonly number[]): void {
  for (const c of seen) COUNTS[c] = 0;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const seen = countChars(s);
  const h = entropyOf(seen, s.length);
  clearCounts(seen);
  return h;
}

/**
 * A filler: the characters someone types to show the shape of a key without one (`xxxx`,
 * `ZZZZZZZZ`, `00000…TUVWXYZ`, `####`, `1231231…`, `aaaa1111bbbb2222…`). INVARIANT: a random
 * credential is never a filler: one character making up three quarters of a value, five or fewer
 * distinct characters (or under two bits per character) over 16 or more, or a masking run
 * (`xxxx`, `####`, `***`) occur in random keys with negligible probability.
 */
export function isFiller(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  const seen = countChars(value);
  let top = 0;
  for (const c of seen) top = Math.max(top, COUNTS[c]!);
  const h = entropyOf(seen, n);
  clearCounts(seen);
  if (n >= 4 ? top * 4 >= n * 3 : top === n && n >= 2) return true;
  // Too few distinct characters for a random string of this length (`aaaa1111bbbb2222…`).
  if (n >= 16 && (seen.length <= 5 || h < 2)) return true;
  // Conventional masking runs inside an otherwise plausible value (`ghp_xxxx…`, `…-####`).
  return /[xX]{4,}|#{4,}|\*{3,}|•{3,}/.test(value);
}

// Template and reference syntax: the value is filled in elsewhere.
const TEMPLATE =
  /<[^<>]{1,60}>|\$\{[\w.:?=!#/$@%+ -]{1,80}\}|\{\{[^{}]{0,80}\}\}|\{%[^%]{0,80}%\}|%\(\w+\)s?|%[sd]\b|^\$[\w{(]|^%[A-Za-z_]+%$|\$\([^)]{0,80}\)|^\[[^\]]{0,40}\]$|^\{[A-Za-z_.]+\}$|^`.*`$|…|\.\.\./;

/** A template, variable reference or elision standing for a value (`${TOKEN}`, `<your key>`, `...`). */
export function isTemplate(value: string): boolean {
  return TEMPLATE.test(value);
}

// Words that say the value is a stand-in (`your_api_key_here`, `changeme`, `a-fake-key`).
const STAND_IN =
  /example|sample|dummy|placeholder|your[_\- ]?|changeme|change_me|redacted|insert|replace|fake|_here\b|here_/i;
const STAND_IN_WORDS = new Set([
  'pass',
  'pw',
  'pwd',
  'password',
  'passwd',
  'secret',
  'token',
  'key',
  'apikey',
  'api_key',
  'null',
  'none',
  'nil',
  'true',
  'false',
  'undefined',
  'test',
  'testing',
  'string',
  'admin',
  'root',
  'user',
  'username',
  'login',
  'guest',
  'default',
  'demo',
  'foo',
  'bar',
  'foobar',
  'value',
  'empty',
  'todo',
  'tbd',
]);

// `mypassword`, `your_secret`, `db-token`: the name of the thing, not the thing.
const NAMED_STAND_IN =
  /^(?:my|the|your|our|db|some|new|old|user|admin|test|dummy)?[_-]?(?:pass(?:word|wd)?|secret|token|api[_-]?key|key)s?$/i;

/**
 * Not a credential whatever its context: empty, a filler, a template, or a stand-in word
 * (`password`, `changeme`, `your-key-here`).
 */
export function isStandIn(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (STAND_IN_WORDS.has(v.toLowerCase()) || NAMED_STAND_IN.test(v)) return true;
  return isFiller(v) || isTemplate(v) || STAND_IN.test(v);
}

/**
 * A published documentation example of an exact key format (AWS's `AKIAIOSFODNN7EXAMPLE`,
 * `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, Bedrock's `…EXAMPLE…`). Reported, below the score
 * of a live-looking key (see the module comment of `secret.ts`).
 */
export function isDocExample(value: string): boolean {
  return value.includes('EXAMPLE');
}

/** A version-1 UUID is a timestamp and a MAC address: no secret entropy, whatever its name. */
export function isTimeUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a key name says about its value. */
export type NameKind =
  /** A password or passphrase. */
  | 'password'
  /** A token, API key, client secret, credential. */
  | 'secret'
  /** Some `…_key` or `…_login` that may be a credential (`cloudant_key`) or not (`sort_key`). */
  | 'key'
  /** The access or client id of a named provider (`SUMO_ACCESS_ID`): one half of a key pair. */
  | 'provider-id'
  /** Only a provider's name (`sourcegraph: …`). */
  | 'provider'
  /** A bare `key`: a map key as often as a credential. */
  | 'bare-key';

// The last word of a name says what the thing is: `token_url` is a URL, `secret_name` a name.
const ATTRIBUTE_WORDS = new Set([
  'id',
  'ids',
  'nr',
  'no',
  'num',
  'number',
  'name',
  'names',
  'url',
  'urls',
  'uri',
  'endpoint',
  'host',
  'file',
  'files',
  'path',
  'dir',
  'type',
  'size',
  'length',
  'len',
  'count',
  'limit',
  'version',
  'hint',
  'policy',
  'field',
  'label',
  'prompt',
  'format',
  'header',
  'prefix',
  'suffix',
  'selector',
  'pressed',
  'pair',
  'mode',
  'enabled',
  'required',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'timeout',
  'hash',
  'event',
  'location',
  'store',
  'vault',
  'source',
  'ref',
  'arn',
  'reset',
  'index',
  'class',
  'kind',
  'schema',
  'template',
  'pattern',
  'regex',
  'min',
  'max',
  'env',
  'var',
  'variable',
  'meshing',
  'signatures',
  'secrets',
  'keys',
  'tokens',
  'passwords',
  'results',
  'chars',
  'str',
  'usage',
  'rotation',
  'algorithm',
  'scope',
  'scopes',
  'audience',
  'issuer',
  'method',
  'provider',
  'manager',
  'service',
  'client',
  'helper',
  'generator',
  'validator',
  'encoder',
  'decoder',
  'parser',
]);

// Names that contain a secret word but name something public or structural.
const NOT_SECRET_WORDS = new Set([
  'public',
  'publishable',
  'pub',
  'pubkey',
  'csrf',
  'xsrf',
  'authenticity',
  'author',
  'authors',
  'tokenizer',
  'tokenize',
  'keyword',
  'keywords',
  'keyboard',
  'keystore',
  'keytab',
  'keychain',
  'keyframe',
  'keypress',
  'keydown',
  'keyup',
  'monkey',
  'turkey',
  'donkey',
  'hockey',
  'jockey',
  'whiskey',
  'secretary',
  'primary',
  'foreign',
  'sort',
  'partition',
  'cache',
  'lookup',
  'map',
  'dict',
  'row',
  'column',
  'unique',
  'sequence',
  'bucket',
  'object',
  'routing',
  'shard',
  'translation',
  'i18n',
  'idempotency',
  'dedup',
  'next',
  'page',
  'cursor',
  'sample',
  'example',
  'dummy',
  'fake',
]);

// Read as part of the preceding word: `mySecretString`, `password_value`.
const TRANSPARENT_WORDS = new Set(['string', 'value', 'val', 'text', 'plain', 'raw', 'b64']);

const SECRET_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'signing',
  'encryption',
  'master',
  'license',
  'licence',
  'account',
  'app',
  'consumer',
  'session',
  'shared',
  'bot',
  'refresh',
  'bearer',
  'oauth',
  'storage',
  'hmac',
  'jwt',
  'webhook',
  'admin',
  'root',
  'deploy',
  'service',
  'client',
]);

/** Providers whose key names gitleaks/trufflehog bind to a credential format. */
const PROVIDERS = [
  'adafruit',
  'adobe',
  'airtable',
  'algolia',
  'alibaba',
  'asana',
  'atlassian',
  'jira',
  'confluence',
  'aws',
  'azure',
  'beamer',
  'bitbucket',
  'bittrex',
  'cloudant',
  'cloudflare',
  'codecov',
  'cohere',
  'coinbase',
  'confluent',
  'contentful',
  'datadog',
  'digitalocean',
  'discord',
  'droneci',
  'dropbox',
  'etsy',
  'facebook',
  'fastly',
  'finicity',
  'finnhub',
  'firebase',
  'flickr',
  'freshbooks',
  'gcp',
  'github',
  'gitlab',
  'gitter',
  'gocardless',
  'google',
  'heroku',
  'hubspot',
  'ibm',
  'intercom',
  'jfrog',
  'artifactory',
  'kraken',
  'kucoin',
  'launchdarkly',
  'linear',
  'linkedin',
  'looker',
  'mailchimp',
  'mailgun',
  'mapbox',
  'mattermost',
  'meraki',
  'messagebird',
  'netlify',
  'newrelic',
  'okta',
  'openai',
  'anthropic',
  'plaid',
  'privateai',
  'rapidapi',
  'sendbird',
  'sendgrid',
  'sentry',
  'slack',
  'snyk',
  'softlayer',
  'sonar',
  'sourcegraph',
  'squarespace',
  'stripe',
  'sumo',
  'sumologic',
  'telegram',
  'travis',
  'twilio',
  'twitch',
  'twitter',
  'typeform',
  'yandex',
  'zendesk',
];

const NAME_CUE = /pass|pw|secret|token|key|auth|cred|login|api|bundle_|id$/i;
const PROVIDER_SET = new Set(PROVIDERS);

/** Cheap pre-test: could `name` name a credential (a cue word, an id, a bare provider name)? */
export function mayNameSecret(name: string): boolean {
  return NAME_CUE.test(name) || PROVIDER_SET.has(name.toLowerCase());
}

/** Split a key name into lower-case words: `MessageBirdClientID` → message, bird, client, id. */
export function nameWords(name: string): string[] {
  const out: string[] = [];
  for (const m of name.matchAll(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g)) out.push(m[0].toLowerCase());
  return out;
}

function isPasswordWord(w: string): boolean {
  return (
    w === 'pass' ||
    w === 'pw' ||
    w === 'pwd' ||
    w === 'pswd' ||
    w === 'pword' ||
    w.endsWith('password') ||
    w.endsWith('passwd') ||
    w.endsWith('passphrase') ||
    (w.endsWith('pwd') && w.length <= 12)
  );
}

function isSecretWord(w: string): boolean {
  if (NOT_SECRET_WORDS.has(w)) return false;
  return (
    w === 'token' ||
    w === 'credential' ||
    w === 'credentials' ||
    w === 'creds' ||
    w === 'auth' ||
    w.includes('secret') ||
    (w.endsWith('token') && w.length > 5) ||
    w.endsWith('apikey') ||
    w.endsWith('secretkey') ||
    w.endsWith('accesskey') ||
    w.endsWith('privatekey') ||
    w.endsWith('authkey') ||
    w.endsWith('credentials')
  );
}

/** Whether a name mentions a provider: as (the start of) a word, or inside a long compound. */
function mentionsProvider(words: readonly string[]): boolean {
  const compact = words.join('');
  return PROVIDERS.some(
    (p) => words.some((w) => w.startsWith(p)) || (p.length >= 8 && compact.includes(p)),
  );
}

// One half of a provider's key pair: `accessId`, `ACCESSID`, `client_id`.
function isPairIdWord(words: readonly string[]): boolean {
  const last = words[words.length - 1]!;
  if (last === 'accessid' || last === 'clientid' || last === 'keyid') return true;
  if (last !== 'id') return false;
  return words.some((w) => w === 'access' || w === 'client' || w.endsWith('access') || w === 'key');
}

/**
 * What a key name says about its value, or `null` when it does not name a credential
 * (`token_url`, `secret_name`, `publicToken`, `keyword`, `notes`).
 */
export function nameKind(nameOrWords: string | readonly string[]): NameKind | null {
  let words = typeof nameOrWords === 'string' ? nameWords(nameOrWords) : nameOrWords;
  while (words.length > 1 && TRANSPARENT_WORDS.has(words[words.length - 1]!)) {
    words = words.slice(0, -1);
  }
  if (words.length === 0) return null;
  if (words.some((w) => NOT_SECRET_WORDS.has(w))) return null;
  const last = words[words.length - 1]!;
  if (last === 'id' || last === 'ids' || last.endsWith('accessid') || last.endsWith('clientid')) {
    return isPairIdWord(words) && mentionsProvider(words) ? 'provider-id' : null;
  }
  if (ATTRIBUTE_WORDS.has(last)) return null;
  if (words.some(isPasswordWord)) return 'password';
  if (words.some(isSecretWord)) return 'secret';
  if (last === 'key' || last.endsWith('key')) {
    if (words.length === 1 && last === 'key') return 'bare-key';
    const before = words[words.length - 2];
    if (before !== undefined && SECRET_QUALIFIERS.has(before)) return 'secret';
    if (words.some((w) => w === 'api' || w === 'apis')) return 'secret';
    return 'key';
  }
  // `X-JFrog-Art-Api`, `ibm-api`: a header or setting named after an API carries its key.
  if (last === 'api' && words.length >= 2) return 'secret';
  if (last === 'login' && words.length >= 2) return 'key';
  if (words.length === 1 && mentionsProvider(words)) return 'provider';
  return null;
}

/** A value that is a reference or expression rather than a literal (`os.environ[...]`, `a.b.c`). */
function isReference(value: string, quoted: boolean): boolean {
  if (
    /^(?:process\.env|os\.environ|os\.getenv|getenv|env\(|System\.getenv|ENV\[|secrets\.|vars\.)/i.test(
      value,
    )
  )
    return true;
  if (/^(?:\/|\.\.?\/|~\/|[a-z][a-z0-9+.-]*:\/\/|file:|arn:|urn:)/i.test(value)) return true;
  if (quoted) return false;
  // Unquoted member chains (`X25519.key_length`, `kVK_Return.u16`) and digit-free identifiers.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (/^[A-Za-z_$][\w$]*$/.test(value) && !/\d/.test(value)) return true;
  // Code, not a literal: `m{{h}o)p${…`.
  return /[{}()[\]$]/.test(value);
}

/** Values that read as words or version strings, not credentials. */
function isProseLike(value: string): boolean {
  // Lower-case words joined by dashes, underscores or dots (`a-fake-api-key`, `real_secret`).
  if (/^[a-z]+(?:[-_.][a-z]+)*$/.test(value)) return true;
  // Dotted names (package names, hosts): `io.jsonwebtoken`, `sm02915.int.contoso.com`.
  if (/^[a-z][a-z0-9_-]{0,24}(?:\.[a-z0-9_-]{1,24}){2,}$/i.test(value)) return true;
  // A version number inside (`rc0.15.0_20231217`, `jjwt-jackson-0.11.2`).
  if (/\d+\.\d+\.\d+/.test(value)) return true;
  return /^\d+(?:\.\d+)?$/.test(value) && value.length < 12;
}

/** Letters and digits both present. */
function mixed(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * How plausible `value` is as the credential of a key of this kind (0 = not at all). `quoted`:
 * the value was a string literal (an unquoted bare word is more often a reference).
 */
export function credentialScore(value: string, kind: NameKind, quoted: boolean): number {
  const n = value.length;
  if (n < 4 || n > 512 || /\s/.test(value)) return 0;
  if (isStandIn(value) || isReference(value, quoted) || isProseLike(value) || isTimeUuid(value))
    return 0;
  // `?` belongs to URLs and questions, never to a token alphabet; a `:` makes a path or a pair
  // (`iam::1234:role/x`), which only a password or secret-named key may hold.
  if (kind !== 'password' && value.includes('?')) return 0;
  if (kind !== 'password' && kind !== 'secret' && value.includes(':')) return 0;
  const h = shannonEntropy(value);
  switch (kind) {
    case 'password':
      if (n >= 8 && h >= 2.5) return 0.8;
      if (n >= 6 && h >= 2 && /[^A-Za-z]/.test(value)) return 0.65;
      return n >= 4 && h >= 1.5 && /\d/.test(value) && /[A-Za-z]/.test(value) ? 0.55 : 0;
    case 'secret':
      if (UUID.test(value)) return 0.7;
      if (n >= 16 && h >= 3) return 0.8;
      if (n >= 10 && h >= 2.8 && mixed(value)) return 0.65;
      return 0;
    case 'key':
    case 'provider':
      if (UUID.test(value)) return 0.7;
      return n >= 20 && h >= 3 && mixed(value) ? 0.7 : 0;
    case 'provider-id':
      if (UUID.test(value)) return 0.6;
      return n >= 12 && h >= 3 && mixed(value) ? 0.6 : 0;
    case 'bare-key':
      // Reported, not blocking: `key = …` names a map key or cache key as often as a credential.
      return n >= 20 && h >= 3.5 && mixed(value) ? 0.45 : 0;
  }
}

/** Score of an `Authorization` value: `Basic` credentials or a bearer-style token. */
export function authScore(scheme: string, token: string): number {
  if (token.length < 8 || isStandIn(token)) return 0;
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return 0;
    const decoded = Buffer.from(token, 'base64').toString('latin1');
    if (/^[\x20-\x7e]*:[\x20-\x7e]*$/.test(decoded)) {
      const password = decoded.slice(decoded.indexOf(':') + 1);
      return password.length > 0 && isStandIn(password) ? 0 : 0.8;
    }
    return token.length >= 16 && shannonEntropy(token) >= 3 ? 0.7 : 0;
  }
  // RFC 6750 token characters, and `@` (seen in real tokens).
  if (!/^[A-Za-z0-9._~+/=@-]+$/.test(token)) return 0;
  const h = shannonEntropy(token);
  if (/\d/.test(token) && /[A-Za-z]/.test(token) && h >= 2.5) return 0.8;
  // Without digits, a long random-looking token, not words joined by dashes.
  return token.length >= 20 && h >= 3 && !/^[a-z]+(?:[-_.][a-z]+)*$/.test(token) ? 0.8 : 0;
}
