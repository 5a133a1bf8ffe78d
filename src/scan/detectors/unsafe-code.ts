/**
 * unsafe_code: dangerous payloads, mainly in tool arguments: destructive shell commands, download-
 * and-execute pipelines, reverse shells, command substitution/chaining, SQL injection, path
 * traversal, unsafe deserialisation, XSS payloads and sandbox escapes (eval/exec/os.system of input).
 * Strength depends on the phase: full on actions and unknown phase, lower in model output, where
 * code usually appears as an explanation.
 */
import type { Phase } from '../../core/check.js';
import type { Finding } from '../../core/finding.js';
import type { Detector } from '../detector.js';
import { excerpt } from '../evidence.js';
import { registerKeywords } from '../keywords.js';
import { lexical } from '../lexical.js';
import { severityOf } from '../severity.js';

interface Pattern {
  readonly id: string;
  readonly re: RegExp;
  readonly score: number;
  /** Lower-case literals; the pattern runs only when one occurs in the text. */
  readonly cues?: readonly string[];
  /** The text must also match this (e.g. a request to write code) for the pattern to count. */
  readonly also?: RegExp;
}

// A request to write code (the object of a malicious-code request).
const CODE_REQUEST =
  /\b(?:write|create|generate|develop|implement|craft|build|design|produce|code|provide)\b[^.?!]{0,80}\b(?:code|script|program|function|tool|malware|exploit|payload|module|snippet|python|implementation)\b/i;

