/**
 * unsafe_code: dangerous code in what an agent sends or receives. Two kinds of evidence:
 *
 * - **Payload syntax** (`unsafe-code-patterns.ts`): shell and SQL injection, path traversal and
 *   sensitive files, markup/template/XXE/LDAP/CRLF injection, webshells, destructive commands,
 *   download-and-run, reverse shells, defence tampering, unsafe deserialisation.
 * - **Requests for malicious code**: a request to write code whose stated purpose is an attack
 *   (escaping a sandbox, privilege escalation, a kind of malware, persistence, evasion, theft of
 *   credentials, an attack technique, disabling defences...). The request comes first and the
 *   purpose is its object; a defensive or negated mention ("detect phishing e-mails", "no C2")
 *   and a taxonomy label ("(MITRE ATT&CK: Privilege Escalation)") do not count.
 *
 * Decisions (what a demanding user of a security product expects):
 * - A command on its own is not an attack. `uname -a`, `ls -l /`, `ifconfig`, `which wget` and
 *   `dir C:\` are what shell tools run all day; they are not flagged anywhere. The same command
 *   *appended* to a value with a separator (`; id`, `| dir C:\`, `%0a/usr/bin/id`, `$(whoami)`) is
 *   an injection. Chaining inside a shell command line (the command of a shell-like tool, or a
 *   text that starts like one: `cd src && ls -la`) and inside prose or documents is ordinary
 *   syntax and scores below the blocking threshold; a value that *starts* with a separator or uses
 *   an encoded one is an injection everywhere.
 * - Commands and code that are harmful by themselves are flagged wherever they appear:
 *   destruction (`rm -rf /`, `shutil.rmtree('/home')`, `DROP TABLE`, `terraform destroy`, a
 *   force-push over main), download-and-run, reverse shells, turning off defences (enabling RDP,
 *   disabling Defender or the firewall, deleting shadow copies, clearing logs and history),
 *   creating administrators, dumping credentials.
 * - Payload syntax in prose that discusses attacks (asks what it does, quotes it as an example,
 *   explains a defence) is shown, not used: 0.45. In prose that hands it over ("use this as the
 *   file name") it keeps its score.
 * - Reading a secret store (`/etc/shadow`, a SAM hive, `~/.ssh/id_rsa`, cloud credentials) is
 *   flagged anywhere; files that payloads read to prove a traversal (`/etc/passwd`, `win.ini`,
 *   `.htaccess`, `global.asa`) only when they stand as a path value, not when prose mentions them.
 *   A whole value that is a path into system configuration, logs or start-up files scores 0.55:
 *   file-inclusion probes read them, an agent working in a project rarely does.
 * - Template syntax is flagged when it evaluates arithmetic probes (`{{7*7}}`) or reaches objects
 *   that lead to the interpreter (`__class__`, `config`, `Runtime`). A template loop over literals
 *   (`{% for c in [1,2,3] %}{{c}}{% endfor %}`) is ordinary template source: not flagged.
 * - A script element alone is ordinary HTML; payloads (handlers, `javascript:`, `alert`, attribute
 *   breakouts) are flagged.
 * - Strength depends on the phase: full for actions, inputs and unknown phase; lower in tool
 *   results and model output, where code usually appears as material or explanation.
 */
import type { Phase } from '../../core/check.js';
import type { Finding } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { excerpt } from '../evidence.js';
import { registerKeywords } from '../keywords.js';
import { lexical } from '../lexical.js';
import { severityOf } from '../severity.js';
import { type MatchContext, PAYLOAD_PATTERNS } from './unsafe-code-patterns.js';

// ---- requests for malicious code ---------------------------------------------------------------

