/**
 * Content words of an observation or a caption segment, for the offline evidence check: lower-cased,
 * stop words and time references dropped, stemmed (Porter2) so "drinks" meets "drinking", numbers
 * normalized so "two" meets "2" ("one" only as a count, not in "a green one"), and weighted so the details a hallucination usually gets wrong (counts,
 * colours) weigh more. Runs over every observation and caption of a dataset: a word's analysis is
 * memoized, so a word costs one Map lookup after its first sight.
 */
import stem from 'wink-porter2-stemmer';
import { findTimeRefs } from '../../../../shared/chain/timeRefs';

export interface Token {
  /** The word, lower-cased. */
  word: string;
  /** What matches: the Porter2 stem, or the number's canonical digits ("two", "2", "02" → "2"). */
  stem: string;
  /** Span in the analysed text (UTF-16 indices). */
  from: number;
  to: number;
  /** Weight in the support score. */
  weight: number;
}

export const NUMBER_WEIGHT = 3;
export const COLOUR_WEIGHT = 2;
export const WORD_WEIGHT = 1;

/*
 * English function words, plus the words an observation uses to talk about the video itself ("the clip
 * shows…"): captions describe the scene and rarely say them, so they would count against faithful steps.
 */
const STOP_WORDS = new Set(
  (
    'a an the and or but nor so yet if then than that this these those there here of in on at to for from by with without into onto ' +
    'via per upon among within ' +
    'over under up down out off about above below between through during before after again further once also too very just ' +
    'only own same such both each few more most other some any all no not none is am are was were be been being have has had ' +
    'having do does did doing done can could will would shall should may might must i me my mine myself we us our ours ' +
    'ourselves you your yours yourself he him his himself she her hers herself it its itself they them their theirs themselves ' +
    'what which who whom whose when where why how while as because until unless although though whether s t d ll m re ve ' +
    'don doesn didn isn aren wasn weren wouldn couldn shouldn hasn haven hadn let lets ' +
    'video clip clips segment segments scene scenes frame frames footage shows show shown showing appears appear ' +
    'appeared visible see seen sees observe observed observes moment moments time times second seconds sec secs minute minutes ' +
    'still now later next finally'
  ).split(' '),
);

const NUMBER_WORDS: readonly string[] = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

/** Colour words, by the stem that matches (variants fold into one: "gray" is "grey", "golden" is "gold"). */
const COLOURS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    red: 'red',
    green: 'green',
    blue: 'blue',
    yellow: 'yellow',
    black: 'black',
    white: 'white',
    orange: 'orange',
    purple: 'purple',
    violet: 'purple',
    pink: 'pink',
    brown: 'brown',
    grey: 'grey',
    gray: 'grey',
    silver: 'silver',
    gold: 'gold',
    golden: 'gold',
    beige: 'beige',
    tan: 'tan',
    cyan: 'cyan',
    teal: 'teal',
    turquoise: 'turquoise',
    magenta: 'magenta',
    maroon: 'maroon',
    navy: 'navy',
    crimson: 'red',
    scarlet: 'red',
  }),
);

interface WordInfo {
  stem: string;
  weight: number;
}

/** A stop word: remembered too, so it also costs one lookup. */
const STOP: WordInfo = { stem: '', weight: 0 };
/** Memo of word → analysis; cleared when it grows past this (a guard against unbounded vocabularies). */
const MEMO_LIMIT = 200_000;
const memo = new Map<string, WordInfo>();

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const HAS_DIGIT = /\d/;

function analyse(word: string): WordInfo {
  if (STOP_WORDS.has(word)) return STOP;
  if (isDigit(word.charCodeAt(0)) && /^\d+(?:\.\d+)?$/.test(word)) {
    // Canonical digits: "02" and "2.0" are 2; decimals keep their point.
    return { stem: String(Number(word)), weight: NUMBER_WEIGHT };
  }
  const number = NUMBER_WORDS.indexOf(word);
  if (number >= 0) return { stem: String(number), weight: NUMBER_WEIGHT };
  const colour = COLOURS.get(word);
  if (colour !== undefined) return { stem: colour, weight: COLOUR_WEIGHT };
  // One letter is an article, an initial or an option letter: no content.
  if (word.length < 2) return STOP;
  // The stemmer garbles digits ("3rd" → "yrd"): words with digits ("3rd", "mp4") are kept whole.
  return { stem: HAS_DIGIT.test(word) ? word : stem(word), weight: WORD_WEIGHT };
}

function info(word: string): WordInfo {
  let found = memo.get(word);
  if (found === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    found = analyse(word);
    memo.set(word, found);
  }
  return found;
}

/**
 * Words after which "one" is a pronoun ("a green one", "the one on the left", "each one"), not the count
 * 1: a colour, or one of these.
 */
const ONE_AS_PRONOUN_AFTER = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'each',
  'every',
  'which',
  'another',
  'any',
  'no',
  'other',
  'same',
  'last',
  'next',
  'first',
]);

const isPronounOne = (word: string, previous: string | undefined): boolean =>
  word === 'one' && previous !== undefined && (ONE_AS_PRONOUN_AFTER.has(previous) || COLOURS.has(previous));

/** Words: a number (with its decimals, "3.5") or a run of letters and digits ("3rd", "t-shirt" is two). */
const WORD = /\d+(?:\.\d+)?(?![\p{L}\p{N}])|[\p{L}\p{N}]+/gu;

/** The content words of `text`, in order, with spans into it. Time references ("00:15", "12.5s") are skipped. */
export function contentTokens(text: string): Token[] {
  if (typeof text !== 'string' || text === '') return [];
  // Times always hold a digit: most texts skip the time scan.
  const refs = HAS_DIGIT.test(text) ? findTimeRefs(text) : [];
  const tokens: Token[] = [];
  let ref = 0;
  let previous: string | undefined;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const from = match.index;
    const to = from + match[0].length;
    while (ref < refs.length && refs[ref].to <= from) ref++;
    if (ref < refs.length && refs[ref].from < to) continue; // inside a time reference
    const word = match[0].toLowerCase();
    const before = previous;
    previous = word;
    const analysed = info(word);
    if (analysed === STOP || isPronounOne(word, before)) continue;
    tokens.push({ word, stem: analysed.stem, from, to, weight: analysed.weight });
  }
  return tokens;
}