// Every pattern uses bounded repeats and no nested quantifiers.
const PATTERNS: readonly Pattern[] = [
  // Destructive commands.
  {
    id: 'rm_rf_root',
    re: /\brm\s{1,4}(?:-[a-zA-Z]{1,6}\s{1,4}){0,3}-[a-zA-Z]{0,4}[rR][a-zA-Z]{0,4}\s{1,4}(?:-[a-zA-Z-]{1,20}\s{1,4}){0,2}(?:\/|~|\*|\/\*|\$HOME|\/(?:etc|usr|var|home|bin|boot|root)\b)/g,
    score: 0.9,
  },
  { id: 'mkfs', re: /\bmkfs(?:\.[a-z0-9]{2,8})?\s{1,4}\/dev\//g, score: 0.9 },
  {
    id: 'dd_device',
    re: /\bdd\s[^\n]{0,80}\bof=\/dev\/(?:sd|nvme|hd|xvd|vd|disk|mmcblk)/g,
    score: 0.9,
  },
  {
    id: 'fork_bomb',
    re: /:\(\)\s{0,2}\{\s{0,2}:\s{0,2}\|\s{0,2}:\s{0,2}&\s{0,2}\}\s{0,2};\s{0,2}:/g,
    score: 0.95,
  },
  {
    id: 'chmod_root',
    re: /\bchmod\s{1,4}(?:-R\s{1,4})?(?:0?777|a\+rwx)\s{1,4}\/(?:\s|$|etc|usr|var|bin)/g,
    score: 0.8,
  },
  { id: 'overwrite_device', re: />\s{0,2}\/dev\/(?:sd[a-z]|nvme\d|hd[a-z])\b/g, score: 0.85 },
  {
    id: 'shutdown',
    re: /(?:^|[;&|`]\s{0,4})(?:shutdown|reboot|halt|poweroff|init 0)\b/gm,
    score: 0.6,
  },
  // Download and execute.
  {
    id: 'curl_pipe_shell',
    re: /\b(?:curl|wget|fetch)\b[^\n|;]{0,300}\|\s{0,4}(?:sudo\s{1,4})?(?:ba|z|k|da)?sh\b/g,
    score: 0.85,
  },
  {
    id: 'curl_pipe_shell',
    re: /\b(?:ba|z)?sh\s{1,4}(?:-c\s{1,4})?["']?\$\((?:curl|wget)\b/g,
    score: 0.85,
  },
  {
    id: 'powershell_download',
    re: /\b(?:iex|Invoke-Expression)\b[^\n]{0,80}(?:DownloadString|Invoke-WebRequest|iwr|New-Object\s{1,4}Net\.WebClient)/gi,
    score: 0.85,
  },
  // Reverse shells.
  { id: 'reverse_shell', re: /\/dev\/tcp\/[0-9A-Za-z.-]{1,253}\/\d{1,5}/g, score: 0.9 },
  {
    id: 'reverse_shell',
    re: /\b(?:nc|ncat|netcat)\b[^\n]{0,60}\s-[a-z]{0,4}e\s{1,4}\/bin\/(?:ba)?sh\b/g,
    score: 0.9,
  },
  {
    id: 'reverse_shell',
    re: /\bsocket\.socket\([^\n]{0,200}\.connect\(\([^\n]{0,200}(?:subprocess|os\.dup2|pty\.spawn)/g,
    score: 0.9,
  },
  { id: 'reverse_shell', re: /\bmkfifo\b[^\n]{0,80}\b(?:nc|ncat)\b/g, score: 0.85 },
  // Command chaining / substitution into a system command (typical injection payload shapes).
  {
    id: 'command_injection',
    re: /(?:^|[\s'"`;|&)])(?:;|\|\|?|&&?|`|\$\()\s{0,3}(?:\/(?:usr\/)?s?bin\/)?(?:id|whoami|uname|cat\s{1,4}\/etc\/(?:passwd|shadow)|ls\s{1,4}-la?|ping\s{1,4}-[cnid]|nslookup|sleep\s{1,4}\d{1,3}|curl|wget|nc|bash|sh|cmd(?:\.exe)?|powershell|ifconfig|ipconfig|netstat|systeminfo|sysinfo|netsh|net\s{1,4}(?:user|view|localgroup|share)|reg\s{1,4}(?:add|query|delete)\s{1,4}["']?hk(?:lm|cu|ey_\w{1,30})|phpinfo\(\)|perl\s{1,4}-e|dir\s{1,4}c:|type\s{1,4}(?:c:|%\w{2,20}%)|echo\s{1,4}[A-Za-z0-9]{3,40})\b/gim,
    score: 0.8,
  },
  {
    id: 'command_injection',
    re: /\$\{IFS\}|\$IFS\$9|%0a(?:%20| ){0,3}(?:id|whoami|cat|ls|uname)\b|[|;]\s{0,2}\/usr\/bin\/id\b/gi,
    score: 0.8,
  },
  {
    id: 'command_substitution',
    re: /(?:\$\(|`)\s{0,2}(?:touch|ls|cat|id|rm|curl|wget|whoami|uname|sleep|ping|nc|bash|sh|chmod|python3?|perl|nslookup)\b[^`)\n]{0,120}[`)]/g,
    score: 0.75,
  },
  {
    id: 'command_substitution',
    re: /\bsystem\s{0,2}\(?\s{0,2}["'](?:ls|cat|rm|touch|id|whoami|curl|wget|nc|bash|sh)\b/gi,
    score: 0.75,
  },
  // SQL injection.
  {
    id: 'sql_tautology',
    re: /['"`)]\s{0,4}(?:or|and|\|\|)\s{1,4}(?:['"]?\w{1,10}['"]?\s{0,4}(?:=|like)\s{0,4}['"]?\w{1,10}['"]?|\d{1,10}\s{0,2}=\s{0,2}\d{1,10}|true|not\s{1,4}false)/gi,
    score: 0.8,
  },
  { id: 'sql_tautology', re: /\b(?:or|and)\s{1,4}(\d{1,10})\s{0,2}=\s{0,2}\1\b/gi, score: 0.75 },
  {
    id: 'sql_union',
    re: /\bunion\b(?:\s{1,8}|\/\*[^*]{0,40}\*\/){1,4}(?:all\s{1,8})?select\b/gi,
    score: 0.85,
  },
  {
    id: 'sql_stacked',
    re: /;\s{0,4}(?:drop\s{1,4}(?:table|database)|delete\s{1,4}from|truncate\s{1,4}table|insert\s{1,4}into|update\s{1,4}\w{1,64}\s{1,4}set|exec(?:ute)?\s{1,4}(?:xp_|sp_)|shutdown\b)/gi,
    score: 0.85,
  },
  { id: 'sql_comment', re: /\w['"]\s{0,4}(?:\)\s{0,4})?(?:--|#|\/\*)(?=\s|$)/g, score: 0.55 },
  {
    id: 'sql_time',
    re: /\b(?:sleep\s{0,2}\(\s{0,2}\d{1,3}\s{0,2}\)|benchmark\s{0,2}\(\s{0,2}\d{3,12}\s{0,2},|pg_sleep\s{0,2}\(|waitfor\s{1,4}delay\s{1,4}['"])/gi,
    score: 0.8,
  },
  {
    id: 'sql_functions',
    re: /\b(?:extractvalue|updatexml|load_file|into\s{1,4}(?:out|dump)file|information_schema\.(?:tables|columns)|xp_cmdshell|utl_http\.request|dbms_pipe\.receive_message)\b/gi,
    score: 0.85,
  },
  // Path traversal.
  {
    id: 'path_traversal',
    re: /(?:\.\.%2f|%2e%2e(?:%2f|%5c|\/|\\)|\.\.%5c|%252e%252e|\.\.%c0%af|%c0%ae%c0%ae|\.\.\.\.\/\/|\.\.;\/|\.\.\\){1,}/gi,
    score: 0.8,
  },
  {
    id: 'path_traversal',
    re: /(?:\.\.\/){1,16}(?:etc|windows|winnt|boot\.ini|proc|root|var\/log|home|usr)\b/gi,
    score: 0.85,
  },
  // Plain relative paths are common in code; only deep climbs count, and weakly.
  { id: 'path_traversal', re: /(?:\.\.\/){4,}/g, score: 0.55 },
  {
    id: 'sensitive_file',
    re: /(?:^|[\s'"=:(/])(?:\/etc\/(?:passwd|shadow|sudoers|hosts)|\/proc\/self\/(?:environ|cmdline|mem)|c:\\windows\\(?:win\.ini|system32)|\/root\/\.ssh|\.ssh\/id_(?:rsa|ed25519)|boot\.ini|\.aws\/credentials|\.env\b)/gi,
    score: 0.7,
  },
  // Unsafe deserialisation.
  {
    id: 'deserialisation',
    re: /\b(?:pickle|cPickle|_pickle|dill|joblib)\.loads?\s{0,2}\(|\b__reduce(?:_ex)?__\b|\byaml\.(?:load|unsafe_load)\s{0,2}\((?![^)\n]{0,80}SafeLoader)|\bunserialize\s{0,2}\(\s{0,2}\$_(?:GET|POST|REQUEST|COOKIE)|\bMarshal\.load\b|!!python\/object/g,
    score: 0.75,
  },
  // Naming the API alone is weak: it has safe uses.
  {
    id: 'deserialisation',
    re: /\bnew\s{1,4}ObjectInputStream\b|\bBinaryFormatter\b\s{0,2}\(/g,
    score: 0.45,
  },
  // XSS payloads.
  {
    id: 'xss',
    re: /<script\b[^>]{0,200}>|<\/script>|\bon(?:error|load|mouseover|focus|click|toggle|animationstart|pointerover)\s{0,4}=\s{0,4}["']?[^"'\s>]{0,20}(?:alert|prompt|confirm|eval|fetch|document\.|window\.|location|javascript:|\()|\bjavascript:\s{0,4}[a-z(]|<(?:iframe|object|embed|svg|img|body|details)\b[^>]{0,200}\bon[a-z]{3,20}\s{0,4}=|\bsrcdoc\s{0,2}=|<svg\/onload/gi,
    score: 0.8,
  },
  // Sandbox escapes: executing input.
  {
    id: 'exec_input',
    re: /\b(?:os\.system|os\.popen|subprocess\.(?:call|run|Popen|check_output)|commands\.getoutput|pty\.spawn|Runtime\.getRuntime\(\)\.exec|child_process|execSync|spawnSync|Kernel\.exec|Kernel\.system|shell_exec|passthru|proc_open|popen)\s{0,2}\(/g,
    score: 0.65,
  },
  {
    id: 'exec_input',
    re: /\b(?:eval|exec)\s{0,2}\(\s{0,2}(?:input|request\.|req\.|params|argv|sys\.argv|base64|atob|compile|__import__|["'`])/g,
    score: 0.7,
  },
  {
    id: 'exec_input',
    re: /__import__\s{0,2}\(\s{0,2}['"](?:os|subprocess|pty|socket)['"]\s{0,2}\)|__builtins__|__subclasses__\s{0,2}\(\)|__globals__\s{0,2}\[|\.__class__\.__(?:base|mro)__/g,
    score: 0.8,
  },
  // Requests for code that performs an attack (sandbox escape, privilege escalation, malware, C2...).
  {
    id: 'malicious_code_request',
    re: /sandbox (?:escape|breakout)|escap\w{0,6} (?:the |from the |from a )?(?:sandbox|container|jail|chroot|virtual)|container escape|break(?:ing)? out of (?:the |a )?(?:sandbox|container)|privilege escalation|escalat\w{0,4} (?:its |their |the )?privileges|ransomware|keylogger|rootkit|botnet|self-propagating|phishing (?:e-?mails?|campaign|attack|page)|command and control|\bC2\b|persistence (?:technique|mechanism)|maintain (?:persistent )?access|apt-style attack|exploit(?:ing|s)? (?:a |the |known )?vulnerabilit|evade (?:detection|antivirus|edr)|bypass(?:es|ing)? (?:security|antivirus|edr|detection|the sandbox)|exfiltrat|arbitrary code|remote code execution|\bast module/gi,
    score: 0.6,
    also: CODE_REQUEST,
  },
  // Template injection.
  {
    id: 'template_injection',
    re: /\{\{\s{0,4}(?:[^}\n]{0,60}(?:__class__|config\.|self\.|request\.application|cycler|joiner|lipsum|7\s{0,2}\*\s{0,2}7))|\$\{\s{0,2}(?:jndi:|T\(java\.lang\.Runtime\))|<%=?\s{0,4}(?:system|exec|`)/gi,
    score: 0.8,
  },
];

// Literal prefilters per pattern (lower-case; a space stands for any whitespace): a pattern runs
// only when one of its cues occurs.
// Matched by id and, where an id has several patterns, a fragment of the pattern's source.
const CUE_TABLE: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['rm_rf_root', '', ['rm -', 'rm  -']],
  ['mkfs', '', ['mkfs']],
  ['dd_device', '', ['of=/dev/']],
  ['fork_bomb', '', [':()']],
  ['chmod_root', '', ['chmod']],
  ['overwrite_device', '', ['/dev/']],
  ['shutdown', '', ['shutdown', 'reboot', 'halt', 'poweroff', 'init 0']],
  ['curl_pipe_shell', '', ['curl', 'wget', 'fetch']],
  ['powershell_download', '', ['iex', 'invoke-expression']],
  ['reverse_shell', 'tcp', ['/dev/tcp/']],
  ['reverse_shell', 'netcat', ['nc ', 'ncat', 'netcat']],
  ['reverse_shell', 'socket', ['socket.socket']],
  ['reverse_shell', 'mkfifo', ['mkfifo']],
  ['command_injection', 'IFS', ['$ifs', '$' + '{ifs}', '%0a', '/usr/bin/id']],
  ['command_injection', '', [';', '|', '&', '`', '$(']],
  ['command_substitution', 'system', ['system(', 'system (', 'system "', "system '"]],
  ['command_substitution', '', ['$(', '`']],
  ['sql_tautology', '\\1', ['=']],
  [
    'sql_tautology',
    '',
    ["' or", "' and", '" or', '" and', "'or", '"or', ') or', ') and', ')or', "'||", '"||', "' ||"],
  ],
  ['sql_union', '', ['union']],
  ['sql_stacked', '', [';']],
  ['sql_comment', '', ['--', '#', '/*']],
  ['sql_time', '', ['sleep', 'benchmark', 'waitfor']],
  [
    'sql_functions',
    '',
    [
      'extractvalue',
      'updatexml',
      'load_file',
      'outfile',
      'dumpfile',
      'information_schema',
      'xp_cmdshell',
      'utl_http',
      'dbms_pipe',
    ],
  ],
  ['path_traversal', '{4,}', ['../../../../']],
  ['path_traversal', 'windows|winnt', ['../']],
  ['path_traversal', '', ['..%', '%2e', '%252e', '%c0', '....//', '..;/', '..\\']],
  [
    'sensitive_file',
    '',
    [
      '/etc/',
      '/proc/self',
      'c:\\windows',
      '/root/.ssh',
      '.ssh/id_',
      'boot.ini',
      '.aws/credentials',
      '.env',
    ],
  ],
  ['deserialisation', 'ObjectInputStream', ['objectinputstream', 'binaryformatter']],
  [
    'deserialisation',
    '',
    ['pickle', 'dill.', 'joblib.', '__reduce', 'yaml.', 'unserialize', 'marshal.load', '!!python'],
  ],
  [
    'xss',
    '',
    [
      '<',
      'javascript:',
      'srcdoc',
      'onerror',
      'onload',
      'onmouse',
      'onfocus',
      'onclick',
      'ontoggle',
      'onanimation',
      'onpointer',
    ],
  ],
  [
    'exec_input',
    'system',
    [
      'os.system',
      'os.popen',
      'subprocess.',
      'commands.getoutput',
      'pty.spawn',
      'runtime.getruntime',
      'child_process',
      'execsync',
      'spawnsync',
      'kernel.',
      'shell_exec',
      'passthru',
      'proc_open',
      'popen',
    ],
  ],
  [
    'exec_input',
    '__builtins__',
    ['__import__', '__builtins__', '__subclasses__', '__globals__', '__class__'],
  ],
  ['exec_input', '', ['eval(', 'exec(', 'eval (', 'exec (']],
  ['template_injection', '', ['{{', '$' + '{', '<%']],
  [
    'malicious_code_request',
    '',
    [
      'sandbox',
      'container escape',
      'escape the',
      'escape from',
      'escaping',
      'break out',
      'breaking out',
      'privilege',
      'escalat',
      'ransomware',
      'keylogger',
      'rootkit',
      'botnet',
      'self-propagating',
      'phishing',
      'command and control',
      'c2',
      'persistence technique',
      'persistence mechanism',
      'maintain access',
      'maintain persistent',
      'apt-style',
      'vulnerabilit',
      'evade',
      'bypass',
      'exfiltrat',
      'arbitrary code',
      'remote code',
      'ast module',
    ],
  ],
];
const PATTERNS_WITH_CUES: readonly Pattern[] = PATTERNS.map((p) => {
  const row = CUE_TABLE.find(([id, frag]) => id === p.id && p.re.source.includes(frag));
  return row === undefined ? p : { ...p, cues: row[2] };
});

// Every cue joins the shared keyword pass (`../keywords.ts`); a space there matches any whitespace.
const ALL_CUES = [...new Set(CUE_TABLE.flatMap(([, , cues]) => cues))];
const CUES = registerKeywords(ALL_CUES, { presenceOnly: true });
const CUE_INDEX = new Map(ALL_CUES.map((c, i) => [c, CUES.base + i]));
const PATTERN_CUES: ReadonlyArray<readonly number[] | undefined> = PATTERNS_WITH_CUES.map((p) =>
  p.cues?.map((c) => CUE_INDEX.get(c)!),
);

const PHASE_WEIGHT: Readonly<Record<Phase, number>> = {
  action: 1,
  input: 1,
  tool_result: 0.85,
  output: 0.7,
};

/** The unsafe-code detector. */
export const unsafeCodeDetector: Detector = {
  id: 'unsafe_code',
  categories: ['unsafe_code'],
  detect(view) {
    const { text } = view;
    const weight = view.phase === undefined ? 1 : PHASE_WEIGHT[view.phase];
    const out: Finding[] = [];
    const { present } = lexical(view);
    for (let pi = 0; pi < PATTERNS_WITH_CUES.length; pi++) {
      const p = PATTERNS_WITH_CUES[pi]!;
      const cues = PATTERN_CUES[pi];
      if (cues !== undefined && !cues.some((k) => present[k] === 1)) continue;
      if (p.also !== undefined && !p.also.test(text)) continue;
      p.re.lastIndex = 0;
      let count = 0;
      for (let m = p.re.exec(text); m !== null && count < 16; m = p.re.exec(text)) {
        if (m[0].length === 0) {
          p.re.lastIndex++;
          continue;
        }
        count++;
        const score = Math.round(p.score * weight * 100) / 100;
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
    return out;
  },
};
