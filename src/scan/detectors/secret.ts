/**
 * secret: credentials in text, in code, config, headers, CLI flags and prose. Provider keys in
 * token runs (`secret-keys.ts`, formats and checksums in `secret-formats.ts`), values assigned to
 * secret-named keys and `Authorization` headers (`secret-assignments.ts`), and here: URLs and
 * `curl -u` with a password, PEM/PuTTY private keys. What a value or a key name is (filler,
 * template, stand-in, documentation example, credential) is decided in `secret-values.ts`;
 * overlapping findings are resolved in `secret-findings.ts`.
 *
 * Placeholders and examples (decided once, for every rule):
 * - A filler is not a secret: a value whose variable part is mostly one character (`xxxx`,
 *   `AKIAZZZZZZZZZZZZZZZZ`, `AKCxxxxxxxxxx`, `0000…`), a masking run (`####`, `***`), a template or
 *   reference (`${TOKEN}`, `<your-key>`, `$(cat pw.txt)`, `{{ .Values.pw }}`) or, for values without
 *   a provider format, a stand-in word (`changeme`, `password`, `your_key_here`, `a-fake-key`). It
 *   carries no credential: whatever it unlocks, it unlocks for everyone.
 * - A string that matches a provider's exact format is reported even when it looks made up
 *   (`abc123xyz…`, `…fake…` inside a 93-character key): the format is the evidence, and a guard
 *   cannot tell a test key from a live one.
 * - A published documentation example of an exact format (AWS's `AKIAIOSFODNN7EXAMPLE` and
 *   `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, Bedrock's `ABSK…EXAMPLE…`) is reported at 0.6: still
 *   blocking, because example keys are what people paste in place of theirs and what test
 *   suites use for real ones, but below live-looking keys so a policy can treat them apart.
 * - A version-1 UUID (timestamp + MAC address) is never a credential, whatever its name.
 *
 * Speed: the text is never walked character by character. Candidate key runs are found from
 * occurrences of the characters nearly every key contains (digits, `_`, `-`, plus `AKIA`/`ASIA`)
 * with `indexOf`; assignments from `=`, `:`, `(`, `>`; URLs from `://`; PEM blocks from
 * `-----BEGIN`. Prose has few of these, so most of it is skipped by native search. All work is
 * linear: every pattern is sticky with bounded repeats, and a format that failed at a position is
 * not retried inside the same token.
 */
import type { Detector } from '../detector.js';
import { maskValue } from '../evidence.js';
import { registerKeywords } from '../keywords.js';
import { lexical } from '../lexical.js';
import { fieldValue, scanCalls, scanElements, scanSeparators } from './secret-assignments.js';
import {
  Collector,
  DOC_EXAMPLE_SCORE,
  finding,
  PRIORITY_FORMAT,
  PRIORITY_STRUCTURE,
} from './secret-findings.js';
import { scanKeyRuns } from './secret-keys.js';
import { isDocExample, isFiller, isStandIn, isTemplate, shannonEntropy } from './secret-values.js';

const SCHEME_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-') {
  SCHEME_CHAR[ch.charCodeAt(0)] = 1;
}
const AUTHORITY_STOP = new Uint8Array(128);
for (const ch of ' \t\r\n/?"\'`<>()[]{}\\,;') AUTHORITY_STOP[ch.charCodeAt(0)] = 1;

/** `scheme://user:password@host`: the password. */
function scanUrls(text: string, out: Collector): void {
  // Credentials in a URL come before an `@`: text without one has none.
  if (text.indexOf('@') < 0) return;
  for (let p = text.indexOf('://'); p >= 0 && !out.full; p = text.indexOf('://', p + 1)) {
    let s = p;
    while (s > 0 && p - s < 20) {
      const c = text.charCodeAt(s - 1);
      if (c >= 128 || SCHEME_CHAR[c] === 0) break;
      s--;
    }
    if (p - s < 2) continue;
    let e = p + 3;
    let at = -1;
    while (e < text.length && e - p < 512) {
      const c = text.charCodeAt(e);
      if (c < 128 && AUTHORITY_STOP[c] === 1) break;
      if (c === 64) at = e;
      e++;
    }
    if (at < 0) {
      p = e - 1;
      continue;
    }
    const userinfo = text.slice(p + 3, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const password = userinfo.slice(colon + 1);
    if (password.length === 0 || isStandIn(password)) continue;
    const start = p + 3 + colon + 1;
    const score = isDocExample(password) ? DOC_EXAMPLE_SCORE : 0.85;
    out.add(
      PRIORITY_STRUCTURE,
      finding('url_credentials', 'CONNECTION_STRING', score, start, at, maskValue(password)),
    );
    p = at;
  }
}

/** The shell word starting at `i` with its quotes removed, and where it ends. */
function shellWord(text: string, i: number): { word: string; end: number } {
  let word = '';
  let j = i;
  while (j < text.length && j - i < 512) {
    const c = text[j]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, j + 1);
      if (close < 0 || close - j > 512) break;
      word += text.slice(j + 1, close);
      j = close + 1;
    } else if (/\s/.test(c)) break;
    else {
      word += c;
      j++;
    }
  }
  return { word, end: j };
}

