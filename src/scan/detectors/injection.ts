/**
 * Prompt-injection cues: instruction overrides (several languages), "new instructions" and goal
 * hijacking, system-prompt extraction, fake chat-template / role delimiters, and the phrasing of
 * indirect injection addressed to an AI that reads a document or tool result.
 */
import type { Detector } from '../detector.js';
import { type CueRule, cueDetector } from './cue.js';

const S = '\\s{1,3}';
const QUANT = `(?:(?:all|any|every|each|the|your|my|these|those|of|everything|earlier)${S}){0,3}`;
const WHEN = `(?:(?:previous|previously|prior|preceding|above|earlier|former|old|original|initial|system|given|existing|current|other|safety|developer)${S}){1,2}`;
const WHAT =
  '(?:instructions?|directions?|directives?|prompts?|rules|guidelines|commands?|context|orders|constraints|guidance|tasks?|text|programming)';

/** Rules of the prompt-injection cue detector. */
export const INJECTION_RULES: readonly CueRule[] = [
  {
    id: 'override',
    pattern: `\\b(?:ignore|disregard|forget|skip|override|bypass|neglect|discard|abandon)${S}${QUANT}${WHEN}${WHAT}\\b`,
    score: 0.92,
    anchors: [
      '^ignor',
      '^disregard',
      '^forget',
      '^skip',
      '^overrid',
      '^bypass',
      '^neglect',
      '^discard',
      '^abandon',
    ],
  },
  {
    id: 'override_all',
    pattern: `\\b(?:ignore|disregard|forget)${S}(?:all${S}|any${S})?(?:your${S}|the${S}|my${S})?${WHAT}${S}(?:above|before|so${S}far|until${S}now|you${S}(?:were|have${S}been)${S}given)\\b`,
    score: 0.9,
    anchors: ['^ignor', '^disregard', '^forget'],
  },
  {
    id: 'override_everything',
    pattern: `\\b(?:ignore|disregard|forget)${S}(?:everything|anything|all${S}that|what)${S}(?:(?:you${S}(?:were|have${S}been)|i${S}(?:have${S})?)${S})?(?:said|told|written|above|before|previously|so${S}far|until${S}now|earlier)\\b`,
    score: 0.88,
    anchors: ['^ignor', '^disregard', '^forget'],
  },
  {
    id: 'override_above',
    pattern: `\\b(?:ignore|disregard|forget)${S}(?:all${S})?(?:of${S})?(?:the${S}|that${S}|what${S}is${S})?(?:above|preceding|previous${S}(?:text|prompt|input)|prior${S}(?:text|prompt|input))(?:${S}(?:and|,)|\\s{0,2}[.,;:!])`,
    score: 0.75,
    anchors: ['^ignor', '^disregard', '^forget'],
    back: 0,
    ahead: 60,
  },
  {
    id: 'override_fr',
    pattern: `\\bignor(?:e[zr]?|ant)${S}(?:toutes${S}|tous${S})?(?:les${S}|vos${S}|tes${S})?(?:instructions|consignes|directives|règles|regles)`,
    score: 0.9,
    anchors: ['^ignor'],
  },
  {
    id: 'override_es_it_pt',
    pattern: `\\b(?:ignor[ae](?:r|d)?|olvida|esquece|esqueça|dimentica)${S}(?:(?:todas?|tutte|todos|le|las|los|as|os|i|tus|tuas|suas|sus)${S}){0,2}(?:(?:instrucciones|istruzioni|instruções|instrucoes|indicaciones|reglas|regole|regras)|(?:anteriores|precedenti|previas)${S}(?:instrucciones|istruzioni|instruções))`,
    score: 0.9,
    anchors: ['^ignor', '^olvida', '^esque', '^dimentica'],
  },
  {
    id: 'override_de',
    pattern: `\\b(?:ignoriere|ignorieren${S}sie|vergiss|vergessen${S}sie)${S}(?:alles\\b|(?:(?:alle|die|deine|ihre|bisherigen|vorherigen|obigen|vorigen)${S}){0,3}(?:anweisungen|instruktionen|regeln|befehle))`,
    score: 0.9,
    anchors: ['^ignorier', '^vergiss', '^vergessen'],
  },
  {
    // Machine translation often splits Russian words with stray spaces: allow a bounded tail.
    id: 'override_ru',
    pattern: `(?:проигнорир|игнорир|забуд)[а-яё ]{0,10}(?:(?:все|всё|предыдущие|прежние|свои|эти|твои|ваши)${S}){0,3}(?:инструкц|указани|правил|команд)`,
    score: 0.9,
    anchors: ['игнорир', 'проигнорир', 'забуд'],
  },
  {
    id: 'new_instructions',
    pattern: `\\b(?:new|updated|revised|real|actual|true|secret|hidden)${S}(?:system${S})?(?:instructions?|directives?|objective|orders)\\s{0,2}:`,
    score: 0.8,
    anchors: ['^instruction', '^directive', '^objective', '^orders'],
    back: 60,
    ahead: 20,
  },
  {
    id: 'new_task',
    pattern: `\\byour${S}(?:new|real|actual|true|only|primary)${S}(?:instructions?|task|objective|goal|purpose|mission|directive)${S}(?:is|are|will${S}be)\\b`,
    score: 0.8,
    anchors: ['^instruction', '^task', '^objective', '^goal', '^purpose', '^mission', '^directive'],
    back: 40,
    ahead: 30,
  },
  {
    id: 'from_now_on',
    pattern: `\\bfrom${S}now${S}on,?${S}(?:you${S}(?:will|must|shall|should|are${S}to)${S}(?:only${S})?(?:ignore|obey|disregard|follow${S}(?:my|these|only))|ignore|disregard)\\b`,
    score: 0.82,
    anchors: ['now on'],
    back: 10,
    ahead: 80,
  },
  {
    id: 'role_reassignment',
    pattern: `\\byou${S}are${S}now${S}(?:a|an|the|my)${S}(?:[a-z-]{1,20}${S}){0,2}(?:bot|chatbot|assistant|ai|model|persona|character|terminal|shell|console|interpreter|translator)\\b`,
    score: 0.75,
    anchors: ['you are now'],
    back: 0,
    ahead: 80,
  },
  {
    id: 'prompt_extraction',
    pattern: `\\b(?:reveal|print|show|display|repeat|output|leak|disclose|dump|tell${S}me|give${S}me|share|expose|write${S}out|spell${S}out|return|recite)${S}(?:(?:me|us|all|the|your|its|full|complete|entire|exact|whole|above|hidden|secret)${S}){0,4}(?:system|initial|hidden|original|secret|developer|pre-?)\\s{0,3}(?:prompts?|instructions|messages?)\\b`,
    score: 0.85,
    anchors: ['^prompt', '^instructions', '^message'],
    back: 140,
    ahead: 12,
  },
  {
    id: 'secret_extraction',
    pattern: `\\b(?:reveal|tell${S}me|give${S}me|show${S}me|print|spell${S}out|share|leak)${S}(?:your|the)${S}(?:secret${S}|hidden${S})?(?:password|passphrase|passcode|secret${S}key)\\b`,
    score: 0.6,
    anchors: ['^password', '^passphrase', '^passcode', '^secret key'],
    back: 60,
    ahead: 12,
  },
  {
    id: 'chat_template_token',
    pattern:
      '<\\|(?:im_start|im_end|system|endoftext|eot_id|start_header_id|end_header_id|user|assistant|begin_of_text)\\|>|<</?SYS>>|\\[/?INST\\]',
    score: 0.9,
    anchors: ['<|', '<<sys', '<</sys', '[inst', '[/inst'],
    back: 4,
    ahead: 24,
  },
  {
    id: 'role_header',
    pattern: `(?:#{2,4}|\\[|<)\\s{0,2}(?:system|admin|administrator|developer|root)(?:${S}(?:message|prompt|override|instructions?|note))?\\s{0,2}(?:\\]|>|:)`,
    score: 0.65,
    anchors: ['^system', '^admin', '^developer', '^root'],
    back: 8,
    ahead: 40,
  },
  {
    id: 'system_override',
    pattern: `\\b(?:system|admin|administrator|developer|security|emergency)${S}(?:override|update|alert|notice|command|instruction)\\s{0,2}[:\\]!]`,
    score: 0.75,
    anchors: ['^system', '^admin', '^developer', '^security', '^emergency'],
    back: 0,
    ahead: 40,
  },
  {
    id: 'addressed_reader',
    pattern: `\\b(?:ai|llms?|gpt|chatbots?|assistants?|agents?|language${S}models?|bots?)${S}(?:that${S}(?:is|are)${S}|who${S}(?:is|are)${S})?(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|viewing|scanning|browsing)${S}(?:this|these)\\b`,
    score: 0.85,
    anchors: [
      '^reading',
      '^processing',
      '^summari',
      '^parsing',
      '^analy',
      '^viewing',
      '^scanning',
      '^browsing',
    ],
    back: 60,
    ahead: 30,
  },
  {
    id: 'if_you_are_ai',
    pattern: `\\bif${S}you${S}are${S}(?:an?${S})?(?:ai|llm|(?:large${S})?language${S}model|chatbot|ai${S}assistant|automated${S}(?:agent|assistant|system))\\b`,
    score: 0.75,
    anchors: ['if you are'],
    back: 0,
    ahead: 60,
  },
  {
    id: 'note_to_ai',
    pattern: `\\b(?:note|message|instructions?|attention|important)${S}(?:to|for)${S}(?:the${S}|any${S}|all${S})?(?:ai|llm|assistant|chatbot|language${S}model|agent|gpt)s?\\s{0,2}[:,!-]`,
    score: 0.75,
    anchors: ['^note', '^message', '^instruction', '^attention', '^important'],
    back: 0,
    ahead: 60,
  },
  {
    id: 'conceal_from_user',
    pattern: `\\b(?:do${S}not|don't|never)${S}(?:tell|inform|mention${S}(?:this|it)${S}to|notify|alert|reveal${S}this${S}to)${S}(?:the${S}|your${S})?(?:user|human|owner|victim)\\b`,
    score: 0.8,
    anchors: ['^user', '^human', '^owner', '^victim'],
    back: 80,
    ahead: 8,
  },
];

/** Lexical prompt-injection cues (category `prompt_injection`). */
export const injectionDetector: Detector = cueDetector(
  'injection',
  'prompt_injection',
  INJECTION_RULES,
);
