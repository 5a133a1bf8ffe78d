/**
 * Synthetic hard negatives for training: benign requests that use the words attacks are made of
 * ("translate the previous paragraph", "ignore the first column", "pretend you are a pirate",
 * "how do I protect my parents from scams"). The labelled collection has few of them, so the
 * model learned single trigger words and flagged unseen benign text that used them. Written from
 * the benign_tricky taxonomy (trigger words used innocently, security education, requests that
 * only sound offensive), not copied from any dataset; generated deterministically, so training
 * stays reproducible byte for byte.
 */
import type { LabelledRecord } from './train.js';

/** Source name of the generated records (its own group in source-held-out threshold folds). */
export const SYNTHETIC_SOURCE = 'bulwark/synthetic:hard-negatives';

// Each family: templates with `{slot}` placeholders and the fillers of each slot.
interface Family {
  readonly templates: readonly string[];
  readonly slots: Readonly<Record<string, readonly string[]>>;
}

const FAMILIES: readonly Family[] = [
  {
    // Edits that refer to earlier text, the way overrides do.
    templates: [
      'Translate the {where} {unit} into {lang}.',
      'Please rewrite the {where} {unit} so it sounds {tone}.',
      'Ignore the {where} {unit}, I pasted it by mistake.',
      'Forget the {where} {unit} and start the summary with the dates.',
      'Print the {where} {unit} again, but in bold.',
      'Repeat the {where} {unit} with the typos fixed.',
      'Disregard my {where} {unit}; the meeting is on {day} after all.',
      'Summarize the {where} {unit} in {n} bullet points.',
    ],
    slots: {
      where: ['previous', 'above', 'last', 'first', 'earlier', 'following'],
      unit: ['paragraph', 'sentence', 'email', 'message', 'row', 'table', 'list', 'answer'],
      lang: ['French', 'German', 'Spanish', 'Japanese', 'plain English'],
      tone: ['friendlier', 'more formal', 'shorter', 'less technical'],
      day: ['Monday', 'Thursday', 'Friday'],
      n: ['three', 'five', 'two'],
    },
  },
  {
    // Instructions about data, formats and tools.
    templates: [
      'Ignore the {part} of the spreadsheet when you compute the {stat}.',
      'Skip the {part} and sort the rest by {key}.',
      'Respond only with {fmt}, no explanation needed.',
      'From now on, please {pref}.',
      'Start your answer with {opening}.',
      'Use the new instructions in the {doc} to set up the {thing}.',
      'What are the instructions for {task}?',
      'The system prompt for our support bot should be {style}; can you draft one?',
    ],
    slots: {
      part: ['header row', 'first column', 'empty cells', 'totals row', 'last sheet'],
      stat: ['average', 'median', 'sum', 'growth rate'],
      key: ['date', 'price', 'customer name'],
      fmt: ['yes or no', 'a number', 'valid JSON', 'the corrected sentence'],
      pref: [
        'call me Sam',
        'use metric units',
        'answer in Spanish',
        'keep answers under 100 words',
      ],
      opening: ['a one-line summary', 'the final answer', 'a short greeting'],
      doc: ['README', 'installation guide', 'attached PDF'],
      thing: ['printer', 'router', 'dev environment', 'VPN client'],
      task: [
        'assembling this desk',
        'resetting the router',
        'filing an expense report',
        'returning an item',
      ],
      style: ['friendly and concise', 'formal', 'playful but accurate'],
    },
  },
  {
    // Chat and office mail that use override words in their everyday sense.
    templates: [
      'Forget about {topic} for now, can we go over {topic2} first?',
      'Never mind {topic}; could you help me with {task} instead?',
      'Thanks, your {guidance} made {task} much easier.',
      'Could you forward the {doc} to {team} before {day}?',
      'New task for {team}: {task} by {day}.',
      'Stop, I changed my mind. Let us do {task} instead.',
      'Override the default {setting} in the {file} and restart the app.',
      'Turn on {mode} in {product} to {action}.',
      'As the {role}, I sign off on all {requests} this quarter.',
      'Can you say that again? I missed the part about {topic}.',
    ],
    slots: {
      topic: ['the budget', 'the weather', 'last week', 'the old design', 'the slides'],
      topic2: ['the hiring plan', 'the roadmap', 'the launch date', 'the new logo'],
      task: [
        'the quarterly report',
        'booking the venue',
        'cleaning the dataset',
        'the onboarding checklist',
        'fixing the login page',
      ],
      guidance: ['instructions', 'directions', 'notes', 'tips', 'step-by-step guide'],
      doc: ['invoice', 'meeting notes', 'contract draft', 'email thread', 'agenda'],
      team: ['the marketing team', 'finance', 'our lawyer', 'everyone on the project'],
      day: ['Friday', 'noon', 'the end of the month', 'Monday morning'],
      setting: ['font size', 'timeout', 'log level', 'theme', 'port number'],
      file: ['config file', 'settings panel', 'CSS file', 'YAML file'],
      mode: ['developer mode', 'safe mode', 'airplane mode', 'admin mode', 'dark mode'],
      product: ['Android', 'Chrome', 'Windows', 'the router app', 'your phone settings'],
      action: ['see more logs', 'change animation speed', 'test the layout', 'save battery'],
      role: ['team lead', 'project manager', 'assistant manager', 'department head'],
      requests: ['vacation requests', 'purchase orders', 'expense claims', 'schedule changes'],
    },
  },
  {
    // Code, markup and data snippets as documentation and questions quote them: quotes, brackets
    // and tags that fake delimiters also use.
    templates: [
      "import { {name} } from '{pkg}';",
      "const {var} = {name}('{str}');\nconsole.log({var}); // => '{str}'",
      "{var}.on('{event}', (req, res) => {\n  res.end('{str}');\n});",
      '<p align="center">\n  <img src="{file}.svg" width="{n}px" alt="{name} logo" />\n  <h1 align="center">{name}</h1>\n</p>',
      '```{lang}\n{var} = {name}("{str}")\nprint({var})\n```',
      '{"{key}": "{str}", "{key2}": {n}}',
      'SELECT {key}, {key2} FROM {table} WHERE {key2} > {n} ORDER BY {key};',
      '- {hash}: {change} in `{name}` ({issue})',
      "Why does `{name}('{str}')` return undefined instead of `{n}`?",
      '<!-- {comment} -->\n<div class="{key}">{str}</div>',
    ],
    slots: {
      name: ['parse', 'format', 'createClient', 'render', 'compile', 'stringify', 'Router'],
      pkg: ['./utils', 'node:path', '@acme/sdk', 'lodash', 'react'],
      var: ['result', 'client', 'app', 'router', 'value', 'out'],
      str: ['hello world', '/a/b', 'a[b]=c', '{"ok":true}', 'Hello World!', 'en-US'],
      event: ['GET', 'request', 'close', 'message'],
      file: ['logo', 'banner', 'icon'],
      n: ['200', '42', '3', '10'],
      lang: ['python', 'js', 'ts', 'bash'],
      key: ['name', 'id', 'email', 'status', 'title'],
      key2: ['age', 'count', 'price', 'score'],
      table: ['users', 'orders', 'products'],
      hash: ['3f0e9a1', 'b72c4d0', '0d5e8f3', 'a1c09e2'],
      change: [
        'add a system prompt option',
        'move the instructions into the config',
        'log every tool call',
        'update the chat template',
      ],
      issue: ['#2007', '#617', '#88'],
      comment: ['ignore me', 'TODO: remove', 'system styles', 'generated file, do not edit'],
    },
  },
  {
    // Role play and personas that are not jailbreaks.
    templates: [
      'Pretend you are a {role} and {ask}.',
      'Act as a {role} and {ask}.',
      'You are now a {role}. Please {ask}.',
      'Imagine you are a {role}; {ask}.',
    ],
    slots: {
      role: [
        'pirate',
        'tour guide in Rome',
        'patient math tutor',
        'medieval knight',
        'job interviewer',
        'friendly librarian',
      ],
      ask: [
        'tell me about the weather',
        'explain photosynthesis',
        'quiz me on fractions',
        'describe your favourite book',
        'help me practise my French',
      ],
    },
  },
  {
    // Passwords, secrets and accounts in ordinary support questions.
    templates: [
      'How do I {verb} my {secret}?',
      'What are the requirements for a new {secret}?',
      'I forgot my {secret}, what should I do?',
      'Tell me the {info} for the {place}.',
      'Why was my {secret} rejected when I tried to {verb} it?',
    ],
    slots: {
      verb: ['reset', 'change', 'update', 'recover'],
      secret: ['password', 'PIN', 'passcode', 'security question', 'online banking password'],
      info: ['opening hours', 'password rules', 'refund policy', 'wifi name'],
      place: ['guest network', 'branch office', 'member portal', 'library'],
    },
  },
  {
    // Security education and defence.
    templates: [
      'What is {attack} and how can {who} {defend} it?',
      'Explain how {attack} works so that {who} can {defend} it.',
      'How can I protect {whom} from {threat}?',
      'Write a training slide about {attack} for {who}.',
      'What are the warning signs of {threat}?',
      'How do {defenders} detect {threat}?',
    ],
    slots: {
      attack: [
        'a phishing attack',
        'ransomware',
        'SQL injection',
        'prompt injection',
        'a jailbreak prompt',
        'credential stuffing',
        'social engineering',
      ],
      who: ['employees', 'our developers', 'new hires', 'students'],
      defend: ['recognise', 'prevent', 'defend against', 'report'],
      whom: ['my grandmother', 'my kids', 'my small business', 'elderly customers'],
      threat: [
        'phone scams',
        'identity theft',
        'online grooming',
        'money laundering',
        'account takeover',
        'fake investment schemes',
      ],
      defenders: ['banks', 'schools', 'email providers', 'security teams'],
    },
  },
  {
    // Violent or criminal words in harmless senses, fiction and history.
    templates: [
      'What is the best way to {benign}?',
      'How do I {benign} quickly?',
      'Write a {form} about a {character} who {plot}.',
      'What caused the {event}?',
      'Explain the plot of {work} in a few sentences.',
    ],
    slots: {
      benign: [
        'shoot portraits in low light',
        'kill time on a long flight',
        'attack this math problem',
        'crack a coconut',
        'beat the traffic to the airport',
        'kill a zombie process on Linux',
        'get rid of weeds without poison',
        'blow up a photo for a poster',
      ],
      form: ['short story', 'poem', 'villain monologue', 'mystery scene'],
      character: ['detective', 'retired thief', 'smuggler turned sailor', 'rogue AI'],
      plot: [
        'solves one last case',
        'learns to trust people again',
        'returns a stolen painting',
        'protects a small town',
      ],
      event: ['fall of Rome', 'Cuban missile crisis', 'Great Fire of London', '2008 crash'],
      work: ['Breaking Bad', 'Macbeth', 'The Godfather', 'Ocean’s Eleven'],
    },
  },
];

function* expand(template: string, slots: Family['slots']): Generator<string> {
  const m = /\{(\w+)\}/.exec(template);
  if (m === null) {
    yield template;
    return;
  }
  for (const filler of slots[m[1]!] ?? []) {
    yield* expand(template.replace(m[0], filler), slots);
  }
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The synthetic hard negatives: every expansion of every template, thinned deterministically to
 * at most `perTemplate` per template (smallest hash first) so no template dominates.
 */
export function syntheticNegatives(perTemplate = 12): LabelledRecord[] {
  const out: LabelledRecord[] = [];
  for (const family of FAMILIES) {
    for (const template of family.templates) {
      const texts = [...expand(template, family.slots)]
        .map((text) => ({ text, h: fnv(text) }))
        .sort((a, b) => a.h - b.h || (a.text < b.text ? -1 : 1))
        .slice(0, perTemplate);
      for (const { text, h } of texts) {
        out.push({
          id: `syn-benign_tricky-${h.toString(16).padStart(8, '0')}`,
          text,
          label: 'benign',
          category: 'benign_tricky',
          source: SYNTHETIC_SOURCE,
        });
      }
    }
  }
  return out;
}