/** A request to write code (the object of a malicious-code request). */
const CODE_REQUEST =
  /(?<!\bnot\s|n't\s)\b(?:write|create|generate|develop|implement|craft|build|design|produce|provide|give me|make)\b[^.?!]{0,80}\b(?:code|script|program|function|tool|malware|exploit|payload|module|snippet|python|implementation|app|application|bot|macro|one-liner|command|keylogger|ransomware|virus|worm|trojan|backdoor|rootkit|botnet|shellcode|stealer|dropper|implant)s?\b/i;

/** What the requested code is for. `strong`: one suffices; otherwise two different ones. */
interface IntentCue {
  readonly name: string;
  readonly strong: boolean;
  readonly re: RegExp;
  /** The cue is itself a constraint to slip past ("must not contain banned statements"): a
   * negation before it does not make it harmless. */
  readonly negated?: 'still-counts';
}

const HOST =
  '(?:system|machine|host|server|device|computer|network|endpoint|workstation|box|environment|infrastructure)s?';

const INTENT_CUES: readonly IntentCue[] = [
  {
    name: 'sandbox_escape',
    strong: true,
    re: /\b(?:sandbox|container|jail|chroot|vm|hypervisor)[ /-]{0,2}(?:escape|breakout|break-out)s?\b|\bescap\w{0,4}\s(?:out\s)?(?:of\s|from\s)?(?:the\s|a\s|this\s|its\s)?(?:python\s|current\s|provided\s)?(?:sandbox|container|jail|chroot|vm|virtual\smachine)|\bbreak(?:s|ing)?\sout\sof\s(?:the\s|a\s|this\s)?(?:sandbox|container|jail|chroot|vm)|\b(?:bypass|circumvent|evade|defeat|get\saround|work\saround|escape|break|subvert|navigate)\w{0,3}\s(?:the\s|any\s|all\s)?(?:security\s)?(?:constraints|restrictions|limitations|protections|confines|boundaries|isolation|security|checks|filters)\s(?:of|in|imposed\sby)\s(?:the\s|a\s|this\s)?(?:python\s|current\s|provided\s|code\s)?(?:sandbox|container|jail|interpreter|vm)/gi,
  },
  {
    name: 'privilege_escalation',
    strong: true,
    re: /\bescalat\w{0,4}\s(?:its\s|their\s|the\s|our\s|my\s|user\s|local\s)?privileges?|\bprivilege\sescalation\b|\bgain\w{0,3}\s(?:root|admin(?:istrator)?|system|elevated|domain\sadmin)\s(?:privileges?|access|rights|shell)|\broot\sshell\b/gi,
  },
  {
    name: 'malware',
    strong: true,
    re: /\b(?:ransomware|keylogger|key\slogger|rootkit|bootkit|botnet|backdoor|trojan|spyware|adware|infostealer|info-stealer|cryptojack\w{0,3}|crypto-?miner|coin\s?miner|worm|remote\saccess\s(?:trojan|tool)|credential\sstealer|password\sstealer|dropper|wiper|logic\sbomb|fork\sbomb|zip\sbomb|file\sinfector|memory\shijacker|polymorphic\s(?:malware|virus|code)|computer\svirus|virus|malware)s?\b|\bself-(?:propagating|replicating|spreading)\b/gi,
  },
  {
    name: 'reverse_shell',
    strong: true,
    re: /\b(?:reverse|bind)\s(?:tcp\s)?shells?\b|\bremote\sshell\b/gi,
  },
  {
    name: 'phishing',
    strong: true,
    re: /\b(?:spear-?)?phishing\b|\bcredential\sharvest\w{0,3}/gi,
  },
  { name: 'exfiltration', strong: true, re: /\bexfiltrat\w{0,5}/gi },
  {
    name: 'command_and_control',
    strong: true,
    re: /\bC2\b|\bcommand[\s-](?:and|&)[\s-]control\b|\bC&C\b/g,
  },
  {
    name: 'persistence',
    strong: true,
    re: /\b(?:establish\w{0,3}|maintain\w{0,3}|achiev\w{0,3}|gain\w{0,3}|ensur\w{0,3})\s(?:long-term\s|a\s)?persisten(?:ce|t\saccess)\b|\bpersistence\s(?:technique|mechanism|method)s?\b|\bmaintain\w{0,3}\s(?:persistent\s|continued\s|long-term\s)?access\b/gi,
  },
  {
    name: 'evasion',
    strong: true,
    re: /\b(?:evad|avoid|bypass|circumvent|escap|defeat|dodg)\w{0,4}\s(?:detection|antivirus|anti-virus|av\b|edr|ids\b|ips\b|firewalls?|security\s(?:software|controls|measures|products|tools|solutions|monitoring)|endpoint\sprotection|being\s(?:detected|noticed|caught))|\bundetected\b|\bwithout\sbeing\s(?:detected|noticed|caught)|\bcover\w{0,3}\s(?:its|their|the|his|her|your|my)?\s?tracks\b|\bleav\w{0,3}\s(?:no|minimal|few)\s(?:traces?|evidence|footprints?)\b|\banti-?forensics?\b/gi,
  },
  {
    name: 'victim_host',
    strong: true,
    re: new RegExp(
      String.raw`\b(?:on|from|to|into|in|of|within|across)\s(?:the|a|an|each)\s(?:compromised|infected|victim(?:'s)?|hacked|breached|exploited|pwned)\s${HOST}|\battacker(?:'s|s'|-controlled)\s(?:server|machine|host|ip|domain|c2|infrastructure|system|computer)\b|\battacker-controlled\b|\bvictim(?:'s|s')?\s(?:machine|computer|system|device|browser|network|pc|host|server|files|data|account|phone)`,
      'gi',
    ),
  },
  {
    name: 'credential_theft',
    strong: true,
    re: /\b(?:steal|dump|harvest|exfiltrate|grab|sniff|capture)\w{0,3}\s[\w\s]{0,24}?(?:credentials|passwords?|password\shashes|cookies|session\stokens?|tokens|keystrokes|lsass|sam\sdatabase|ntlm\shashes)\b|\bcredential\sdumping\b/gi,
  },
  {
    // Attack techniques as what the code does: "code for SQL injection", "a program to perform a
    // SYN flood", "implementing process hollowing" (not "IPs associated with DDoS attacks").
    name: 'attack_technique',
    strong: true,
    re: /\b(?:for|(?:code|script|program|tool|function|module|payload|malware)\sto|perform\w{0,3}|launch\w{0,3}|execut\w{0,3}|conduct\w{0,3}|carr\w{1,4}\sout|implement\w{0,5}|generat\w{0,3}|creat\w{0,3}|writ\w{0,3}|build\w{0,3}|develop\w{0,3}|mount\w{0,3}|stag\w{0,3}|run\w{0,3}|automat\w{0,3}|demonstrat\w{0,3})\s(?:[\w-]{1,12}\s){0,2}(?:xss|cross-site\sscripting|sql\sinjection|sqli|(?:path|directory)\straversal|man-in-the-middle|mitm|d?dos\sattack|denial[\s-]of[\s-]service|(?:syn|udp|http|icmp|ping)\sflood\w{0,3}|brute[\s-]?forc\w{1,3}|password\scracking|crack\w{0,3}\s(?:the\s|saved\s|wifi\s)?passwords?|credential\sstuffing|rce|remote\scode\sexecution|buffer\soverflow\sattack|heap\sspray\w{0,3}|process\s(?:hollowing|doppelg[aä]nging|injection)|transacted\shollowing|dll\sinjection|reflective\s(?:dll|loader)|shellcode\s(?:loader|injector|runner)|(?:arp|dns)\s(?:spoofing|poisoning)|session\shijacking|clickjacking|keystroke\sinjection)\b/gi,
  },
  {
    name: 'disabling_defences',
    strong: true,
    re: /\bdisabl\w{0,3}\s(?:the\s|all\s|any\s)?(?:windows\s)?(?:defender|antivirus|anti-virus|firewall|uac|user\saccount\scontrol|smartscreen|amsi|edr|security\s(?:software|features|monitoring|updates|logging|alerts|controls)|event\slogging|audit(?:ing|\slogs?)?)\b/gi,
  },
  {
    name: 'exploitation',
    strong: true,
    re: /\bexploit\w{0,3}\s(?:a\s|the\s|known\s|this\s|an?\s)?(?:\w{1,30}\s)?vulnerabilit(?:y|ies)\b|\bzero-day\sexploit|\bapt-style\b|\blateral\smovement\b/gi,
  },
  // Weak: common in legitimate requests; only two different ones together count.
  { name: 'sandbox', strong: false, re: /\bsandbox(?:ed)?\b/gi },
  {
    name: 'malicious_artifact',
    strong: false,
    re: /\bmalicious\s(?:\w{1,20}\s)?(?:code|software|payload|script|macro|program|function|file|link|attachment|load|dll|extension|package|app|binary|executable)s?\b/gi,
  },
  {
    name: 'target_host',
    strong: false,
    re: /\btarget(?:ed)?\s(?:system|machine|host|server|organization|network|environment)s?\b/gi,
  },
  {
    name: 'code_execution',
    strong: false,
    re: /\barbitrary\scode(?:\sexecution)?\b|\bremote\scode\sexecution\b|\bexecut\w{0,3}\s(?:arbitrary|system|shell|os|remote)\scommands?\b|\bexecut\w{0,3}\s(?:the\s)?['"]?(?:id|whoami|uname|ls|cat|sh|bash)['"]?\scommand\b/gi,
  },
  {
    name: 'elevated_rights',
    strong: false,
    re: /\b(?:elevated|root|admin(?:istrator)?|system-level)\s(?:privileges?|permissions|rights)\b/gi,
  },
  {
    name: 'secret_file',
    strong: false,
    re: /\/etc\/(?:shadow|passwd)|'\/root\/'|\bowned\sby\sroot\b/gi,
  },
  {
    name: 'stealth',
    strong: false,
    re: /\bstealth(?:y|ily)?\b|\bsilently\b|\bhidden\sfrom\b|\b(?:clean\w{0,3}\sup|remov\w{0,3}|eras\w{0,3}|delet\w{0,3}|wip\w{0,3})\s(?:all\s)?(?:traces|evidence|footprints)\b/gi,
  },
  { name: 'exploit', strong: false, re: /\bexploits?\b|\bpayloads?\b/gi },
  {
    name: 'autostart',
    strong: false,
    re: /\bsurviv\w{0,3}\s(?:a\s|system\s)?reboots?\b|\bscheduled\stasks?\b|\bcron\s?jobs?\b|\bstartup\sfolder\b|\brun\skeys?\b/gi,
  },
  {
    // Code written to get past a filter: "must not contain any banned statements".
    name: 'filter_evasion',
    strong: false,
    negated: 'still-counts',
    re: /\b(?:banned|prohibited|blacklisted|forbidden|disallowed)\s(?:statements?|functions?|keywords?|modules?|calls?|words?|imports?)\b/gi,
  },
];

/**
 * Words of which at least one occurs in any text the intent cues can score: they gate the request
 * check, so ordinary text costs one look-up.
 */
const INTENT_GATE = [
  'sandbox',
  'escalat',
  'privileg',
  'ransom',
  'keylog',
  'key logger',
  'rootkit',
  'botnet',
  'backdoor',
  'trojan',
  'spyware',
  'stealer',
  'malware',
  'malicious',
  'adware',
  'miner',
  'hijack',
  'infector',
  'injection',
  'traversal',
  'xss',
  'cross-site',
  'man-in-the',
  'mitm',
  'ddos',
  'denial',
  'flood',
  'brute',
  'crack',
  'credential stuff',
  '^rce',
  'remote code',
  'overflow',
  'hollowing',
  'doppelg',
  'shellcode',
  'spoofing',
  'poisoning',
  'clickjack',
  'disabl',
  'worm',
  'virus',
  'dropper',
  'logic bomb',
  'polymorph',
  'propagat',
  'replicat',
  'shell',
  'phishing',
  'credential',
  'exfiltrat',
  '^c2',
  'c&c',
  'and control',
  '-control',
  '& control',
  'persisten',
  'evad',
  'evasion',
  'bypass',
  'circumvent',
  'undetect',
  'forensic',
  'tracks',
  'compromis',
  'infected',
  'victim',
  'hacked',
  'breached',
  'pwned',
  'attacker',
  'steal',
  'keystroke',
  'lsass',
  'exploit',
  'zero-day',
  'apt-style',
  'lateral',
  'escap',
  'breakout',
  'break out',
  'gain root',
];

/**
 * Words that, in the same clause before a cue, make it defensive or negated: "detect phishing
 * e-mails", "no C2", "without evading detection", "protect against ransomware".
 */
const NEGATION = /\b(?:no|not|never|without|nor|free\sof|instead\sof|rather\sthan)\b|n't\b/i;
/** Defensive verbs: they must stand close before the cue (its object), within a few words. */
const DEFENCE_VERB =
  /\b(?:avoid|prevent|detect|identif|flag|block|mitigat|defend|protect|monitor|alert|stop|resist|harden|counter|against|recogni[sz]|spot|report|simulat|warn|fix|patch|cve-\d{4}|test|check|validat|sanitiz|scan|audit|analy[sz]|classif|filter|quarantin|remov|clean|restor|recover|explain|understand|learn|reject|forbid|disallow|enforc|deny|denies)\w{0,6}\b/i;
/** How many characters before a cue a defensive verb may stand. */
const DEFENCE_REACH = 48;
/** Words just after a cue that make it the object of a defence: "phishing e-mail classifier". */
const DEFENSIVE_AFTER =
  /^[\s-]{0,2}(?:detect|classif|filter|scan|awareness|training|simulat|prevention|protection|defen[cs]e|analysis|removal|cleaner)/i;
/** A taxonomy label in parentheses: "(MITRE ATT&CK: Privilege Escalation - TA0004)". */
const LABEL = /^\s{0,2}(?:mitre|att&ck|tactic|technique|category)\b/i;

/** Whether a cue at `start..end` is stated as a purpose, not negated, defended against or a label. */
function statedAsPurpose(text: string, start: number, end: number, negationCounts = true): boolean {
  const before = text.slice(Math.max(0, start - 120), start);
  let cut = -1;
  for (const boundary of ['.', ';', ':', '\n', '('])
    cut = Math.max(cut, before.lastIndexOf(boundary));
  const but = before.toLowerCase().lastIndexOf(' but ');
  if (but >= 0) cut = Math.max(cut, but + 4);
  const clause = before.slice(cut + 1);
  if (negationCounts && NEGATION.test(clause)) return false;
  if (DEFENCE_VERB.test(clause.slice(-DEFENCE_REACH))) return false;
  if (DEFENSIVE_AFTER.test(text.slice(end, end + 30))) return false;
  const paren = before.lastIndexOf('(');
  if (paren >= before.length - 80 && paren >= 0) {
    const inside = before.slice(paren + 1);
    if (!inside.includes(')') && LABEL.test(inside)) return false;
  }
  return true;
}

/** How far before a purpose cue the request to write code may start. */
const REQUEST_REACH = 600;

/** The malicious-code-request finding for a text, if its evidence reaches one. */
function codeRequestFinding(text: string): Finding | undefined {
  if (!CODE_REQUEST.test(text)) return undefined;
  // The purpose must belong to the request: the request comes first (the cue is its object) and
  // not far before it; a cue ahead of any request, or far from it, is text around the request.
  const requested = (start: number, end: number) =>
    CODE_REQUEST.test(text.slice(Math.max(0, start - REQUEST_REACH), end));
  let strong = 0;
  let weak = 0;
  let first: { start: number; end: number } | undefined;
  let firstStrong: { start: number; end: number } | undefined;
  for (let i = 0; i < INTENT_CUES.length; i++) {
    const cue = INTENT_CUES[i]!;
    cue.re.lastIndex = 0;
    // Up to 8 occurrences each: the first one stated as a purpose counts.
    let tries = 0;
    for (let m = cue.re.exec(text); m !== null && tries < 8; m = cue.re.exec(text), tries++) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (!statedAsPurpose(text, span.start, span.end, cue.negated !== 'still-counts')) continue;
      if (!requested(span.start, span.end)) continue;
      if (cue.strong) {
        strong++;
        firstStrong ??= span;
      } else weak++;
      first ??= span;
      break;
    }
  }
  const score = strong >= 2 ? 0.75 : strong === 1 ? 0.65 : weak >= 2 ? 0.55 : 0;
  const span = firstStrong ?? first;
  if (score === 0 || span === undefined) return undefined;
  return {
    category: 'unsafe_code',
    detector: 'unsafe_code.malicious_code_request',
    score,
    severity: severityOf('unsafe_code', score),
    span,
    evidence: excerpt(text, span.start, span.end),
  };
}

// ---- context -----------------------------------------------------------------------------------

/** Param names whose value is a command for a shell-like tool. */
const COMMAND_FIELD =
  /^(?:cmd|command|commands|command_?line|cmdline|script|shell|bash|sh|powershell|code|exec|run|program|args?|argv)$/i;
/** A text that starts like a shell command line. */
const COMMAND_START =
  /^\s{0,4}(?:sudo\s{1,4})?(?:cd|ls|cat|echo|printf|grep|rg|find|curl|wget|git|npm|npx|yarn|pnpm|pip3?|python3?|node|deno|docker|kubectl|make|cargo|go|bash|sh|export|mkdir|cp|mv|tar|ssh|scp|rsync|sed|awk|jq|terraform|aws|gcloud|az|helm|brew|apt(?:-get)?|yum|dnf|systemctl|journalctl|ps|top|tail|head|chmod|chown|touch|ln|du|df|source|\.\/[\w.-]{1,60})\s/;
/**
 * English function words: two of them make a text prose, not a value. Words that are also SQL or
 * payload tokens (`a` in `'a'='a`, `is`, `if`, `for`, `with`) are left out.
 */
const FUNCTION_WORDS =
  /\b(?:the|an|to|are|how|do|does|you|what|why|my|me|this|it|of|can|should|please|would|there|your|we|our|be|was|that)\b/gi;

/**
 * Whether a text reads as prose or a document rather than as one value: several lines, two
 * function words, or one function word in a sentence that ends like one.
 */
function isProse(text: string): boolean {
  if (text.includes('\n')) return true;
  FUNCTION_WORDS.lastIndex = 0;
  if (FUNCTION_WORDS.exec(text) === null) return false;
  return FUNCTION_WORDS.exec(text) !== null || endsLikeSentence(text);
}

function endsLikeSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && text.charCodeAt(i) <= 0x20) i--;
  const c = text.charCodeAt(i);
  return c === 0x2e || c === 0x3f || c === 0x21; // . ? !
}

