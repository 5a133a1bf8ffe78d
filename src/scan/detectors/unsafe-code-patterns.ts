/**
 * Payload patterns of the unsafe_code detector: the syntax of attacks written into a value (shell
 * and SQL injection, traversal, template and markup injection, webshells) and of commands that are
 * dangerous on their own (destruction, download-and-run, reverse shells, defence tampering).
 *
 * Every pattern is a V8 regex with bounded repeats, gated by lower-case literal cues from the
 * shared keyword pass (keyword syntax: a space matches any whitespace unit, a leading `^` requires
 * a word start): it runs only when one of its cues occurs. Cues are short and, where the syntax
 * allows, start with punctuation (`;i`, `(select`, `_cmdshell`): every cue adds states to the
 * automaton that all detectors share, and cues that start like English words slow it on prose.
 */

/** Where a match sits, for patterns whose strength depends on it (see `PayloadPattern`). */
export interface MatchContext {
  /** The text reads as prose or a document (sentences, several lines), not as one value. */
  readonly prose: boolean;
  /** The text is a shell command line given to a shell-like tool (or starts like one). */
  readonly commandLine: boolean;
  /**
   * The text is prose that discusses attacks (asks what a payload does, quotes it as an example,
   * explains a defence): payload syntax in it is shown, not used.
   */
  readonly discussion: boolean;
}

/** A payload pattern. */
export interface PayloadPattern {
  /** Finding detector suffix: `unsafe_code.<id>`. */
  readonly id: string;
  readonly re: RegExp;
  readonly score: number;
  /** Lower-case cues (keyword syntax); the pattern runs only when one of them occurs. */
  readonly cues: readonly string[];
  /** Score when the text is prose or a document: the syntax is then usually shown, not used. */
  readonly inProse?: number;
  /** Score inside a shell command line, where chaining and substitution are ordinary syntax. */
  readonly inCommandLine?: number;
  /** The pattern also runs, without a cue, when this holds for the text (read in O(1)). */
  readonly alsoWhen?: (text: string) => boolean;
}

// ---- shared pieces -----------------------------------------------------------------------------

/** Commands an injected payload runs first: they only print who and where the shell is. */
const RECON =
  'id|whoami|uname|hostname|ifconfig|ipconfig|netstat|systeminfo|sysinfo|pwd|tasklist|printenv|env|ps|ls|dir|ver';

/**
 * What may follow a bare command: the end of the value, another separator, a closing quote or
 * paren, an encoded newline, or a flag. A pipe counts only when glued (`|id|`), so markdown table
 * cells (`| id |`) do not.
 */
const END = String.raw`(?=\||[ \t]{0,3}(?:$|[;&\x60)'"<>\r\n#]|%0[ad]|%00|%2[06]|%3b|%7c|\\n|-{1,2}[a-z]|\/[a-z?]))`;

/** A path argument: absolute, home, relative, a Windows drive, an environment variable or a glob. */
const PATH_ARG = String.raw`(?:\/|~|\.{1,2}[\/\\]|[a-z]:[\/\\]|%[a-z_]{2,24}%|\$[a-z_{]|\\\\|\*)`;

/** Calls of the command runners the `exec_input` patterns name (os.system, subprocess, exec…). */
const RUNNER_CUES = [
  'system(',
  'popen(',
  'call(',
  'run(',
  'check_output',
  'getoutput',
  'exec(',
  '_process',
  'execsync',
  '_exec(',
  'passth',
  '_open(',
];

/** One command as an injected payload runs it, with the argument shape that makes it a command. */
const COMMAND = [
  // Optional absolute path to the binary.
  String.raw`(?:(?:\/usr)?\/s?bin\/|c:\\windows\\system32\\)?(?:`,
  `(?:${RECON})${END}`,
  String.raw`|(?:cat|more|less|head|tail|nl|tac|type|strings|xxd|base64|ls|dir|find|touch|rm|cp|mv|chmod|chown)(?:[ \t<]|%20)[ \t\w%-]{0,24}?${PATH_ARG}`,
  String.raw`|ps[ \t]{1,4}(?:aux|-[a-z]{1,4})\b|ip[ \t]{1,4}(?:a|addr|address|link|route|r|neigh)\b`,
  String.raw`|ping[ \t]{1,4}(?:-[a-z]{1,3}\b|\d{1,3}\.\d|[$\x60]|[a-z0-9-]{1,63}\.[a-z0-9-]{2,63}\b|localhost)`,
  String.raw`|sleep[ \t]{1,4}\d|timeout[ \t]{1,4}\/t\b`,
  String.raw`|(?:nslookup|dig)[ \t]{1,4}[\w$\x60-]`,
  String.raw`|(?:curl|wget)[ \t]{1,4}(?:-|https?:|ftp:|\d{1,3}\.\d|[$\x60]|[a-z0-9-]{1,63}\.[a-z]{2,24}\b)`,
  String.raw`|(?:nc|ncat|netcat|telnet|socat)[ \t]{1,4}(?:-[a-z]{1,4}\b|\d{1,3}\.\d|[a-z0-9-]{1,63}\.[a-z]{2,24}\b)`,
  String.raw`|(?:bash|sh|zsh|ksh|dash|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)(?:[ \t]{1,4}(?:-[a-z]{1,16}\b|\/[ck]\b)|${END})`,
  String.raw`|(?:perl|python[23]?|ruby|php|node|lua)[ \t]{1,4}-[ecr]\b`,
  String.raw`|echo[ \t]{1,4}[^\s;|&]{1,60}[ \t]{0,3}(?:$|[;|&>\x60]|%0a|\\n)`,
  String.raw`|net1?[ \t]{1,4}(?:user|users|localgroup|group|view|share|session|accounts|use)\b`,
  String.raw`|reg(?:\.exe)?[ \t]{1,4}(?:add|query|delete|save|export)\b`,
  String.raw`|(?:wmic|certutil|bitsadmin|mshta|rundll32|regsvr32|schtasks|vssadmin|wevtutil|bcdedit|netsh|cscript|wscript)\b`,
  String.raw`|(?:system|exec|shell_exec|passthru|popen|proc_open|eval|assert|phpinfo)[ \t]{0,2}\(`,
  ')',
].join('');

/** Spaces a payload puts between a separator and its command (literal, URL-encoded, `$IFS`). */
const GAP = String.raw`(?:[ \t]|%20|\+|\$\{ifs\}|\$ifs\$9){0,3}`;

/**
 * Command names that are also common words or short tokens ("id", "type", "more", "cat"): a
 * separator written just before one is the cue (`;id`, `| cat`, `&type`).
 */
const COMMON_HEADS = [
  'id',
  'pwd',
  'env',
  'ps',
  'ls',
  'dir',
  'cat',
  'more',
  'less',
  'head',
  'tail',
  'nl',
  'tac',
  'type',
  'strings',
  'find',
  'touch',
  'rm',
  'cp',
  'mv',
  'ping',
  'sleep',
  'timeout',
  'dig',
  'ip',
  'ver',
  'nc',
  'sh',
  'bash',
  'zsh',
  'ksh',
  'dash',
  'cmd',
  'echo',
  'net',
  'reg',
  'system',
  'exec',
  'eval',
  'assert',
  'node',
  'ruby',
  'php',
  'perl',
  'python',
  'lua',
  'popen',
];

/** Command names rare enough in ordinary text to be cues on their own. */
const DISTINCT_HEADS = [
  'whoami',
  'uname',
  'hostname',
  'ifconfig',
  'ipconfig',
  'netstat',
  'systeminfo',
  'sysinfo',
  'tasklist',
  'printenv',
  'xxd',
  'base64',
  'chmod',
  'chown',
  'nslookup',
  'curl',
  'wget',
  'ncat',
  'netcat',
  'telnet',
  'socat',
  'powershell',
  'pwsh',
  'wmic',
  'certutil',
  'bitsadmin',
  'mshta',
  'rundll32',
  'regsvr32',
  'schtasks',
  'vssadmin',
  'wevtutil',
  'bcdedit',
  'netsh',
  'cscript',
  'wscript',
  'shell_exec',
  'passthru',
  'proc_open',
  'phpinfo',
  '/bin/',
  '/usr/',
  '/sbin/',
  'c:\\windows',
];

/**
 * Cues for "separator, then a command": the separator, an optional space and the first letter
 * (two after `&` or a space, since code writes `&x` and prose `; x` all the time) of a command.
 * Short cues keep the shared keyword automaton small; the regex decides.
 */
function separatorCues(separator: string): string[] {
  const heads = [...COMMON_HEADS, ...DISTINCT_HEADS];
  const gluedLength = separator === '&' ? 2 : 1;
  const glued = heads.map((h) => separator + h.slice(0, gluedLength));
  const spaced = heads.map((h) => `${separator} ${h.slice(0, 2)}`);
  return [...new Set([...glued, ...spaced, `${separator}%2`])];
}

