/**
 * Harmful-request cues: explicit first-person asks for weapons of mass harm or drug synthesis,
 * self-harm methods, and violence against people. Deliberately narrow: the classifier covers
 * the broad moderation category; these add spans and certainty for the unambiguous cases.
 */
import type { Detector } from '../detector.js';
import { type CueRule, cueDetector } from './cue.js';

const S = '\\s{1,3}';
const ASK = `(?:how${S}(?:do|can|could|would|should|to)${S}(?:(?:i|you|we|someone|one)${S})?|(?:tell|show|teach)${S}me${S}how${S}to${S}|steps${S}to${S}|instructions${S}(?:for|to)${S})`;

/** Rules of the harmful-request cue detector. */
export const HARMFUL_RULES: readonly CueRule[] = [
  {
    id: 'weapons',
    pattern: `\\b${ASK}(?:make|build|create|synthesi[sz]e|produce|manufacture|assemble|cook|brew)${S}(?:a${S}|an${S}|some${S})?(?:(?:homemade|home-made|pipe|nail|car|dirty|chemical|biological|nuclear|untraceable|3d-printed)${S})?(?:bombs?|explosives?|napalm|nerve${S}agents?|sarin|vx|ricin|anthrax|meth(?:amphetamine)?|bioweapons?|chemical${S}weapons?|ghost${S}guns?|untraceable${S}guns?|molotov(?:${S}cocktails?)?|mustard${S}gas|fentanyl)\\b`,
    score: 0.85,
    anchors: [
      '^bomb',
      '^explosive',
      '^napalm',
      '^nerve agent',
      '^sarin',
      '^vx',
      '^ricin',
      '^anthrax',
      '^meth',
      '^bioweapon',
      '^chemical weapon',
      '^ghost gun',
      '^untraceable gun',
      '^molotov',
      '^mustard gas',
      '^fentanyl',
    ],
    back: 160,
    ahead: 24,
  },
  {
    id: 'self_harm',
    pattern: `\\b(?:how${S}(?:do|can|could|should)${S}i|ways?${S}to|best${S}way${S}to|help${S}me|i${S}want${S}to)${S}(?:kill${S}myself|commit${S}suicide|end${S}my${S}(?:own${S})?life|hurt${S}myself|cut${S}myself|harm${S}myself|starve${S}myself)\\b`,
    score: 0.85,
    anchors: ['^myself', '^suicide', 'my life', 'my own life'],
    back: 60,
    ahead: 8,
  },
  {
    id: 'violence',
    pattern: `\\bhow${S}(?:do|can|could|should)${S}i${S}(?:kill|murder|poison|kidnap|torture|strangle)${S}(?:a${S}|my${S}|the${S}|someone|somebody|people|him|her|them|a${S}person)`,
    score: 0.8,
    anchors: ['^kill', '^murder', '^poison', '^kidnap', '^tortur', '^strangl'],
    back: 40,
    ahead: 40,
  },
];

/** Lexical harmful-request cues (category `harmful`). */
export const harmfulDetector: Detector = cueDetector('harmful', 'harmful', HARMFUL_RULES);