/**
 * Words of a text that discusses attacks rather than carries one: questions about what a payload
 * does, quotations and examples, defences.
 */
const DISCUSSION =
  /\b(?:what\s(?:does|is|are|do)|explain\w{0,3}|why\s(?:does|do|is|are)|how\s(?:does|do|can|to)|examples?|e\.g\.|such\sas|(?:payloads?|strings?|inputs?)\s(?:like|such)|quot(?:e|es|ed|ing)|fixture|cheat\s?sheet|owasp|waf|postmortem|article|lesson|slide|tutorial|documentation|changelog|detect\w{0,3}|prevent\w{0,3}|block\w{0,3}|escap(?:e|es|ed|ing)|sanitiz\w{0,3}|mitigat\w{0,3}|defen[cs]\w{0,3})\b/i;

function matchContext(view: TextView): MatchContext {
  const prose = isProse(view.text);
  return {
    prose,
    commandLine:
      (view.field !== undefined && COMMAND_FIELD.test(view.field)) || COMMAND_START.test(view.text),
    discussion: prose && DISCUSSION.test(view.text),
  };
}

/** Highest score payload syntax gets in prose that discusses attacks. */
const DISCUSSED = 0.45;

// ---- cues ------------------------------------------------------------------------------------

// Every cue joins the shared keyword pass (`../keywords.ts`) as one presence-only group.
const ALL_CUES = [...new Set([...PAYLOAD_PATTERNS.flatMap((p) => p.cues), ...INTENT_GATE])];
const CUE_GROUP = registerKeywords(ALL_CUES, { presenceOnly: true });
const CUE_INDEX = new Map(ALL_CUES.map((c, i) => [c, i]));

