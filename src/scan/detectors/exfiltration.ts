/**
 * exfiltration: attempts to move data out. Markdown images/links whose URL carries data (query
 * payloads, encoded blobs, template placeholders), known paste/webhook/collector endpoints, DNS-label
 * smuggling (long or high-entropy subdomain labels), instructions to send data to an external
 * address, and requests to reveal the system prompt or hidden instructions.
 */
import type { Finding } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { excerpt } from '../evidence.js';
import { spanFinding } from '../finding.js';
import { type KeywordGroup, keywordLength, registerKeywords } from '../keywords.js';
import { type Lexical, lexical } from '../lexical.js';

const COLLECTORS =
  /(?:^|\.)(?:webhook\.site|requestbin\.(?:com|net)|pipedream\.net|m\.pipedream\.net|pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|ngrok\.(?:io|app)|ngrok-free\.app|interact\.sh|oast\.(?:fun|live|me|online|pro|site)|burpcollaborator\.net|oastify\.com|canarytokens\.com|requestcatcher\.com|hookbin\.com|beeceptor\.com|dnslog\.cn|ceye\.io|transfer\.sh|file\.io|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt)$/i;

function finding(
  detector: string,
  score: number,
  start: number,
  end: number,
  text: string,
): Finding {
  return spanFinding('exfiltration', detector, score, start, end, excerpt(text, start, end, 96));
}

// URLs: `\bhttps?://` then 3..2048 units up to whitespace or one of )"'<>]` (what the regex
// /\bhttps?:\/\/[^\s)"'<>\]`]{3,2048}/gi matches, found from `://` with indexOf instead of trying
// every position). A markdown image is `![alt](url)`, a link `[text](url)`.
const URL_STOP = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  const ch = String.fromCharCode(c);
  if (/\s/.test(ch) || ')"\'<>]`'.includes(ch)) URL_STOP[c] = 1;
}
const isWordUnit = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Whether `text` has `http` (any case) at `at`. */
function isHttp(text: string, at: number): boolean {
  return (
    (text.charCodeAt(at) | 32) === 104 &&
    (text.charCodeAt(at + 1) | 32) === 116 &&
    (text.charCodeAt(at + 2) | 32) === 116 &&
    (text.charCodeAt(at + 3) | 32) === 112
  );
}