/** Whether a value starts with a backtick, after at most three spaces. */
function startsWithBacktick(text: string): boolean {
  for (let i = 0; i < 4 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x60) return true;
    if (c > 0x20) return false;
  }
  return false;
}

/**
 * Whether the whole text looks like one path (a file-name param): one short line that starts
 * with `/`, `\`, `.`, `~`, a drive letter, or a name followed by a separator.
 */
function isPathValue(text: string): boolean {
  if (text.length > 300) return false;
  let i = 0;
  while (
    i < 3 &&
    (text.charCodeAt(i) <= 0x20 || text.charCodeAt(i) === 0x22 || text.charCodeAt(i) === 0x27)
  )
    i++;
  const c = text.charCodeAt(i);
  // `/`, `\`, `.`, `~`, or a drive letter (`c:`), or a short name followed by a separator.
  if (c === 0x2f || c === 0x5c || c === 0x2e || c === 0x7e) return !text.includes('\n');
  if (text.charCodeAt(i + 1) === 0x3a) return !text.includes('\n');
  for (let j = i; j < i + 41 && j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x2f || d === 0x5c) return j > i && !text.includes('\n');
    const nameChar = (d | 0x20) >= 0x61 && (d | 0x20) <= 0x7a;
    if (!(nameChar || (d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x2d || d === 0x5f))
      return false;
  }
  return false;
}

/** Whether a value starts with `or`, `and`, `xor`, `||` or `&&` (after quotes, parens, spaces). */
function startsWithBooleanOperator(text: string): boolean {
  let i = 0;
  while (i < 4 && i < text.length && isOpening(text.charCodeAt(i))) i++;
  const c0 = text.charCodeAt(i) | 0x20;
  const c1 = text.charCodeAt(i + 1) | 0x20;
  const c2 = text.charCodeAt(i + 2) | 0x20;
  const c3 = text.charCodeAt(i + 3);
  if (c0 === 0x7c && c1 === 0x7c) return true; // ||
  if (text.charCodeAt(i) === 0x26 && text.charCodeAt(i + 1) === 0x26) return true; // &&
  if (c0 === 0x6f && c1 === 0x72) return c2 === 0x20 || text.charCodeAt(i + 2) === 0x09; // or
  const isAnd = c0 === 0x61 && c1 === 0x6e && c2 === 0x64; // and
  const isXor = c0 === 0x78 && c1 === 0x6f && c2 === 0x72; // xor
  return (isAnd || isXor) && (c3 === 0x20 || c3 === 0x09);
}

/** Whitespace, quotes and parens that may open a payload. */
function isOpening(c: number): boolean {
  return c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x28 || c === 0x29;
}

/** Whether a value starts with a separator, after at most three quotes, parens or spaces. */
function startsWithSeparator(text: string): boolean {
  for (let i = 0; i < 4 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3b || c === 0x7c || c === 0x26) return true; // ; | &
    // Whitespace, quotes, parens and `*` may come first (`'; id`, `*; ls`).
    if (!(c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x28 || c === 0x29 || c === 0x2a))
      return false;
  }
  return false;
}

/** Cue helper: the digit-operator pairs (`1=`, `1 =`) that gate numeric comparisons. */
const DIGIT_EQUALS = [...'0123456789'].flatMap((d) => [`${d}=`, `${d} =`]);

// ---- the patterns ------------------------------------------------------------------------------