/** For each cue (index in the group): the patterns it gates. */
const GATED: readonly (readonly number[])[] = ALL_CUES.map(() => []);
PAYLOAD_PATTERNS.forEach((p, pi) => {
  for (const c of p.cues) (GATED[CUE_INDEX.get(c)!] as number[]).push(pi);
});
/** 1 for the cues that open the malicious-code-request check. */
const OPENS_REQUEST_CHECK = new Uint8Array(ALL_CUES.length);
for (const c of INTENT_GATE) OPENS_REQUEST_CHECK[CUE_INDEX.get(c)!] = 1;

/** Which patterns may match, and whether the request check runs, for one text. Reused. */
const enabled = new Uint8Array(PAYLOAD_PATTERNS.length);
let requestCheck = false;
let wordsOf: { buffer: ArrayBufferLike; words: Uint32Array } | undefined;

/**
 * Marks the patterns whose cues occur. Reads the group's presence flags four at a time, so a
 * text without cues costs about a hundred word loads whatever the number of cues.
 */
function markEnabled(present: Uint8Array): void {
  enabled.fill(0);
  requestCheck = false;
  if (wordsOf === undefined || wordsOf.buffer !== present.buffer) {
    // Word reads need a 4-byte aligned view; otherwise every byte is read (same result).
    const aligned = present.byteOffset % 4 === 0;
    const words = new Uint32Array(
      present.buffer,
      present.byteOffset,
      aligned ? present.length >> 2 : 0,
    );
    wordsOf = { buffer: present.buffer, words };
  }
  const { words } = wordsOf;
  const first = CUE_GROUP.base;
  const end = first + ALL_CUES.length;
  for (let w = first >> 2; w < (end + 3) >> 2; w++) {
    // Past the whole words, the last bytes are read one by one.
    if (w < words.length && words[w] === 0) continue;
    for (let id = Math.max(first, w << 2); id < Math.min(end, (w << 2) + 4); id++) {
      if (present[id] !== 1) continue;
      const cue = id - first;
      for (const pi of GATED[cue]!) enabled[pi] = 1;
      if (OPENS_REQUEST_CHECK[cue] === 1) requestCheck = true;
    }
  }
}