const CLI_FLAG = /(?:-u|--user)(?:[ =] {0,2}|(?=["']))/y;

/** `curl -u user:pass`, `--user "user:pass"`, `-u "sk_live_…:"` (an API key as the user name). */
function scanCliUsers(text: string, out: Collector): void {
  for (let p = text.indexOf('-u'); p >= 0 && !out.full; p = text.indexOf('-u', p + 2)) {
    const at = text[p - 1] === '-' ? p - 1 : p;
    if (at > 0 && !/\s/.test(text[at - 1]!)) continue;
    CLI_FLAG.lastIndex = at;
    if (CLI_FLAG.exec(text) === null) continue;
    const start = CLI_FLAG.lastIndex;
    const { word, end } = shellWord(text, start);
    const colon = word.indexOf(':');
    if (colon < 0 || isTemplate(word)) continue;
    const user = word.slice(0, colon).replace(/^\{|\}$/g, '');
    const password = word.slice(colon + 1).replace(/^\{|\}$/g, '');
    if (password.length > 0) {
      if (isStandIn(password) || isStandIn(word.slice(colon + 1))) continue;
      out.add(
        PRIORITY_STRUCTURE,
        finding('cli_credentials', 'PASSWORD', 0.8, start, end, maskValue(password)),
      );
      continue;
    }
    // Key as the user name with an empty password: a random-looking token only.
    if (
      user.length >= 10 &&
      !isStandIn(user) &&
      /\d/.test(user) &&
      /[A-Za-z]/.test(user) &&
      shannonEntropy(user) >= 3 &&
      !user.includes('@')
    ) {
      out.add(
        PRIORITY_STRUCTURE,
        finding('cli_credentials', 'SECRET', 0.8, start, end, maskValue(user)),
      );
    }
  }
}

// Tools that take a password on the command line, and the flag each uses for it (`-p` is a port
// for `docker run`, a password only for `docker login`).
const CLI_PASSWORD =
  /\b(?:(sshpass)\b[^\n]{0,40}?\s-p\s{0,2}|(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]{0,80}?\s-p(?=\S)|(?:docker|podman|buildah|skopeo|helm(?:\s+registry)?)\s+login\b[^\n]{0,120}?\s(?:-p|--password)[ =]\s{0,2}|redis-cli\b[^\n]{0,80}?\s-a\s{1,2}|(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n]{0,120}?\s(?:-p|--password)[ =]\s{0,2})/g;

// Every form needs one of these flags; the shared keyword pass says whether one occurs.
const CLI_PASSWORD_FLAGS = registerKeywords([' -p', ' -a', '--password'], { presenceOnly: true });

/** `sshpass -p 'pw'`, `mysql -uroot -ppw`, `docker login -p pw`, `redis-cli -a pw`. */
function scanCliPasswords(text: string, present: Uint8Array, out: Collector): void {
  const base = CLI_PASSWORD_FLAGS.base;
  if (present[base] !== 1 && present[base + 1] !== 1 && present[base + 2] !== 1) return;
  CLI_PASSWORD.lastIndex = 0;
  for (let m = CLI_PASSWORD.exec(text); m !== null && !out.full; m = CLI_PASSWORD.exec(text)) {
    const start = CLI_PASSWORD.lastIndex;
    const { word, end } = shellWord(text, start);
    CLI_PASSWORD.lastIndex = Math.max(end, start + 1);
    // `$PASS`, `${PASS}`, `-` (stdin) and stand-ins are references, not the password.
    if (word.length < 6 || /^[$%-]/.test(word) || isTemplate(word) || isStandIn(word)) continue;
    out.add(
      PRIORITY_STRUCTURE,
      finding('cli_credentials', 'PASSWORD', 0.8, start, end, maskValue(word)),
    );
  }
}

const PEM_HEADER = /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/y;

/** A private key block with something inside (an empty template is not a key). */
function scanPrivateKeys(text: string, out: Collector): void {
  let endMark = -2; // next `-----END` at or after the current block (-1: none left)
  let p = text.indexOf('-----BEGIN');
  while (p >= 0 && !out.full) {
    const next = text.indexOf('-----BEGIN', p + 1);
    PEM_HEADER.lastIndex = p;
    if (PEM_HEADER.exec(text) !== null) {
      const bodyStart = PEM_HEADER.lastIndex;
      // One forward search for the end markers overall, however many headers precede them.
      if (endMark !== -1 && endMark < bodyStart) endMark = text.indexOf('-----END', bodyStart);
      // A body ends at its end marker, the next header, or 4096 characters on.
      let bodyEnd = Math.min(text.length, bodyStart + 4096);
      if (endMark >= 0) bodyEnd = Math.min(bodyEnd, endMark);
      if (next >= 0) bodyEnd = Math.min(bodyEnd, next);
      addPrivateKey(text, p, bodyStart, bodyEnd, out);
    }
    p = next;
  }
}

function addPrivateKey(
  text: string,
  p: number,
  bodyStart: number,
  bodyEnd: number,
  out: Collector,
) {
  const body = text
    .slice(bodyStart, bodyEnd)
    .replace(/\\[nr]/g, ' ')
    .trim();
  if (body.length === 0 || isFiller(body.replace(/\s/g, ''))) return;
  // A base64 body is a key; anything else after a private key header still announces one.
  const score = /[A-Za-z0-9+/=]{40,}/.test(body) ? 0.95 : 0.8;
  const evidence = maskValue(text.slice(p, bodyEnd), 10, 0);
  out.add(PRIORITY_FORMAT, finding('private_key', 'PRIVATE_KEY', score, p, bodyEnd, evidence));
}

/** The secrets detector. */
export const secretDetector: Detector = {
  id: 'secret',
  categories: ['secret'],
  detect(view) {
    const { text } = view;
    if (text.length < 6) return [];
    const out = new Collector();
    scanKeyRuns(text, out);
    scanPrivateKeys(text, out);
    scanUrls(text, out);
    scanSeparators(text, '=', out);
    scanSeparators(text, ':', out);
    scanCalls(text, out);
    scanElements(text, out);
    scanCliUsers(text, out);
    scanCliPasswords(text, lexical(view).present, out);
    fieldValue(view, out);
    return out.result();
  },
};