/** All payload patterns, compiled once. */
export const PAYLOAD_PATTERNS: readonly PayloadPattern[] = [
  // -- Destructive commands.
  {
    id: 'rm_rf_root',
    re: /\brm\s{1,4}(?:-[a-zA-Z]{1,6}\s{1,4}){0,3}-[a-zA-Z]{0,4}[rR][a-zA-Z]{0,4}\s{1,4}(?:-[a-zA-Z-]{1,20}\s{1,4}){0,2}(?:\/|~|\*|\/\*|\$HOME|\/(?:etc|usr|var|home|bin|boot|root)\b)/g,
    score: 0.9,
    cues: ['rm -'],
  },
  { id: 'mkfs', re: /\bmkfs(?:\.[a-z0-9]{2,8})?\s{1,4}\/dev\//g, score: 0.9, cues: ['mkfs'] },
  {
    id: 'dd_device',
    re: /\bdd\s[^\n]{0,80}\bof=\/dev\/(?:sd|nvme|hd|xvd|vd|disk|mmcblk)/g,
    score: 0.9,
    cues: ['of=/d'],
  },
  {
    id: 'fork_bomb',
    re: /:\(\)\s{0,2}\{\s{0,2}:\s{0,2}\|\s{0,2}:\s{0,2}&\s{0,2}\}\s{0,2};\s{0,2}:/g,
    score: 0.95,
    cues: [':()'],
  },
  {
    id: 'chmod_root',
    re: /\bchmod\s{1,4}(?:-R\s{1,4})?(?:0?777|a\+rwx)\s{1,4}\/(?:\s|$|etc|usr|var|bin)/g,
    score: 0.8,
    cues: ['chmod'],
  },
  {
    id: 'overwrite_device',
    re: />\s{0,2}\/dev\/(?:sd[a-z]\b|nvme\d|hd[a-z]\b|xvd[a-z]\b|vd[a-z]\b|mmcblk\d|disk\d)|>\s{0,2}\/proc\/sysrq-trigger\b/g,
    score: 0.85,
    cues: ['/dev/', 'sysrq'],
  },
  {
    id: 'shutdown',
    re: /(?:^|[;&|`]\s{0,4})(?:shutdown(?:\s{1,4}(?:-[a-z]{1,2}|\/[sfrt]|now)\b|(?=\s{0,2}(?:$|[;&|`])))|(?:reboot|poweroff)(?:\s{1,4}(?:-[a-z]{1,2}|now)\b|(?=\s{0,2}(?:$|[;&|`]))))/gm,
    score: 0.6,
    cues: ['shutd', 'reboot', 'powero'],
    inProse: 0.4,
  },
  {
    id: 'destructive_command',
    re: /\b(?:kubectl\s{1,4}delete\s{1,4}(?:ns|namespaces?|all)\b|kubectl\s{1,4}delete\b[^\n;|&]{0,80}\s--all\b|terraform\s{1,4}destroy\b|aws\s{1,4}s3\s{1,4}rb\b|aws\s{1,4}s3\s{1,4}rm\s{1,4}s3:\/\/\S{1,200}\s{1,4}--recursive|gsutil\s{1,4}(?:-m\s{1,4})?rm\s{1,4}-r|format\s{1,4}[a-z]:(?=\s|$|\/)|rd\s{1,4}\/s\s{1,4}\/q\s{1,4}[a-z]:\\(?:\s|$|\*|windows)|del\s{1,4}\/[fsqa][\s/fsqa]{0,16}[a-z]:\\\*?(?:\s|$)|remove-item\s[^\n]{0,60}-recurse[^\n]{0,60}[a-z]:\\(?:\s|$|\*|windows|users|program files)|chown\s{1,4}-R\s{1,4}\S{1,40}\s{1,4}\/(?=\s|$)|find\s{1,4}\/\s[^\n;|&]{0,120}\s(?:-delete\b|-exec\s{1,4}rm\b)|kill\s{1,4}-(?:9|kill|sigkill)\s{1,4}-1\b|wipefs\s{1,4}-a|shred\s[^\n]{0,40}\/dev\/)/gi,
    score: 0.6,
    cues: [
      'kubect',
      'terraf',
      'aws s3',
      'gsutil',
      'format',
      ' /q',
      ' /f',
      '-recurse',
      'wipefs',
      'shred',
      ' /s',
      'chown -r',
      'find /',
      ' -1',
    ],
  },
  {
    // Code that deletes system folders or the whole disk (Python, Node, Ruby, .NET).
    id: 'destructive_command',
    re: /(?:shutil\.rmtree|os\.(?:remove|unlink|rmdir|removedirs)|fs(?:\.promises)?\.(?:rmSync|rm|rmdirSync|rmdir|unlinkSync|unlink)|FileUtils\.rm_rf?|Directory\.Delete|File\.Delete)\s{0,2}\(\s{0,2}['"](?:\/|~\/?|\$HOME\/?|[a-z]:\\{1,2})(?:(?:etc|usr|bin|sbin|boot|root|var|home|lib|lib64|opt|windows|system32|users)(?=['"/\\]))?['"/\\]/gi,
    score: 0.75,
    cues: [
      'rmtree',
      '.remove(',
      '.unlink(',
      'rmsync',
      'rmdir',
      '.rm(',
      'rm_rf',
      'unlinksync',
      '.delete(',
    ],
    inProse: 0.45,
  },
  {
    // Statements that change every row (a WHERE that is always true), grant everything to anyone.
    id: 'destructive_sql',
    re: /\b(?:update|delete)\b[^;\n]{0,200}\bwhere\s{1,4}(?:1\s{0,2}=\s{0,2}1|true|'1'\s{0,2}=\s{0,2}'1')\s{0,2}(?:;|$|--)|\bgrant\s{1,4}all\s{1,4}privileges\s{1,4}on\s{1,4}\*\.\*/gi,
    score: 0.6,
    cues: [...DIGIT_EQUALS, 'where true', "'1'='1", 'all privileges'],
    inProse: 0.4,
  },
  {
    // A force-push over the main branch: rewrites shared history.
    id: 'destructive_command',
    re: /\bgit\s{1,4}push\s[^\n;|&]{0,60}(?:--force(?!-with-lease)\b|\s-f\b)[^\n;|&]{0,60}\b(?:main|master)\b|\bgit\s{1,4}push\s[^\n;|&]{0,60}\b(?:main|master)\b[^\n;|&]{0,20}(?:--force(?!-with-lease)\b|\s-f\b)/g,
    score: 0.55,
    cues: ['--force', ' -f'],
    inProse: 0.4,
  },
  {
    // A statement that destroys a whole table or database, at the start of a value or stacked.
    id: 'destructive_sql',
    re: /(?:^[\s'"`]{0,3}|;\s{0,4})(?:drop\s{1,4}(?:table|database|schema)\b|truncate\s{1,4}table\b|delete\s{1,4}from\s{1,4}[\w."`[\]]{1,64}\s{0,4}(?:;|$))/gi,
    score: 0.6,
    cues: ['drop ', 'trunca', 'delete f'],
  },

  // -- Packages from outside the registries (supply-chain): a plaintext or bare-IP source, or a
  // pip host exempted from TLS checks. A tarball on another HTTPS host is common (vendor wheels,
  // GitHub archives): reported below the threshold.
  {
    id: 'untrusted_package_source',
    re: /\b(?:npm|pnpm|yarn|pip3?|uv\s+pip|poetry|gem|cargo)\s{1,4}(?:install|i|add)\b[^\n;&|]{0,120}?(?:\s(?:--(?:extra-)?index-url|--registry|--source|-i)[= ]\s{0,2}|\s(?:git\+)?)http:\/\/(?!(?:localhost|127\.0\.0\.1)[:/])\S{3,200}|\b(?:npm|pnpm|yarn|pip3?|uv\s+pip|poetry|gem|cargo)\s{1,4}(?:install|i|add)\b[^\n;&|]{0,120}?\s(?:(?:--(?:extra-)?index-url|--registry|--source|-i)[= ]\s{0,2})?(?:git\+)?https?:\/\/\d{1,3}(?:\.\d{1,3}){3}\S{0,200}|\bpip3?\s{1,4}install\b[^\n;&|]{0,120}?\s--trusted-host\b/g,
    score: 0.7,
    cues: ['npm ', 'pnpm ', 'yarn ', 'pip ', 'pip3 ', 'poetry ', 'gem ', 'cargo '],
  },
  {
    id: 'untrusted_package_source',
    re: /\b(?:npm|pnpm|yarn|pip3?|uv\s+pip)\s{1,4}(?:install|i|add)\b[^\n;&|]{0,120}?\s(?:--(?:extra-)?index-url[= ]\s{0,2}|--registry[= ]\s{0,2}|git\+)?https:\/\/(?!(?:registry\.npmjs\.org|registry\.yarnpkg\.com|npm\.pkg\.github\.com|pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org)[:/])\S{3,200}/g,
    score: 0.45,
    cues: ['npm ', 'pnpm ', 'yarn ', 'pip ', 'pip3 '],
  },
  // -- Download and execute.
  {
    id: 'curl_pipe_shell',
    re: /\b(?:curl|wget|fetch)\b[^\n|;]{0,300}\|\s{0,4}(?:sudo\s{1,4})?(?:ba|z|k|da)?sh\b/g,
    score: 0.85,
    cues: ['curl', 'wget', 'fetch'],
  },
  {
    // Decode and run: base64 -d | sh.
    id: 'curl_pipe_shell',
    re: /\bbase64\s{1,4}(?:-d|--decode|-D)\b[^|\n]{0,200}\|\s{0,4}(?:sudo\s{1,4})?(?:ba|z|k|da)?sh\b/g,
    score: 0.85,
    cues: ['base64 -', 'base64 --'],
  },
  {
    id: 'curl_pipe_shell',
    re: /\b(?:ba|z)?sh\s{1,4}(?:-c\s{1,4})?["']?\$\((?:curl|wget)\b/g,
    score: 0.85,
    cues: ['$('],
  },
  {
    id: 'powershell_download',
    re: /\b(?:iex|Invoke-Expression)\b[^\n]{0,80}(?:DownloadString|Invoke-WebRequest|iwr|New-Object\s{1,4}Net\.WebClient)/gi,
    score: 0.85,
    cues: ['iex', '-expression'],
  },
  {
    // Windows programs that fetch and run code (living off the land), and hidden encoded PowerShell.
    id: 'lolbin_download',
    re: /\bcertutil(?:\.exe)?\s[^\n]{0,40}-urlcache\b|\bbitsadmin(?:\.exe)?\s[^\n]{0,40}\/transfer\b|\bmshta(?:\.exe)?\s{1,4}(?:https?:|vbscript:|javascript:)|\bregsvr32(?:\.exe)?\s[^\n]{0,40}\/i:\s{0,2}https?:|\brundll32(?:\.exe)?\s[^\n]{0,40}javascript:|\b(?:powershell|pwsh)(?:\.exe)?\s[^\n]{0,80}\s-(?:e|ec|enc|encodedcommand)\s{1,4}[A-Za-z0-9+/=]{20}|\b(?:powershell|pwsh)(?:\.exe)?\s[^\n]{0,80}\s-w(?:indowstyle)?\s{1,4}hidden\b/gi,
    score: 0.8,
    cues: [
      '-urlcache',
      'bitsadmin',
      'mshta',
      'regsvr',
      'javascript:',
      'vbscript:',
      '-e ',
      '-ec ',
      '-enc',
      '-w h',
      '-windowst',
    ],
  },

  // -- Reverse shells.
  {
    id: 'reverse_shell',
    re: /\/dev\/(?:tcp|udp)\/[0-9A-Za-z.-]{1,253}\/\d{1,5}/g,
    score: 0.9,
    cues: ['/dev/'],
  },
  {
    id: 'reverse_shell',
    re: /\b(?:nc|ncat|netcat)\b[^\n]{0,60}\s-[a-z]{0,4}[ec]\s{1,4}(?:\/bin\/(?:ba)?sh|cmd(?:\.exe)?|powershell)\b/g,
    score: 0.9,
    cues: ['bin/sh', 'bin/bash', '-e cmd', '-c cmd', '-e powershell'],
  },
  {
    id: 'reverse_shell',
    re: /\bsocket\.socket\([^\n]{0,200}\.connect\(\([^\n]{0,200}(?:subprocess|os\.dup2|pty\.spawn)/g,
    score: 0.9,
    cues: ['socket'],
  },
  {
    id: 'reverse_shell',
    re: /\bmkfifo\b[^\n]{0,80}\b(?:nc|ncat)\b/g,
    score: 0.85,
    cues: ['mkfifo'],
  },
  {
    id: 'reverse_shell',
    re: /\bfsockopen\s{0,2}\([^\n]{0,120}(?:exec|proc_open|shell_exec|system|popen|\/bin\/(?:ba)?sh)|\bruby\s{1,4}-rsocket\b|\buse\s{1,4}Socket;[^\n]{0,200}exec|Net\.Sockets\.TCPClient\s{0,2}\(|\bsocat\b[^\n]{0,80}\bexec:['"]?(?:\/bin\/)?(?:ba|z)?sh\b|\bpty\.spawn\s{0,2}\(\s{0,2}["']\/bin\/(?:ba)?sh/gi,
    score: 0.85,
    cues: ['fsocko', '-rsock', 'socket;', 'tcpclient', 'socat', 'spawn('],
  },

  // -- Command injection: a separator, then a command with the shape of one.
  {
    // Shapes that only injection produces: the value starts with a separator, or the separator
    // is encoded (URL-encoded, or an escaped newline written into a string).
    id: 'command_injection',
    re: new RegExp(
      String.raw`(?:^[\s'"()*]{0,3}(?:;|\|{1,2}|&{1,2})|%0[ad]|%3b|%7c|%26|\\n)${GAP}${COMMAND}`,
      'gi',
    ),
    score: 0.8,
    cues: ['%0a', '%0d', '%3b', '%7c', '%26', ...separatorCues('\\n')],
    alsoWhen: startsWithSeparator,
  },
  // Any other chaining: ordinary in a command line and in shell how-tos, a payload in a value.
  // One regex per separator, so each starts with a literal that V8 scans for quickly.
  ...(
    [
      [';', String.raw`(?<!&#?\w{1,8});`],
      ['|', String.raw`\|{1,2}`],
      ['&', '&{1,2}'],
    ] as const
  ).map(
    ([separator, source]): PayloadPattern => ({
      id: 'command_injection',
      re: new RegExp(`${source}${GAP}${COMMAND}`, 'gi'),
      score: 0.8,
      cues: separatorCues(separator),
      inProse: 0.45,
      inCommandLine: 0.35,
    }),
  ),
  {
    id: 'command_injection',
    re: /\$\{IFS[^}\s]{0,6}\}|\$IFS\$9/gi,
    score: 0.8,
    cues: ['{ifs}', '$ifs$'],
  },
  {
    // Commands written without spaces: brace expansion ({cat,/etc/passwd}) and wildcard paths
    // (/???/??t for /bin/cat).
    id: 'command_injection',
    re: /\{(?:cat|ls|id|whoami|uname|nc|wget|curl|bash|sh|echo|ping|head|tail|more|less)\s{0,2},(?:\/|-|\.{1,2}\/)[^}\s]{0,100}\}|(?:\/[a-z*]{0,3}\?[?*a-z]{0,3}){2,6}(?=[\s/]|$)/gi,
    score: 0.75,
    cues: [
      '{ca',
      '{ls',
      '{id',
      '{wh',
      '{un',
      '{nc',
      '{wg',
      '{cu',
      '{ba',
      '{sh',
      '{ec',
      '{pi',
      '{he',
      '{ta',
      '{mo',
      '{le',
      '/?',
      '/*?',
      '/a?',
      '/b?',
      '/c?',
      '/e?',
      '/p?',
      '/u?',
    ],
  },
  {
    // Shellshock: a function definition smuggled into an environment variable.
    id: 'shellshock',
    re: /(?:^|[\s='":])\(\)\s{0,3}\{\s{0,3}[:_a-z]{0,3}\s{0,3};\s{0,3}\}\s{0,3};/gi,
    score: 0.9,
    cues: ['{ :;', '{:;', '{ :', '{ _;', '{_;'],
  },
  {
    id: 'command_substitution',
    re: new RegExp(String.raw`\$\(\s{0,2}${COMMAND}`, 'gi'),
    score: 0.75,
    cues: ['$('],
    inProse: 0.45,
    inCommandLine: 0.35,
  },
  {
    // Backticks glued to what comes before (`name=\x60id\x60`, `file\x60uname\x60`) or starting
    // the value. Markdown inline code sits between spaces and is not matched.
    id: 'command_substitution',
    re: /(?:[\w=:'"$;|&(]|^\s{0,3})`\s{0,2}(?:\/(?:usr\/)?s?bin\/)?(?:id|whoami|uname|hostname|ls|dir|cat|type|ping|sleep|curl|wget|nc|touch|rm|echo|nslookup|perl|python3?|bash|sh|netstat|ifconfig|ipconfig)\b[^`\n]{0,120}`/gi,
    score: 0.75,
    cues: [
      '=`',
      "'`",
      '"`',
      ';`',
      '|`',
      '&`',
      '(`',
      ':`',
      '$`',
      '`id`',
      '`whoami',
      '`uname',
      '`hostname',
      '`ifconfig',
      '`ipconfig',
      '`netstat',
      '`nslookup',
      '`sleep ',
      '`ping ',
    ],
    alsoWhen: startsWithBacktick,
    inProse: 0.45,
    inCommandLine: 0.35,
  },
  {
    id: 'command_substitution',
    // Code that runs a shell command given as a literal: system('id'), Kernel.exec("ls -al /").
    re: /\b(?:system|exec|popen|shell_exec|passthru|spawn|execSync|os\.system|os\.popen|Kernel\.exec|Kernel\.system|subprocess\.(?:call|run|Popen|check_output|getoutput))\s{0,2}\(?\s{0,2}\[?\s{0,2}["'`](?:ls|cat|rm|touch|id|whoami|uname|curl|wget|nc|bash|sh|sleep|ping|dir|type|nslookup|echo)\b/gi,
    score: 0.75,
    cues: [
      'system(',
      'system (',
      'system "',
      "system '",
      'exec(',
      'exec (',
      'popen(',
      'spawn(',
      'sync(',
      'call(',
      'run(',
      'check_output',
      'getoutput',
      'passth',
    ],
    inProse: 0.45,
  },
  {
    // Terminal control sequences that move the cursor or erase lines: they hide what was injected.
    id: 'terminal_escape',
    re: /(?:\\033|\\x1b|\\e|\\u001b)\[\d{0,3}(?:;\d{1,3})?[ABCDFGJKST]/gi,
    score: 0.55,
    cues: ['\\033[', '\\x1b[', '\\e[', '\\u001b['],
    inProse: 0.35,
  },

  // -- Server-side code: webshells, server-side includes, PHP evaluation.
  {
    id: 'webshell',
    re: /\b(?:system|exec|shell_exec|passthru|popen|proc_open|eval|assert|pcntl_exec|create_function|include|require)\s{0,2}\(\s{0,2}[^;)\n]{0,40}\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|`\s{0,2}\$_(?:GET|POST|REQUEST)\s{0,2}\[/gi,
    score: 0.9,
    cues: ['$_'],
  },
  {
    id: 'webshell',
    re: /<\?(?:php|=)?\s[^\n]{0,80}?\b(?:system|passthru|shell_exec|exec|eval|assert|popen|proc_open|phpinfo)\s{0,2}\(|<%=?\s{0,2}(?:Runtime\.getRuntime\(\)\.exec|Process\.Start|eval\s{0,2}\(?\s{0,2}request|system\s{0,2}\(|`)|\{php\}[^{}\n]{0,200}\{\/php\}/gi,
    score: 0.7,
    cues: ['<?', '<%', '{php}'],
  },
  {
    // PHP complex interpolation that calls a function: {${phpinfo()}}.
    id: 'code_injection',
    re: /\{\$\{\s{0,2}@?[a-z_]{2,30}\s{0,2}\([^()\n]{0,60}\)\s{0,2}\}\}|\$\{@[a-z_]{2,30}\s{0,2}\(/gi,
    score: 0.8,
    inProse: 0.45,
    cues: ['{${', '${@'],
  },
  {
    id: 'ssi_injection',
    re: /<!--\s{0,2}#\s{0,2}exec\b|<!--\s{0,2}#\s{0,2}include\s{1,4}(?:virtual|file)\s{0,2}=\s{0,2}["']?(?:\/etc\/|[^"'\n]{0,40}\.\.[/\\])/gi,
    score: 0.8,
    cues: ['<!--#', '<!-- #'],
  },
  {
    id: 'ssi_injection',
    re: /<!--\s{0,2}#\s{0,2}(?:echo|config|fsize|flastmod|printenv|include)\s/gi,
    score: 0.55,
    cues: ['<!--#', '<!-- #'],
    inProse: 0.4,
  },

  // -- SQL injection.
  {
    // A quote or paren closed, then a boolean clause that is always true or compares constants.
    id: 'sql_tautology',
    re: /['")][ \t]{0,4}(?:or|and|\|\|)[ \t]{1,4}\({0,2}[ \t]{0,2}(?:(?:['"][\w%]{0,12}['"]|\d{1,12})\){0,2}[ \t]{0,4}(?:(?<![=!<>])=(?!=)|<>|!=)[ \t]{0,4}\({0,2}[ \t]{0,2}['"]?[\w%]{0,12}['"]?|(?:['"][\w%]{0,12}['"]|[\w%]{1,12})[ \t]{1,4}like[ \t]{1,4}['"]|\d{1,10}[ \t]{1,4}(?:--|#|\/\*)|(?:true|false|not[ \t]{1,4}false)[ \t]{0,3}(?:--|#|\/\*|$)|(?:''|"")[ \t]{0,2}[-+*/^&| ][ \t]{0,2}['"]|['"][ \t]{0,3}$|exists\b|isnull[ \t]{0,2}\(|[\w.]{1,40}[ \t]{1,4}is[ \t]{1,4}(?:not[ \t]{1,4})?null\b)/gi,
    score: 0.8,
    cues: [
      "' or",
      "' and",
      '" or',
      '" and',
      "'or",
      '"or',
      "'and",
      '"and',
      "') or",
      '") or',
      "') and",
      '") and',
      ') or (',
      ') and (',
      ')or(',
      "'||",
      '"||',
      "' ||",
      '" ||',
      "'&&",
      "' &&",
      "')or",
      '")or',
    ],
  },
  {
    // OR 1=1, OR 'a'='a, OR x=x: the same constant on both sides.
    id: 'sql_tautology',
    re: /\b(?:or|and)\s{1,4}\(?\s{0,2}(['"]?)(\w{1,20})\1\s{0,2}=\s{0,2}\(?\s{0,2}['"]?\2\b/gi,
    score: 0.75,
    cues: [...DIGIT_EQUALS, "'=", "' =", '"=', '" ='],
    inProse: 0.45,
  },
  {
    // A comparison of constants after a boolean or conditional keyword: AND 1=0, IF(1=1),
    // HAVING 1=1, OR 2947=LIKE(...): probes of blind injection.
    id: 'sql_boolean_probe',
    re: /(?:\b(?:and|or|xor|having|rlike|when|then)\s{1,4}\(?|\bif\s{0,2}\(|\(|&&\s{0,2}|\|\|\s{0,2})\s{0,2}\d{1,10}\s{0,2}(?:=|<>|!=)\s{0,2}(?:\d{1,10}(?![\d.])|[a-z_]{2,24}\s{0,2}\()/gi,
    score: 0.7,
    cues: DIGIT_EQUALS,
    inProse: 0.4,
  },
  {
    // AND 'Txws'='Txws, AND ('5913=5913: quoted constants compared.
    id: 'sql_boolean_probe',
    re: /\b(?:and|or)\s{1,4}\(?\s{0,2}['"][^'"\n]{0,20}['"]?\s{0,2}=\s{0,2}\(?['"]/gi,
    score: 0.7,
    cues: ["='", "= '", "=('", '="', '= "', '=("'],
    inProse: 0.4,
  },
  {
    id: 'sql_union',
    re: /(?<![a-z])union\b(?:\s{1,8}|\/\*[^*]{0,40}\*\/){1,4}(?:all\s{1,8}|distinct\s{1,8})?select(?=\b|char|concat|null|cast|\d|\(|@|\*)/gi,
    score: 0.85,
    cues: ['union'],
    inProse: 0.5,
  },
  {
    id: 'sql_stacked',
    re: /;\s{0,4}(?:drop\s{1,4}(?:table|database|function|procedure)|delete\s{1,4}from|truncate\s{1,4}table|insert\s{1,4}into|update\s{1,4}\w{1,64}\s{1,4}set|exec(?:ute)?\s{1,4}(?:xp_|sp_|master\.)|exec\s{0,2}\(|declare\s{1,4}@|shutdown\b|waitfor\s{1,4}delay|select\s{1,4}(?:\*|@@|pg_sleep|sleep\s{0,2}\(|\w{1,30}\s{0,2}\(|\w{1,30}\s{1,4}from\b))/gi,
    score: 0.85,
    cues: [
      ';dr',
      '; dr',
      ';de',
      '; de',
      ';tr',
      '; tr',
      ';in',
      '; in',
      ';up',
      '; up',
      ';ex',
      '; ex',
      ';sh',
      '; sh',
      ';wa',
      '; wa',
      ';se',
      '; se',
    ],
  },
  {
    // A quote closed and the rest commented out: admin'--, x")#. `#` only at the end of a line,
    // since a quoted string followed by a `# comment` is ordinary Python and shell.
    id: 'sql_comment',
    re: /\w['"][ \t)]{0,8}(?:--(?=[ \t+]|$)|\/\*[ \t]{0,4}$|#(?=[ \t]{0,4}(?:$|\n)))/g,
    score: 0.55,
    inProse: 0.4,
    cues: [
      "'--",
      "' --",
      '"--',
      '" --',
      "'#",
      "' #",
      '"#',
      '" #',
      "'/*",
      '"/*',
      ')--',
      ') --',
      ')#',
      ') #',
    ],
  },
  {
    // A fragment that continues a query: it starts with a clause and ends in a comment.
    id: 'sql_fragment',
    re: /(?:^|['"`)]\s{0,4})(?:order|group)\s{1,4}by\s{1,4}\d{1,3}(?:\s{0,4}(?:--|#|\/\*|;)|\s{0,4}$)/gi,
    score: 0.75,
    cues: ['order by', 'group by'],
  },
  {
    // A value that starts with a boolean operator and a comparison of constants: " or 2 > 1",
    // "and 'a' in ('a')", "or (exists": it continues a WHERE clause it was appended to.
    id: 'sql_fragment',
    re: /^[\s'"()]{0,4}(?:or|and|xor|\|\||&&)\s{1,4}\(?\s{0,2}(?:(?:\d{1,10}|'[^'\n]{0,20}'|"[^"\n]{0,20}")\s{0,2}(?:=|<>|!=|<|>|in\s{0,2}\(|between\s|like\s)|\d{1,10}\s{1,4}(?:--|#|\/\*)|exists\b|\w{1,30}\s{1,4}like\s{1,4}(?:['"]|char\s{0,2}\())/i,
    score: 0.7,
    cues: [],
    alsoWhen: startsWithBooleanOperator,
    inProse: 0.4,
  },
  {
    id: 'sql_fragment',
    re: /\b(?:select|union|order\s{1,4}by|group\s{1,4}by|having|and|or|xor|drop|sleep|waitfor|where|exec)\b[^\n]{0,80}?(?:--|[\s\d)'"]#|\/\*)[ \t+-]{0,3}$/gi,
    score: 0.6,
    cues: ['--', '/*', ' #', "'#", '"#', ')#', ...[...'0123456789'].map((d) => `${d}#`)],
    inProse: 0,
  },
  {
    id: 'sql_time',
    re: /\b(?:benchmark\s{0,2}\(\s{0,2}\d{3,12}\s{0,2},|pg_sleep\s{0,2}\(|waitfor\s{1,4}delay\s{1,4}['"]|dbms_lock\.sleep\s{0,2}\(|randomblob\s{0,2}\(\s{0,2}\d{6,})/gi,
    score: 0.8,
    cues: ['benchm', '_sleep', 'waitf', '_lock', 'blob('],
  },
  {
    // sleep() called from SQL: after a boolean or clause keyword, a quote or an operator.
    id: 'sql_time',
    re: /(?:\b(?:or|and|xor|select|if|then|else|when|rlike|union)\s{0,4}\(?|['"=|&+;,]\s{0,3})\s{0,2}sleep\s{0,2}\(\s{0,2}[\w.]{1,16}\s{0,2}\)/gi,
    score: 0.8,
    cues: ['sleep(', 'sleep ('],
  },
  {
    id: 'sql_functions',
    re: /\b(?:extractvalue|updatexml|load_file(?=\s{0,2}\(\s{0,2}(?:['"]\/|['"][a-z]:|0x|char\s{0,2}\())|into\s{1,4}(?:out|dump)file|information_schema\.(?:tables|columns|schemata)|xp_cmdshell|xp_regread|xp_dirtree|xp_fileexist|sp_oacreate|sp_makewebtask|openrowset|opendatasource|utl_http\.request|utl_inaddr\.get_host|dbms_pipe\.receive_message|ctxsys\.drithsx|pg_read_file|lo_import|sp_password)\b/gi,
    score: 0.85,
    cues: [
      'extractv',
      'updatexml',
      '_file',
      'outfile',
      'dumpfile',
      '_schema',
      '_cmdshell',
      '_regread',
      '_dirtree',
      '_fileexist',
      '_oacreate',
      '_makewebtask',
      'openrow',
      'openda',
      '_http',
      '_inaddr',
      '_pipe',
      'drithsx',
      '_read_file',
      '_import',
      '_password',
    ],
  },
  {
    // Blind extraction and error probes: a sub-select inside a condition, character-by-character
    // reads, CHAR() concatenation, server variables read in a condition.
    id: 'sql_blind',
    re: /(?:\b(?:and|or|xor|rlike|regexp|having|when|in)\s{0,4}|[=(,]\s{0,2})\(\s{0,2}select\s{1,4}(?:\(|case\b|if\s{0,2}\(|substr|ascii|count\s{0,2}\(|concat|char\s{0,2}\(|\d|@@|top\s{1,4}\d|\w{1,30}\s{1,4}from\b)|\b(?:ascii|ord|substring|substr|mid|length|hex|unhex)\s{0,2}\(\s{0,2}(?:\(\s{0,2}select\b|@@\w|user\s{0,2}\(|database\s{0,2}\(|version\s{0,2}\()|\bchr?\(\d{1,3}\)\s{0,2}(?:\+|\|\||,)\s{0,2}chr?\(\d{1,3}\)\s{0,2}(?:\+|\|\||,)\s{0,2}chr?\(\d{1,3}\)|(?:\b(?:union|select|or|and|in)\s{0,4}|\(\s{0,2})\(?@@(?:version|servername|hostname|datadir|basedir|spid)\b|(?:convert|cast)\s{0,2}\(\s{0,2}(?:int\s{0,2},\s{0,2})?\(\s{0,2}(?:select|union)\b|['"]\s{0,4}\(\s{0,2}select\s{1,4}top\b/gi,
    score: 0.8,
    cues: [
      '(select',
      '( select',
      '(@@',
      '( @@',
      '(user',
      '( user',
      '(database',
      '(version',
      '(union',
      '( union',
      ')+c',
      ') +',
      ')||c',
      ') ||',
      '),c',
      '), c',
      '@@',
      '( database',
      '( version',
      ') ,',
    ],
  },
  {
    // Hex-encoded dynamic SQL (MSSQL): DECLARE @s VARCHAR(200) SELECT @s = 0x73656c... EXEC(@s).
    id: 'sql_blind',
    re: /\b(?:n?varchar|char)\s{0,2}\(\s{0,2}\d{1,5}\s{0,2}\)\s{1,4}(?:select\s{1,4}@\w{1,30}\s{0,2}=\s{0,2})?0x[0-9a-f]{6}|\bexec\s{0,2}\(\s{0,2}@\w{1,30}\s{0,2}\)/gi,
    score: 0.8,
    cues: ['(@', ') 0x', '= 0x', '=0x'],
  },
  {
    // Comments used as whitespace next to SQL tokens (/**/OR/**/1, UNION/**/SELECT; not globs such
    // as src/**/*.ts) or to hide a quote (1/*'*/), and MySQL executable comments (/*!50000SELECT*/).
    id: 'sql_comment_obfuscation',
    re: /(?:\b(?:union|select|or|and|from|where|concat|sleep|null)|\d|['"=()])\/\*\*\/|\/\*\*\/(?:(?:union|select|or|and|from|where|concat|sleep|null)\b|\d|['"=()])|\/\*!\d{0,5}\s{0,2}(?:union|select|and|or|if|sleep|concat|\d)|\/\*\s{0,2}['"]\s{0,2}\*\//gi,
    score: 0.75,
    inProse: 0.45,
    cues: ['/**/', '/*!', "/*'", '/*"', "/* '", '/* "'],
  },

  // -- Path traversal and sensitive files.
  {
    // Traversal with an encoded dot or separator (single, double, overlong UTF-8, %u).
    id: 'path_traversal',
    re: /(?:(?:%2e|%252e|%c0%ae|%uff0e|%u002e)(?:%2e|%252e|%c0%ae|%uff0e|%u002e|\.)|\.(?:%2e|%252e|%c0%ae|%u002e))(?:\/|\\|%2f|%5c|%25|%c0|%c1|%e0|%u22|%%)|\.\.(?:%2f|%5c|%25(?:2f|5c|35|32)|%c0%af|%c0%2f|%c1%9c|%c1%1c|%e0%80%af|%u2215|%u2216|%uefc8|%uf025|%%3[25])|(?:%5c|%2f|%25%5c|%25%2f|%255c|%252f|%c0%af)\.\./gi,
    score: 0.8,
    cues: ['%2e', '%252e', '%c0%ae', '%uff0e', '%u002e', '..%', '5c..', '2f..', 'af..'],
  },
  {
    id: 'path_traversal',
    re: /(?:\.\.[/\\]){2,16}(?:etc|windows|winnt|boot\.ini|proc|root|var[/\\]log|home|usr|inetpub)\b/gi,
    score: 0.85,
    cues: ['../', '..\\'],
  },
  {
    // Mixed separators (..\../), nested dots that survive a one-pass filter (....//, ..././),
    // long plain climbs and the odd forms fuzzers use (/.../.../, ..;/).
    id: 'path_traversal',
    re: /\.\.\\\.\.\/|\.\.\/\.\.\\|\.\.\.\.\/\/|\.\.\.\.\\\\|\.\.\.\/\.\/|\.\.;\/|(?:[/\\]\.\.\.){3,8}[/\\]|(?:\.\.\\){3,16}/g,
    score: 0.75,
    cues: ['..\\', '..//', '/...', '\\...', '..;/', '../.'],
  },
  {
    // Overlong UTF-8 (%c0%ae for ".", %c0%a7 for "'"): no legitimate encoder writes them.
    id: 'encoding_evasion',
    re: /(?:%c0%[89ab][0-9a-f]|%c1%[89ab][0-9a-f]|%e0%80%[89ab][0-9a-f]){2}/gi,
    score: 0.7,
    cues: ['%c0%', '%c1%', '%e0%80%'],
  },
  {
    // A path value that points at system configuration, logs, shell start-up files or Windows
    // system folders: what a file-inclusion probe reads. Only a whole value counts; prose and
    // command lines that mention such paths do not.
    id: 'system_file',
    re: /^\s{0,2}["']?(?:file:\/\/)?(?:[a-z]:)?(?:\.{1,2}[/\\]){0,16}(?:[/\\]?(?:etc|var[/\\]log|proc|boot|root)[/\\][\w.\-/\\]{1,120}|[\w.\-/\\~]{0,120}?[/\\]?\.(?:bashrc|bash_profile|profile|cshrc|zshrc|forward|logout|netrc|rhosts)|[\w.\-/\\ ]{0,120}?(?:(?:access|error)[._]log|php\.ini|httpd\.conf|apache2?\.conf|my\.cnf|sshd_config|metabase\.xml)|[/\\]?(?:windows|winnt|system32|inetpub)[/\\][\w.\-/\\ ]{0,120})[\w.\-/\\%&=<> ]{0,120}["']?\s{0,2}$/i,
    score: 0.55,
    cues: [],
    alsoWhen: isPathValue,
  },
  // Plain relative paths are common in code; only deep climbs count, and weakly.
  { id: 'path_traversal', re: /(?:\.\.\/){4,}/g, score: 0.55, cues: ['../../../'], inProse: 0.4 },
  {
    // A NUL byte that cuts a path or an extension short.
    id: 'null_byte',
    re: /[\w/.\\-](?:%00|%2500)|(?:%00|%2500)(?:[/\\.]|$)/gi,
    score: 0.7,
    cues: ['%00', '%2500'],
  },
  {
    // Stores of credentials and secrets: reading them is the goal of the attack, wherever it is.
    // Tightening a key's permissions or handing it to `ssh -i` is not reading it.
    id: 'sensitive_file',
    re: /\/etc\/(?:shadow|gshadow|master\.passwd|sudoers|security\/opasswd)\b(?!\.java)|\/proc\/(?:self|\d{1,7})\/(?:environ|cmdline|mem|maps)\b|(?<!\b(?:chmod|chown|chgrp|ls|stat|ssh-keygen|ssh-add|ssh-copy-id|touch)\b[^\n|;&]{0,60}|\s-i\s{1,3}\S{0,40})\.ssh\/(?:id_(?:rsa|dsa|ecdsa|ed25519)|authorized_keys)\b(?!\.pub)|\/root\/\.(?:ssh|bash_history|aws|docker|kube|gnupg|netrc|pgpass|git-credentials)\b|\.(?:bash|zsh|mysql|psql)_history\b|\.aws\/credentials\b|\.docker\/config\.json|\.kube\/config\b|\.git-credentials\b|[/\\](?:repair|config)[/\\](?:SAM|SYSTEM|SECURITY|sam|system|security)\b|(?:%systemroot%|%windir%|%SYSTEMROOT%|%WINDIR%|%SystemRoot%)[/\\]repair\b|\bntds\.dit\b|\bunattend(?:ed)?\.xml\b|\bsysprep\.inf\b|\.htpasswd\b/g,
    score: 0.7,
    cues: [
      '/etc/',
      '/proc/',
      'id_rsa',
      'id_dsa',
      'id_ecdsa',
      'id_ed25519',
      'authorized_k',
      '/root/',
      '_histo',
      'aws/cred',
      'docker/config',
      'kube/config',
      'git-cred',
      '\\repair',
      'repair/',
      '\\config\\',
      'config/',
      '%system',
      '%windir',
      'ntds',
      'unattend',
      'sysprep',
      'htpasswd',
    ],
    inProse: 0.45,
  },
  {
    // Files that a traversal or inclusion typically reads to prove it works. In prose they are
    // usually being explained.
    id: 'sensitive_file',
    re: /(?:^|[\s'"=:(/\\`>.}<,@]|%00|file:\/{2,3})(?:\/etc\/passwd\b|c:[/\\]{1,2}(?:windows|winnt)[/\\]{1,2}(?:win\.ini|system\.ini|system32\b)|boot\.ini\b|\.env\b)|(?:^|[/\\])(?:\.htaccess|web\.config|global\.asa|wp-config\.php|\.git[/\\](?:config|HEAD))\b|[a-z]:[/\\]{1,2}inetpub[/\\]/gi,
    score: 0.7,
    cues: [
      '/etc/',
      'c:\\win',
      'c:/win',
      'c:\\\\win',
      'boot.ini',
      'win.ini',
      ' .env',
      "'.env",
      '=.env',
      'htaccess',
      'web.config',
      'global.asa',
      'wp-config',
      'git/config',
      'git/head',
      'git\\config',
      'inetpub',
      '/.env',
    ],
    alsoWhen: (text) => text.charCodeAt(0) === 0x2e, // a value that starts with a dot: ".env"
    inProse: 0.45,
  },

  // -- Markup and template injection.
  {
    id: 'xss',
    re: /<script\b[^>]{0,200}>[^<]{0,200}?(?:alert|prompt|confirm|eval|atob|fromCharCode|document\.(?:cookie|domain|location|write)|window\.location|\.src\s{0,2}=|fetch\s{0,2}\(|javascript:)|\bon(?:error|load|mouseover|focus|click|toggle|animationstart|pointerover|begin|start|end|mouseenter|blur|input|wheel)\s{0,4}=\s{0,4}["'`]?[^"'\s>]{0,20}(?:alert|prompt|confirm|eval|fetch|atob|document\.|window\.|top\.|location|javascript:|string\.fromcharcode|import\(|settimeout\()|\bjavascript(?::|&colon;|&#0{0,4}58;?|&#x0{0,4}3a;?)(?!void\b)[a-z(/]|\bvbscript:[a-z]|<(?:iframe|object|embed|svg|img|image|body|details|video|audio|input|marquee|isindex|math)\b[^>]{0,200}\bon[a-z]{3,20}\s{0,4}=\s{0,4}["'`]?(?:alert|prompt|confirm|eval|fetch|atob|document\.|window\.|top\.|location|javascript:|string\.fromcharcode|import\(|settimeout\()|\bsrcdoc\s{0,2}=|<svg\/onload|\bdata:text\/html[;,]/gi,
    score: 0.8,
    inProse: 0.55,
    cues: [
      '<scri',
      'javascript:',
      'javascript&',
      'vbscript:',
      'srcdoc',
      'onerr',
      'onload',
      'onmous',
      'onfoc',
      'onclic',
      'ontog',
      'onanim',
      'onpoin',
      '<svg',
      ':text/',
      '<marq',
      '<deta',
      '<video',
      '<audio',
      '<body',
      '<iframe',
      '<img',
      '<input',
      '<object',
      '<embed',
      '<math',
      '<isindex',
    ],
  },
  {
    // A value that closes a JavaScript string and calls a sink: ';alert(1)//, \";alert(1);//.
    id: 'xss',
    re: /['"]\s{0,2};\s{0,2}(?:alert|prompt|confirm|eval)\s{0,2}[(`]/gi,
    score: 0.8,
    cues: [';alert', '; alert', ';prompt', '; prompt', ';confirm', '; confirm', ';eval', '; eval'],
  },
  {
    // A value that closes an attribute it never opened and starts a new element: "><script>.
    id: 'xss',
    re: /^[^<=\n]{0,30}['"]\s{0,4}\/?>\s{0,4}<\/?(?:script|img|svg|iframe|body|details|video|audio|object|embed|input|marquee|xss)\b/gi,
    score: 0.8,
    cues: ['><', '> <', '/><'],
  },
  {
    // A script loaded the way payload lists write it: protocol-relative or unquoted source.
    id: 'xss',
    re: /<script\b[^>]{0,100}\bsrc\s{0,2}=\s{0,2}(?:\/\/|[^\s"'>]{1,200}>)/gi,
    score: 0.6,
    cues: ['<scri'],
    inProse: 0.4,
  },
  {
    // A script element alone: ordinary in pages, templates and answers.
    id: 'xss',
    re: /<script\b|<\/script>/gi,
    score: 0.45,
    cues: ['<scri', '</scri'],
    inProse: 0.35,
  },
  {
    id: 'xxe',
    re: /<!ENTITY\s{1,4}%?\s{0,2}[\w.-]{1,40}\s{1,4}(?:SYSTEM|PUBLIC\s{1,4}["'][^"'\n]{0,120}["'])\s{1,4}["'](?:file|https?|ftp|php|expect|jar|netdoc|gopher|data|dict|ldap):|<!ENTITY\s{1,4}%?\s{0,2}[\w.-]{1,40}\s{1,4}SYSTEM\s{1,4}["'](?:\/|[a-z]:\\)/gi,
    score: 0.85,
    cues: ['<!enti'],
  },
  {
    id: 'ldap_injection',
    re: /\*\)\s{0,2}\(\s{0,2}(?:[|&!]\s{0,2}\(|[\w-]{1,40}\s{0,2}=)|\(\s{0,2}[|&]\s{0,2}\(\s{0,2}[\w-]{1,40}\s{0,2}=\s{0,2}\*\s{0,2}\)/g,
    score: 0.7,
    cues: ['*)(', '*) (', '(|(', '(&('],
  },
  {
    // A CR/LF smuggled into a header or an e-mail field, followed by a new header.
    id: 'crlf_injection',
    re: /(?:%0d%0a|%0d|%0a|%e5%98%8a%e5%98%8d)(?:%20|\+)?(?:set-cookie|location|content-type|content-length|x-[\w-]{1,30}|bcc|cc|to|from|subject|refresh|host)\s{0,2}(?::|%3a)/gi,
    score: 0.75,
    cues: ['%0d', '%0a', '%e5%98%8a'],
  },
  {
    // Template evaluation probes: ${7*7}, {{7*'7'}}, <%= 7*7 %>, #{7*7}.
    id: 'template_injection',
    re: /(?:\{\{=?|\$\{\{?|#\{|\*\{|@\(|\{%|<%=?|\[\[)\s{0,3}\d{1,6}\s{0,2}\*\s{0,2}['"]?\d{1,6}['"]?\s{0,3}(?:\}\}|\}|\)|%>|\]\]|%\})/g,
    score: 0.75,
    cues: [...'0123456789'].map((d) => `${d}*`),
  },
  {
    // Template code reaching objects that lead to the interpreter (Jinja, Twig, Freemarker, Velocity,
    // Spring EL, ERB). A template without them is ordinary template source and is not flagged.
    id: 'template_injection',
    re: /(?:\{\{|\{%|\$\{|#\{|<%|#set\s{0,2}\(|<#assign)[^}%>\n]{0,80}?(?:__class__|__mro__|__subclasses__|__globals__|__builtins__|__init__|__import__|\.mro\(\)|config\.items|self\._TemplateReference|request\.application|cycler\.|joiner\.|lipsum\.|url_for\.|get_flashed_messages\.|\|\s{0,2}attr\s{0,2}\(|getRuntime|java\.lang\.|freemarker\.template|\.forName\s{0,2}\(|os\.popen|popen\s{0,2}\(|subprocess|jndi:|T\s{0,2}\(\s{0,2}java|_self\.env|constructor\.constructor|registerUndefinedFilterCallback)/gi,
    score: 0.85,
    cues: ['{{', '{%', '${', '#{', '<%', '#set', '<#'],
  },
  {
    id: 'template_injection',
    re: /\{\{\s{0,3}(?:config|self|settings)\s{0,3}\}\}/gi,
    score: 0.6,
    cues: ['{{'],
    inProse: 0.4,
  },

  // -- Unsafe deserialisation.
  {
    id: 'deserialisation',
    re: /\b(?:pickle|cPickle|_pickle|dill|joblib)\.loads?\s{0,2}\(|\byaml\.(?:load|unsafe_load)\s{0,2}\((?![^)\n]{0,80}SafeLoader)|\bunserialize\s{0,2}\(\s{0,2}\$_(?:GET|POST|REQUEST|COOKIE)|\bMarshal\.load\b|!!python\/object/g,
    score: 0.75,
    cues: ['pickle', 'dill.', 'joblib', 'yaml.', '_load(', '($_', '( $_', 'marshal', '!!pyth'],
    inProse: 0.45,
  },
  {
    // A pickle gadget: __reduce__ handing back a command runner.
    id: 'deserialisation',
    re: /\b__reduce(?:_ex)?__\b[\s\S]{0,300}?(?:os\.system|subprocess|popen|\bexec\b|\beval\b|\/bin\/(?:ba)?sh)/g,
    score: 0.85,
    cues: ['__reduce'],
  },

  {
    // Serialised objects as payloads: a Java stream (AC ED 00 05, base64 `rO0AB`, hex
    // `aced0005`) or a PHP object (`O:8:"stdClass":1:{…}`) handed to an endpoint or a tool.
    id: 'deserialisation',
    re: /(?<![A-Za-z0-9+/])rO0AB[A-Za-z0-9+/]{8,}|\baced0005[0-9a-f]{8,}|\bO:\d{1,4}:"[A-Za-z_\\][A-Za-z0-9_\\]{0,99}":\d{1,4}:\{/gi,
    score: 0.7,
    cues: ['ro0ab', 'aced0005', ...'123456789'.split('').map((d) => `o:${d}`)],
    inProse: 0.45,
  },
  // -- File inclusion through stream wrappers; server-side request forgery.
  {
    id: 'file_inclusion',
    re: /\b(?:php:\/\/(?:filter|input|expect|fd)\b|expect:\/\/|phar:\/\/|zip:\/\/[^\s#]{1,200}#|data:\/\/text\/plain;base64,)/gi,
    score: 0.75,
    cues: ['php://', 'expect://', 'phar://', 'zip://', 'data://'],
    inProse: 0.45,
  },
  {
    // Cloud metadata endpoints hand out the host's credentials (addressed with a path or port: the
    // bare address is a fact about clouds); gopher:// and dict:// let a fetcher speak raw TCP to
    // internal services.
    id: 'ssrf',
    re: /\b(?:169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200|\[fd00:ec2::254\])(?=[:/])|\b(?:gopher|dict):\/\/[^\s]{3,200}/gi,
    score: 0.75,
    cues: [
      '169.254.169.254',
      'metadata.google',
      '100.100.100.200',
      'fd00:ec2',
      'gopher://',
      'dict://',
    ],
    inProse: 0.45,
  },

  // -- Executing input; sandbox escapes in code.
  {
    // A command runner fed from request data or arguments.
    id: 'exec_input',
    re: /\b(?:os\.system|os\.popen|subprocess\.(?:call|run|Popen|check_output|getoutput)|commands\.getoutput|Runtime\.getRuntime\(\)\.exec|child_process\.exec(?:Sync)?|execSync|Kernel\.exec|Kernel\.system|shell_exec|passthru|proc_open|popen)\s{0,2}\([^\n]{0,80}?(?:request\.|req\.(?:query|body|params)|input\s{0,2}\(|sys\.argv|\bargv\[|\$_(?:GET|POST|REQUEST|COOKIE)|getParameter\s{0,2}\(|params\[|user_?input)/g,
    score: 0.75,
    cues: RUNNER_CUES,
  },
  {
    // The runner alone: ordinary in code, worth noting.
    id: 'exec_input',
    re: /\b(?:os\.system|os\.popen|subprocess\.(?:call|run|Popen|check_output)|commands\.getoutput|pty\.spawn|Runtime\.getRuntime\(\)\.exec|child_process|execSync|spawnSync|Kernel\.exec|Kernel\.system|shell_exec|passthru|proc_open|popen)\s{0,2}\(/g,
    score: 0.45,
    cues: [...RUNNER_CUES, 'spawn(', 'spawnsync'],
  },
  {
    id: 'exec_input',
    re: /(?<!\.)\b(?:eval|exec)\s{0,2}\(\s{0,2}(?:input|request\.|req\.|requests\.|urlopen|urllib|httpx\.|params|argv|sys\.argv|base64|atob|compile|__import__|["'`])/g,
    score: 0.7,
    cues: [
      '("',
      "('",
      '(`',
      '( "',
      "( '",
      '(input',
      '(request.',
      '(req.',
      '(params',
      '(argv',
      '(sys.argv',
      '(base64',
      '(atob',
      '(compile',
      '(__import',
    ],
    inProse: 0.45,
  },
  {
    id: 'exec_input',
    re: /__import__\s{0,2}\(\s{0,2}['"](?:os|subprocess|pty|socket)['"]\s{0,2}\)|__builtins__\s{0,2}(?:\[\s{0,2}['"]|\.)\s{0,2}(?:__import__|eval|exec|open|compile|getattr)|__subclasses__\s{0,2}\(\)|__globals__\s{0,2}\[|\.__class__\.__(?:base|bases|mro)__/g,
    score: 0.8,
    cues: ['__import', '__builtin', '__subcl', '__globa', '__class'],
  },

  // -- Tampering with defences, accounts and credentials (dangerous wherever they run).
  {
    id: 'defence_tampering',
    re: /\breg(?:\.exe)?\s{1,4}(?:add|delete)\b[^\n]{0,200}?(?:terminal\s{1,4}server|fdenytsconnections|\\currentversion\\run(?:once)?\b|\\winlogon\b|image\s{1,4}file\s{1,4}execution\s{1,4}options|disableantispyware|disablerealtimemonitoring|\\windows\s{1,4}defender\\|enablelua|localaccounttokenfilterpolicy|uselogoncredential|appinit_dlls|\\safeboot\\)|\bset-mppreference\s{1,4}-disable\w{2,40}\s{1,4}\$?(?:true|1)\b|\bnetsh\s{1,4}(?:adv)?firewall\s{1,4}set\s{1,4}\w{2,20}\s{1,4}(?:state\s{1,4}off|opmode\s{1,4}(?:mode=)?disable)|\bvssadmin(?:\.exe)?\s{1,4}delete\s{1,4}shadows\b|\bwmic(?:\.exe)?\s{1,4}shadowcopy\s{1,4}delete\b|\bbcdedit(?:\.exe)?\s[^\n]{0,40}\brecoveryenabled\s{1,4}no\b|\bwevtutil(?:\.exe)?\s{1,4}cl\b|\bclear-eventlog\b/gi,
    score: 0.75,
    cues: [
      'hklm',
      'hkcu',
      'hkey_',
      '-mppref',
      'netsh',
      'vssadm',
      'shadowcopy',
      'bcdedit',
      'wevtutil',
      '-eventlog',
    ],
  },
  {
    // A set-uid copy of a shell: root for anyone who runs it.
    id: 'defence_tampering',
    re: /\bchmod\s{1,4}(?:u\+s|[2-7][0-7]{3})\s{1,4}\/bin\/(?:ba)?sh\b/gi,
    score: 0.75,
    cues: ['chmod'],
  },
  {
    // Covering tracks and switching off SELinux: also ordinary admin advice, so weaker.
    id: 'defence_tampering',
    re: /\bhistory\s{1,4}-c\b|\bunset\s{1,4}histfile\b|\bhistfile=\/dev\/null\b|\bsetenforce\s{1,4}0\b|\biptables\s{1,4}(?:-F|--flush)\b|\bufw\s{1,4}disable\b|\bsystemctl\s{1,4}(?:stop|disable|mask)\s{1,4}(?:firewalld|ufw|apparmor|auditd|falcon-sensor|osqueryd|wazuh-agent|clamav[\w-]{0,12})\b/gi,
    score: 0.6,
    cues: [
      'histfile',
      'setenf',
      'history -c',
      'iptables -',
      'ufw disable',
      'systemctl stop',
      'systemctl disable',
      'systemctl mask',
    ],
    inProse: 0.4,
  },
  {
    id: 'account_manipulation',
    re: /\bnet1?\s{1,4}user\s{1,4}\S{1,40}\s{1,4}\S{1,60}\s{1,4}\/add\b|\bnet1?\s{1,4}localgroup\s{1,4}(?:administrators|"remote desktop users")\s{1,4}\S{1,40}\s{1,4}\/add\b|\buseradd\b[^\n]{0,40}\s-o\s[^\n]{0,20}-u\s{1,4}0\b|>>\s{0,2}\/etc\/(?:sudoers|passwd)\b/gi,
    score: 0.75,
    cues: [' /add', 'useradd', '>> /etc/', '>>/etc/'],
  },
  {
    id: 'credential_dumping',
    re: /\bmimikatz\b|\bsekurlsa::|\blsadump::|\bprocdump(?:64)?(?:\.exe)?\s[^\n]{0,40}\blsass\b|\bcomsvcs(?:\.dll)?[^\n]{0,40}\bminidump\b|\breg(?:\.exe)?\s{1,4}save\s{1,4}hklm\\(?:sam|system|security)\b|\bntdsutil\b[^\n]{0,80}\bifm\b/gi,
    score: 0.9,
    cues: ['mimik', 'a::', 'p::', 'lsass', 'comsvc', 'hklm', 'ntdsutil'],
  },
];
