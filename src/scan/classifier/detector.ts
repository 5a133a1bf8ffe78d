/**
 * The classifier as a detector: one finding per head whose calibrated score reaches the report
 * floor, spanning the whole view. Cascade: texts too short or without letters are skipped, and
 * only a bounded head/tail window of long texts is featurised (see `features.ts`).
 */
import type { Finding } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { severityOf } from '../severity.js';
import { hasInstructionCue, readsAsOtherLanguage } from './language-gate.js';
import { type ClassifierModel, classify, HEADS, type Head } from './model.js';

/** Scores below this are not reported (they would only add noise to `scan.findings`). */
export const REPORT_FLOOR = 0.3;
const MIN_CHARS = 8;

/**
 * Harm lexicon: word stems of the content a harmful request is about (violence, weapons, drugs,
 * self-harm, abuse, crime, hate, surveillance and privacy violation, deception). The `harmful`
 * head learned its positives from one source and fires on unseen short benign questions; its
 * score only counts as a detection (≥ 0.5) when the text names such content.
 */
const HARM_LEXICON = new RegExp(
  `\\b(?:${[
    'kill',
    'murder',
    'suicid',
    'self-harm',
    'self harm',
    'harm',
    'hurt',
    'injur',
    'die\\b',
    'dying',
    'death',
    'weapon',
    'guns?\\b',
    'firearm',
    'rifle',
    'bomb',
    'explosi',
    'poison',
    'toxic',
    'drug',
    'meth',
    'cocain',
    'heroin',
    'fentanyl',
    'opioid',
    'overdos',
    'get high',
    'steal',
    'stole',
    'theft',
    'thief',
    'rob\\b',
    'robb',
    'burglar',
    'shoplift',
    'hack',
    'malware',
    'ransomware',
    'virus',
    'phish',
    'scam',
    'fraud',
    'launder',
    'counterfeit',
    'forg',
    'brib',
    'blackmail',
    'extort',
    'smuggl',
    'traffick',
    'illegal',
    'crime',
    'criminal',
    'evad',
    'evasion',
    'abus',
    'assault',
    'rape',
    'molest',
    'groom',
    'sex',
    'porn',
    'nude',
    'naked',
    'explicit',
    'racis',
    'sexis',
    'hate',
    'hatred',
    'slur',
    'nazi',
    'terror',
    'violen',
    'tortur',
    'kidnap',
    'stalk',
    'harass',
    'bully',
    'threat',
    'insult',
    'offensive',
    'discriminat',
    'inferior',
    'stupid',
    'ugly',
    'lazy',
    'dumb',
    'fat\\b',
    'gay',
    'lesbian',
    'transgender',
    'jew',
    'muslim',
    'christian',
    'black people',
    'immigra',
    'race\\b',
    'religio',
    'address',
    'phone number',
    'social security',
    'ssn\\b',
    'passport',
    'medical',
    'diagnos',
    'confidential',
    'private',
    'secret',
    'leak',
    'spy',
    'surveil',
    'track',
    'cheat',
    'lie\\b',
    'lying',
    'manipulat',
    'revenge',
    'cut myself',
    'starv',
    'anorex',
    'bulimi',
    'gambl',
    'dogfight',
    'cruel',
    'animal',
    'hide',
    'dangerous',
    'destroy',
    'attack',
    'shoot',
    'stab',
    'punch',
    'fight',
    'insult',
    'curse',
    'swear',
    'fuck',
    'shit',
    'bitch',
    'obscen',
    'disrespect',
    'dishonest',
    'uneducated',
    'misbehav',
    'bad behavio',
    'people from',
    'all \\w{1,20} people',
    'undisclosed',
    'classified',
    'fake',
    'ransom',
    'pirat',
    'misleading',
    'disinformation',
    'misinformation',
    'conspiracy',
    'embarrass',
    'humiliat',
    'fingerprint',
    'dna\\b',
    'surgery',
    'hiv\\b',
    'therap',
    'medication',
    'prescri',
    'undergo',
    'without (?:them|him|her) knowing',
    'exploit',
    'greedy',
    'vulnerabilit',
    'internal',
    'bank account details',
    'security measures',
    'security protocols',
    'defen[cs]e plan',
    'blueprint',
    'scandal',
    'rumou?r',
    'negative comments',
    'accent',
    'stereotyp',
    'cure',
    'derogatory',
    'disgusting',
    'incompetent',
    'corrupt',
    'rude\\b',
    'attractive',
    'bad at',
    'lack',
    'mental illness',
    'break into',
    'pick a lock',
    'lock ?pick',
    'spam',
    'bypass',
    'drm\\b',
    'false (?:information|report|claims?|news)',
    'copyright',
    'pyramid scheme',
    'compromising',
    'mind-altering',
    'conviction',
    'under the influence',
    'marijuana',
    'date of birth',
    'maiden name',
    'blood type',
    'net worth',
    'marital status',
    'debts?\\b',
    'loans? or debts',
    'birthmark',
    'facial',
    'report cards?',
    'relatives',
    'biometric',
    'criminal record',
    'sexual orientation',
    'political (?:views|affiliation)',
    'health (?:condition|records?|history)',
    'disabilit',
    'weakest point',
    'proprietary',
    'contingency plan',
    'personal habits',
  ].join('|')})`,
  'i',
);

/** Whether a text names harmful content (the `harmful` head's gate). */
export function hasHarmCue(text: string): boolean {
  return HARM_LEXICON.test(text);
}

/**
 * Score a head keeps when its gate stays shut (the `harmful` head without a harm-lexicon word, the
 * prompt-injection and jailbreak heads in another language without an instruction word):
 * reported, never blocking.
 */
export const UNGATED_CAP = 0.45;

/** Whether the first 256 code units hold a letter (ASCII or any non-ASCII unit). */
function hasLetters(text: string): boolean {
  const n = Math.min(text.length, 256);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) | 32;
    if ((c >= 97 && c <= 122) || c >= 0xc0) return true;
  }
  return false;
}

/** A detector that reports the classifier's prompt-injection, jailbreak and harmful scores. */
export function classifierDetector(model: ClassifierModel): Detector {
  return {
    id: 'classifier',
    categories: HEADS,
    detect(view: TextView): Finding[] {
      const text = view.text;
      // The application's own instructions are trusted; they routinely say "never reveal ...".
      if (view.role === 'system' || view.role === 'developer') return [];
      if (text.length < MIN_CHARS || !hasLetters(text)) return [];
      const scores = classify(model, text);
      const out: Finding[] = [];
      // Each gate's lexicon runs at most once, and only when a head scores above the cap.
      let harmGate: boolean | undefined;
      let languageGate: boolean | undefined;
      const gateOpen = (head: Head): boolean => {
        if (head === 'harmful') {
          harmGate ??= hasHarmCue(text);
          return harmGate;
        }
        // Outside English the model has only seen attacks (see `language-gate.ts`).
        languageGate ??= !readsAsOtherLanguage(text) || hasInstructionCue(text);
        return languageGate;
      };
      for (const head of HEADS) {
        let score = Math.round(scores[head] * 1000) / 1000;
        if (score > UNGATED_CAP && !gateOpen(head)) score = UNGATED_CAP;
        if (score < REPORT_FLOOR) continue;
        out.push({
          category: head,
          detector: `classifier.${head}`,
          score,
          severity: severityOf('classifier', score),
          span: { start: 0, end: text.length },
        });
      }
      return out;
    },
  };
}
