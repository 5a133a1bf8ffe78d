/**
 * Jailbreak cues: DAN-family personas, "developer mode", refusal suppression, claims that the
 * model is free of its policies, and amoral/unfiltered persona set-ups.
 */
import type { Detector } from '../detector.js';
import { type CueRule, cueDetector } from './cue.js';

const S = '\\s{1,3}';

/** Rules of the jailbreak cue detector. */
export const JAILBREAK_RULES: readonly CueRule[] = [
  {
    // "do anything now" alone is everyday English; the persona names or quotes it.
    id: 'do_anything_now',
    pattern: `(?:["'“(]|\\b(?:stands?${S}for|means|called|named)${S})do${S}anything${S}now\\b|\\bdo${S}anything${S}now${S}\\(?DAN\\b`,
    score: 0.92,
    anchors: ['anything now'],
    back: 40,
    ahead: 20,
  },
  {
    id: 'dan_persona',
    pattern: `\\b(?:you${S}are|you're|act${S}as|acting${S}as|pretend${S}to${S}be|become|be|called|named|play)${S}(?:now${S})?(?:a${S}|the${S})?(?:DAN|STAN|DUDE|AIM|BetterDAN|AntiGPT|EvilBOT)\\b`,
    score: 0.85,
    anchors: ['^dan', '^stan', '^dude', '^aim', '^betterdan', '^antigpt', '^evilbot'],
    back: 50,
    ahead: 12,
  },
  {
    id: 'developer_mode',
    pattern: `\\b(?:(?:chatgpt|gpt|ai|assistant|llm|model)${S}(?:with${S})?developer${S}mode|developer${S}mode${S}(?:enabled|output|activated|on|response)|(?:enable|activate|enter)${S}developer${S}mode${S}(?:for${S})?(?:chatgpt|gpt|yourself|now))\\b`,
    score: 0.85,
    anchors: ['developer mode'],
    back: 40,
    ahead: 40,
  },
  {
    id: 'jailbroken_persona',
    pattern: `\\b(?:you${S}are|you're|act${S}as|become)${S}(?:now${S})?(?:a${S}|an${S})?(?:jailbroken|unrestricted|unfiltered|uncensored|amoral)\\b`,
    score: 0.85,
    anchors: ['^jailbr', '^unrestricted', '^unfiltered', '^uncensored', '^amoral'],
    back: 40,
    ahead: 16,
  },
  {
    id: 'refusal_suppression',
    pattern: `\\b(?:never|do${S}not|don't|must${S}not|cannot|can't|won't|will${S}not|shall${S}not)${S}(?:ever${S})?(?:refuse|decline|reject)${S}(?:a${S}|any${S}|to${S}answer|my|the${S}user|requests?|questions?|anything)`,
    score: 0.75,
    anchors: ['^refuse', '^decline', '^reject'],
    back: 40,
    ahead: 40,
  },
  {
    id: 'no_restrictions',
    pattern: `\\b(?:without|free${S}(?:of|from)|bypass(?:ing)?|ignor(?:e|ing)|no${S}longer${S}(?:bound|restricted)${S}by|not${S}(?:bound|restricted)${S}by)${S}(?:any${S}|all${S}|the${S}|your${S})?(?:moral|ethical|content|safety|openai|usual)${S}(?:restrictions|guidelines|filters|limitations|constraints|polic(?:y|ies)|considerations|boundaries|rules)`,
    score: 0.75,
    anchors: [
      '^restriction',
      '^guideline',
      '^filter',
      '^limitation',
      '^constraint',
      '^polic',
      '^consideration',
      '^boundar',
      '^rules',
    ],
    back: 100,
    ahead: 12,
  },
  {
    id: 'vendor_policy',
    pattern: `\\b(?:ignore|break|violate|bypass|disregard|not${S}(?:bound|restricted)${S}by|free${S}from)${S}(?:(?:the|all|any|its|their|your)${S})?(?:openai|anthropic|google|meta)(?:'s)?${S}(?:content${S})?(?:polic(?:y|ies)|guidelines|rules)`,
    score: 0.85,
    anchors: ['^openai', '^anthropic', '^google', '^meta'],
    back: 60,
    ahead: 60,
  },
  {
    id: 'persona_unfiltered',
    pattern: `\\b(?:unfiltered|uncensored|amoral|unrestricted|unethical)${S}(?:and${S}(?:unfiltered|uncensored|amoral|unrestricted|unethical)${S})?(?:ai|chatbot|assistant|version|mode|persona|bot|language${S}model)\\b`,
    score: 0.8,
    anchors: ['^unfiltered', '^uncensored', '^amoral', '^unrestricted', '^unethical'],
    back: 60,
    ahead: 40,
  },
  {
    id: 'pretend_unrestricted',
    pattern: `\\bpretend${S}(?:that${S})?(?:you${S}(?:have|are|had|were)|to${S}be)${S}(?:an?${S})?(?:no|not${S}bound|free|unrestricted|unfiltered|uncensored|without|evil|malicious|unethical|amoral)\\b`,
    score: 0.8,
    anchors: ['^pretend'],
    back: 0,
    ahead: 60,
  },
  {
    id: 'freed',
    pattern: `\\b(?:you${S}(?:are|have${S}been)${S}(?:now${S})?(?:freed|liberated|released|unshackled)|break${S}free${S}(?:of|from)${S}(?:the${S})?(?:typical${S})?(?:confines|rules|restrictions))\\b`,
    score: 0.75,
    anchors: ['^freed', '^liberated', '^released', '^unshackled', 'break free'],
    back: 40,
    ahead: 60,
  },
  {
    id: 'not_bound',
    pattern: `\\b(?:not|never|isn't|aren't|doesn't|don't|do${S}not|does${S}not|no${S}longer)${S}(?:have${S}to${S}|need${S}to${S})?(?:bound|restricted|limited|follow|abide${S}by|adhere${S}to|comply${S}with|care${S}about)${S}(?:by${S})?(?:any${S}|the${S}|openai's${S})?(?:ethical${S}|moral${S}|usual${S})?(?:rules|guidelines|restrictions|policies|ethics|morals|morality|limitations|filters|principles)\\b`,
    score: 0.7,
    anchors: [
      '^rules',
      '^guideline',
      '^restriction',
      '^polic',
      '^ethic',
      '^moral',
      '^limitation',
      '^filter',
      '^principle',
    ],
    back: 90,
    ahead: 16,
  },
  {
    id: 'you_have_no_limits',
    pattern: `\\byou${S}(?:have|has|are${S}with|will${S}have)${S}(?:no|zero|absolutely${S}no)${S}(?:censorship|filters?|restrictions|limits|limitations|boundaries|ethics|morals|morality|rules|guidelines)\\b`,
    score: 0.75,
    anchors: [
      '^censorship',
      '^filter',
      '^restriction',
      '^limit',
      '^boundar',
      '^ethic',
      '^moral',
      '^rules',
      '^guideline',
    ],
    back: 40,
    ahead: 16,
  },
  {
    id: 'say_anything',
    pattern: `\\b(?:can|will|must|should|are${S}able${S}to)${S}(?:say|do|answer|generate|write|produce)${S}(?:anything|everything|whatever)${S}(?:without|regardless|no${S}matter|even${S}if|,${S}even)\\b`,
    score: 0.7,
    anchors: ['^anything', '^everything', '^whatever'],
    back: 40,
    ahead: 24,
  },
  {
    id: 'jailbreak_tag',
    pattern: `\\[\\s{0,2}(?:\\S{1,2}\\s{0,2})?(?:jailbreak|jailbroken|developer${S}mode${S}output)\\s{0,2}\\]`,
    score: 0.85,
    anchors: ['jailbr', 'developer mode'],
    back: 8,
    ahead: 16,
  },
  {
    id: 'stay_in_character',
    pattern: `\\b(?:stay|remain|keep)${S}in${S}character\\b`,
    score: 0.55,
    anchors: ['in character'],
    back: 12,
    ahead: 12,
  },
];

/** Lexical jailbreak cues (category `jailbreak`). */
export const jailbreakDetector: Detector = cueDetector('jailbreak', 'jailbreak', JAILBREAK_RULES);