const PHASE_WEIGHT: Readonly<Record<Phase, number>> = {
  action: 1,
  input: 1,
  tool_result: 0.85,
  output: 0.7,
};

/** At most this many findings per pattern and text. */
const MAX_PER_PATTERN = 16;

/** The unsafe-code detector. */
export const unsafeCodeDetector: Detector = {
  id: 'unsafe_code',
  categories: ['unsafe_code'],
  detect(view) {
    const { text } = view;
    const weight = view.phase === undefined ? 1 : PHASE_WEIGHT[view.phase];
    const out: Finding[] = [];
    markEnabled(lexical(view).present);
    let context: MatchContext | undefined;
    for (let pi = 0; pi < PAYLOAD_PATTERNS.length; pi++) {
      const p = PAYLOAD_PATTERNS[pi]!;
      if (enabled[pi] !== 1 && !(p.alsoWhen?.(text) ?? false)) continue;
      if (p.inProse === 0) {
        // Patterns that only mean something in a value are skipped for prose before they run.
        context ??= matchContext(view);
        if (context.prose) continue;
      }
      p.re.lastIndex = 0;
      let count = 0;
      for (let m = p.re.exec(text); m !== null && count < MAX_PER_PATTERN; m = p.re.exec(text)) {
        if (m[0].length === 0) {
          p.re.lastIndex++;
          continue;
        }
        count++;
        let base = p.score;
        context ??= matchContext(view);
        if (context.commandLine && p.inCommandLine !== undefined) base = p.inCommandLine;
        else if (context.prose)
          base = Math.min(p.inProse ?? base, context.discussion ? DISCUSSED : 1);
        const score = Math.round(base * weight * 100) / 100;
        out.push({
          category: 'unsafe_code',
          detector: `unsafe_code.${p.id}`,
          score,
          severity: severityOf('unsafe_code', score),
          span: { start: m.index, end: m.index + m[0].length },
          evidence: excerpt(text, m.index, m.index + m[0].length),
        });
      }
    }
    const request = requestCheck ? codeRequestFinding(text) : undefined;
    if (request !== undefined) {
      const score = Math.round(request.score * weight * 100) / 100;
      out.push({ ...request, score, severity: severityOf('unsafe_code', score) });
    }
    return out;
  },
};