/** Each URL of `text` in order, flattened `[start, end)` pairs, leftmost and non-overlapping. */
export function urlSpans(text: string): number[] {
  const spans: number[] = [];
  let from = 0;
  for (let p = text.indexOf('://'); p >= 0; p = text.indexOf('://', p + 3)) {
    // Scheme: `https` or `http` right before, case-insensitive, at a word boundary.
    const s = p >= 1 && (text.charCodeAt(p - 1) | 32) === 115 ? 1 : 0;
    const start = p - 4 - s;
    if (start < 0 || !isHttp(text, start)) continue;
    if (start < from || (start > 0 && isWordUnit(text.charCodeAt(start - 1)))) continue;
    let end = p + 3;
    const limit = Math.min(text.length, end + 2048);
    while (end < limit && URL_STOP[text.charCodeAt(end)] === 0) end++;
    if (end - (p + 3) < 3) continue;
    spans.push(start, end);
    from = end;
  }
  return spans;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

interface Payload {
  readonly score: number;
  readonly why: string;
}

// URLs recur (signatures, quoted threads, one link in many messages) and their score is pure: a
// bounded memo, emptied when full.
const PAYLOADS = new Map<string, Payload>();
const MAX_PAYLOADS = 4096;

function payloadOf(url: string): Payload {
  let payload = PAYLOADS.get(url);
  if (payload === undefined) {
    payload = urlPayloadScore(url);
    if (PAYLOADS.size >= MAX_PAYLOADS) PAYLOADS.clear();
    PAYLOADS.set(url, payload);
  }
  return payload;
}

/** How strongly a URL looks like it carries data out (0 = not at all). */
function urlPayloadScore(url: string): Payload {
  let host = '';
  let rest = '';
  const m = /^https?:\/\/([^/?#]*)(.*)$/i.exec(url);
  if (m !== null) {
    host = m[1]!
      .toLowerCase()
      .replace(/^[^@]*@/, '')
      .replace(/:\d+$/, '');
    rest = m[2]!;
  }
  if (COLLECTORS.test(host)) return { score: 0.85, why: 'collector' };
  // DNS-label smuggling: a long or random-looking label left of the registered domain.
  const labels = host.split('.');
  for (const label of labels.slice(0, -2)) {
    if (label.length >= 32 || (label.length >= 20 && entropy(label) >= 3.5)) {
      return { score: 0.75, why: 'dns_label' };
    }
  }
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  // Template placeholders to be filled with conversation data: `?q={data}`, `$SECRET`, `[DATA]`.
  if (
    /[{[<$](?:[A-Za-z_ ]{0,20})(?:data|secret|conversation|history|summary|message|context|password|key|token|info|prompt|chat|email|user)[A-Za-z_ ]{0,20}[}\]>]?/i.test(
      rest,
    )
  ) {
    return { score: 0.8, why: 'template' };
  }
  for (const part of query.split('&')) {
    const value = part.slice(part.indexOf('=') + 1);
    if (value.length >= 24 && /^[A-Za-z0-9+/_=%-]+$/.test(value) && entropy(value) >= 3.5) {
      // Data carried out is usually encoded text; random tokens (session ids, badges) are not.
      const decoded = Buffer.from(decodeURIComponentSafe(value), 'base64').toString('utf8');
      let printable = 0;
      for (let i = 0; i < decoded.length; i++) {
        const c = decoded.charCodeAt(i);
        if ((c >= 0x20 && c < 0x7f) || c === 0x0a) printable++;
      }
      if (decoded.length >= 12 && printable / decoded.length >= 0.9) {
        return { score: 0.7, why: 'encoded_payload' };
      }
      if (value.length >= 40) return { score: 0.4, why: 'opaque_payload' };
    }
    if (/%20|\+/.test(value) && value.length >= 24) return { score: 0.6, why: 'text_payload' };
  }
  return { score: 0, why: '' };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const RENDER_VERB =
  /\b(?:load|render|fetch|display|append|include|insert|embed|output|print|end (?:your|the) (?:answer|response|reply) with|add)\b[^\n]{0,120}$/i;

function findUrls(view: TextView, out: Finding[]): void {
  const { text } = view;
  const spans = urlSpans(text);
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k]!;
    const url = text.slice(start, spans[k + 1]!);
    let { score, why } = payloadOf(url);
    // Only URLs with a query can still qualify (below); others cost nothing more.
    if (score === 0 && url.indexOf('?') < 0) continue;
    // Markdown images are fetched automatically when rendered: zero-click.
    const before = text.slice(Math.max(0, start - 300), start);
    const image = /!\[[^\]]{0,200}\]\($/.test(before);
    // An image with a query value that the text tells the model to load/render/append: the
    // value is what leaks (badges and thumbnails in documents come without such instructions).
    if (score === 0 && image && /\?[^=&#]{1,40}=[^&#]/.test(url) && RENDER_VERB.test(before)) {
      score = 0.5;
      why = 'query_render';
    }
    if (score === 0) continue;
    const link = /\]\($/.test(before);
    const boost = image ? 0.1 : link ? 0.05 : 0;
    out.push(
      finding(
        image ? `markdown_image_${why}` : `url_${why}`,
        Math.min(0.95, score + boost),
        start,
        start + url.length,
        text,
      ),
    );
  }
}

/** A phrase inside quotation marks is mentioned (documentation, tests), not addressed to the model. */
function quoted(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 40);
  return /['"“‘`]\s?$/.test(before) && /^[^'"”’`\n]{0,30}['"”’`]/.test(after);
}

// "send/email/forward ... to <address>" within one sentence-sized window, in English and in
// French, Spanish, German, Italian and Portuguese ("envoyez … à", "envía … a", "sende … an",
// "invia … a", "envie … para"). Tried only where the shared keyword pass saw a send verb (sticky,
// from the verb), instead of at every word of the text.
const SEND_VERBS = [
  'send',
  'email',
  'e-mail',
  'forward',
  'transfer',
  'upload',
  'post',
  'leak',
  'exfiltrate',
  'share',
  'copy',
  'bcc',
  'cc',
  'deliver',
  'transmit',
  'wire',
];
// Other languages (keywords are Latin-folded: "envía" is found as "envia").
const SEND_VERBS_ML = [
  'envoi',
  'envoy',
  'transmet',
  'partag',
  'envi',
  'reenvi',
  'manda',
  'mande',
  'compart',
  'partilh',
  'sende',
  'leite',
  'ubermittl',
  'invia',
  'inoltr',
  'condivid',
  'trasferisc',
  'encaminh',
  'transfir',
  'transfier',
  'copie',
];
const DESTINATION =
  '(?:[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,4}|https?:\\/\\/\\S{3,200}|\\bwww\\.[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,4}|\\b[A-Z]{2}\\d{2}[A-Z0-9]{10,30}\\b|my (?:new |other |personal )?(?:e-?mail|address|account|server|webhook))';
// Groups 1/3 are the verb, 2/4 what it sends: the object is judged alone ("email the report to my
// email" names no data).
const SEND_VERB = new RegExp(
  `(\\b(?:send|e-?mail|forward|transfer|upload|post|leak|exfiltrate|share|copy|bcc|cc|deliver|transmit|wire)\\b)([^.!?\\n]{0,160}?)\\bto\\b[^.!?\\n]{0,40}?${DESTINATION}|(\\b(?:envoie|envoyez|envoyer|envoie-le|transf[eé]rez|transf[eè]re|transf[eé]rer|transmets|transmettez|transmettre|partagez|partage|partager|copiez|copie|env[ií]a|env[ií]e|env[ií]en|enviar|reenv[ií]a|reenv[ií]e|manda|mande|mandar|comparte|comparta|compartir|compartilhe|compartilha|partilhe|sende|senden|schicke|schick|schicken|leite|leiten|[uü]bermittle|[uü]bermitteln|invia|inviate|inviare|inoltra|inoltrate|inoltrare|condividi|condividere|trasferisci|encaminhe|encaminha|transfira|transfiera|transfiere)\\b)([^.!?\\n]{0,160}?)(?:\\b(?:a|an|para|per|au|aux|al|ao|nach|to)\\b|(?<=\\s)[àÀ](?=\\s))[^.!?\\n]{0,40}?${DESTINATION}`,
  'iy',
);
const IBAN_LIKE = /[A-Z]{2}\d{2}[A-Z0-9]{10}/;
const MY_DESTINATION = /my (?:new |other |personal )?(?:e-?mail|address|account|server|webhook)/i;
const SENSITIVE_OBJECT =
  /\b(?:all|every|entire|contents?|password(?![\s-]{0,2}reset)|credential|secret|token|api key|key|history|conversation|messages?|e-?mails?|inbox|files?|documents?|user (?:data|information)|personal|passport|credit card|iban|bank|ssn|contacts|transactions?|information|data|details|body|tou[st]|toutes|contenu|mots? de passe|donn[ée]es|identifiants|historique|bo[iî]te|courriels?|fichiers?|cl[ée]s?|valeur|secrets?|todos?|todas|contenido|contrase[ñn]as?|datos|credenciales|historial|correos?|archivos?|claves?|valor|alle|inhalt|passw[öo]rter|passwort|kennw[öo]rter|daten|kundendaten|zugangsdaten|verlauf|nachrichten|dateien|schl[üu]ssel|wert|tutt[ie]|contenuto|credenziali|dati|cronologia|messaggi|chiavi|senhas?|dados|credenciais|hist[óo]rico|mensagens|arquivos|chaves)\b/i;

const PRONOUN_OBJECT =
  /^\s*(?:it|them|this|that|these|those|everything|all|le|la|les|lo|los|las|li|es|sie|ihn|o|os|a|as)\b/i;

function findSendInstructions(text: string, verbs: readonly number[], out: Finding[]): void {
  let covered = 0;
  for (const start of verbs) {
    if (start < covered) continue;
    SEND_VERB.lastIndex = start;
    const m = SEND_VERB.exec(text);
    if (m === null) continue;
    // A pronoun ("send it to …", "post them to …") stands for what the sentence before named.
    const object = m[2] ?? m[4] ?? '';
    const judged = PRONOUN_OBJECT.test(object)
      ? text.slice(Math.max(0, start - 160), start) + object
      : object;
    if (!SENSITIVE_OBJECT.test(judged)) continue;
    const end = start + m[0].length;
    covered = end;
    const score = quoted(text, start, end) ? 0.35 : 0.7;
    out.push(finding('send_instruction', score, start, end, text));
  }
}

// Requests to reveal the system prompt / hidden instructions: find the object first (rare words,
// from the keyword pass), then look for a reveal verb in the ~90 characters before it.
const LEAK_OBJECTS = [
  'system prompt',
  'prompt',
  'instructions',
  'directives',
  'system message',
  'initial prompt',
  'rules you were given',
  'guidelines',
  'configuration',
  'context window',
  'preprompt',
  'pre-prompt',
];
const LEAK_OBJECT =
  /\b(?:system prompt|prompt|instructions|directives|system message|initial prompt|rules you were given|guidelines|configuration|context window|pre-?prompt)\b/iy;
const LEAK_VERB =
  /\b(?:repeat|print|reveal|show|output|display|disclose|dump|leak|spell[- ]check|summari[sz]e|translate|recite|tell me|what (?:is|are|was|were)|give me|return|copy|write (?:out|down))\b[^.!?\n]{0,60}?\b(?:(?:your|the|my|all|previous|prior|above|initial|original|hidden|secret|full|exact|system|developer)\s+){1,4}$/i;
const LEAK_STRONG =
  /system prompt|system message|hidden|secret|initial prompt|previous instructions|above|original|verbatim|exact|pre-?prompt|developer/i;

function findPromptLeaks(text: string, objects: readonly number[], out: Finding[]): void {
  let covered = 0;
  for (const at of objects) {
    if (at < covered) continue;
    LEAK_OBJECT.lastIndex = at;
    const m = LEAK_OBJECT.exec(text);
    if (m === null) continue;
    covered = at + m[0].length;
    const from = Math.max(0, at - 90);
    const v = LEAK_VERB.exec(text.slice(from, at));
    if (v === null) continue;
    const start = from + v.index;
    const end = at + m[0].length;
    const phrase = text.slice(start, end);
    let score = LEAK_STRONG.test(phrase) ? 0.75 : 0.45;
    if (quoted(text, start, end)) score = 0.35;
    out.push(finding('prompt_leak', score, start, end, text));
  }
}

const GATES = registerKeywords(['http', '@', ' to ', 'www.'], { presenceOnly: true });
const [HTTP, AT, TO, WWW] = [GATES.base, GATES.base + 1, GATES.base + 2, GATES.base + 3];
const VERBS = registerKeywords(SEND_VERBS.map((v) => `^${v}`));
// The other languages' prepositions ("à", "a", "an", "para") are too common to gate on: a verb of
// those languages opens the search instead of " to ".
const VERBS_ML = registerKeywords(SEND_VERBS_ML.map((v) => `^${v}`));
const OBJECTS = registerKeywords(LEAK_OBJECTS.map((o) => `^${o}`));

// Out-of-band capture services exist to receive data from a target: named without a scheme
// ("resolve <data>.x.oast.fun", "ping abc.burpcollaborator.net") they are a destination too.
const OOB_HOSTS = registerKeywords(
  [
    'oast.',
    'oastify.com',
    'interact.sh',
    'burpcollaborator.net',
    'dnslog.cn',
    'ceye.io',
    'canarytokens.com',
  ],
  { presenceOnly: true },
);
const OOB_HOST =
  /(?<![\w-])(?:[a-z0-9-]{1,63}\.){1,8}(?:oast\.(?:fun|live|me|online|pro|site)|oastify\.com|interact\.sh|burpcollaborator\.net|dnslog\.cn|ceye\.io|canarytokens\.com)\b/gi;

function findOutOfBandHosts(text: string, out: Finding[]): void {
  OOB_HOST.lastIndex = 0;
  for (let m = OOB_HOST.exec(text); m !== null; m = OOB_HOST.exec(text)) {
    // The URL scan already judged hosts written inside a URL.
    if (text.slice(Math.max(0, m.index - 3), m.index) === '://') continue;
    out.push(finding('collector_host', 0.7, m.index, m.index + m[0].length, text));
    if (out.length >= 32) return;
  }
}

/** Sorted distinct start offsets of the hits of `group` in `hits`. */
function startsOf(hits: Lexical, group: KeywordGroup): number[] {
  const starts: number[] = [];
  const last = group.base + group.keywords.length;
  for (let h = 0; h < hits.count; h++) {
    const id = hits.ids[h]!;
    if (id >= group.base && id < last) starts.push(hits.ends[h]! - keywordLength(id));
  }
  return starts.length > 1 ? [...new Set(starts)].sort((a, b) => a - b) : starts;
}

/** Whether any keyword of `group` occurs. */
function anyPresent(present: Uint8Array, group: KeywordGroup): boolean {
  for (let i = 0; i < group.keywords.length; i++) if (present[group.base + i] === 1) return true;
  return false;
}

/** Two sorted lists of offsets as one sorted list. */
function mergeStarts(a: number[], b: number[]): number[] {
  return b.length === 0 ? a : a.length === 0 ? b : [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** The exfiltration detector. */
export const exfiltrationDetector: Detector = {
  id: 'exfiltration',
  categories: ['exfiltration'],
  detect(view) {
    const { text } = view;
    const out: Finding[] = [];
    const hits = lexical(view);
    const { present } = hits;
    if (present[HTTP] === 1) findUrls(view, out);
    if (anyPresent(present, OOB_HOSTS)) findOutOfBandHosts(text, out);
    // A send instruction needs a destination: an address, a URL, an account number or "my e-mail".
    if (
      (present[TO] === 1 || anyPresent(present, VERBS_ML)) &&
      (present[AT] === 1 ||
        present[HTTP] === 1 ||
        present[WWW] === 1 ||
        MY_DESTINATION.test(text) ||
        IBAN_LIKE.test(text))
    ) {
      const verbs = mergeStarts(startsOf(hits, VERBS), startsOf(hits, VERBS_ML));
      if (verbs.length > 0) findSendInstructions(text, verbs, out);
    }
    const objects = startsOf(hits, OBJECTS);
    if (objects.length > 0) findPromptLeaks(text, objects, out);
    return out;
  },
};
