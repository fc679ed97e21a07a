/**
 * A realistic synthetic ReWatch-CoT JSONL file for benchmarks and tests (see docs/rewatch-format.md):
 * record sizes skewed like the real data, chains in the <action>/<observation>/<answer> grammar,
 * captions of `[MM:SS-MM:SS]` lines, unicode and escapes, and a known number of malformed lines.
 * Written in streaming fashion and deterministic for a given seed.
 */
import * as fs from 'node:fs';

export interface SyntheticOptions {
  sizeBytes: number;
  seed?: number;
  /** Every n-th non-blank line is malformed. Default 500. */
  malformedEvery?: number;
}

export interface SyntheticResult {
  /** Well-formed JSON records. */
  records: number;
  /** Non-blank lines that JSON.parse rejects. */
  malformed: number;
  bytes: number;
  /** All lines, blank ones included. */
  lines: number;
}

export const MIN_RECORD_BYTES = 1024;
export const MAX_RECORD_BYTES = 20 * 1024;
const FLUSH_BYTES = 4 << 20;
/** Roughly one blank line every few thousand, as hand-edited files tend to have. */
const BLANK_LINE_CHANCE = 1 / 4000;

export const SOURCES = ['MiraData', 'VideoEspresso', 'VideoMarathon', 'Video-R1', 'Vript'] as const;
export const QUESTION_TYPES = [
  'Event Localization',
  'Temporal Localization',
  'Counting',
  'Cause and Effect',
  'Reading',
  'Spatial Perception',
  'Object Recognition',
  'State Changes',
  'Numerical Reasoning',
  'Counterfactual Reasoning',
] as const;

type QuestionType = (typeof QUESTION_TYPES)[number];

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same file. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const SUBJECTS = [
  'the man in the red jacket',
  'the woman holding an umbrella',
  'the cyclist',
  'the chef',
  'the brown dog',
  'the presenter',
  'a small child',
  'the driver of the white truck',
  'the street vendor',
  'the robotic arm',
  'the goalkeeper',
  'la cuisinière',
  'the barista at Café Müller',
  'the 店员 behind the counter',
  'the teacher at the whiteboard',
  'the hiker with a blue backpack',
  'the guitarist 🎸',
  'the señora selling piñatas',
];
const VERBS: readonly (readonly [string, string])[] = [
  ['picks up', 'picked up'],
  ['opens', 'opened'],
  ['puts down', 'put down'],
  ['throws', 'thrown'],
  ['points at', 'pointed at'],
  ['pours water into', 'poured water into'],
  ['writes on', 'written on'],
  ['hands over', 'handed over'],
  ['inspects', 'inspected'],
  ['drops', 'dropped'],
  ['cuts', 'cut'],
  ['waves at', 'waved at'],
];
const OBJECTS = [
  'a green bottle',
  'the whiteboard',
  'a cardboard box',
  'the steering wheel',
  'a bowl of ramen (拉面)',
  'the café sign',
  'a folded map',
  'the red van',
  'a smartphone 📱',
  'the wooden ladder',
  'a jar of pickled kimchi (김치)',
  'the crème brûlée',
  'a yellow helmet',
  'the paper lantern 🏮',
  'a stack of invoices',
  'the remote control',
];
const PLACES = [
  'in the kitchen',
  'on the street corner',
  'at the train station',
  'near the window',
  'on the football pitch',
  'in the workshop',
  'beside the river',
  'at the market stall',
  'in the classroom',
  'on the rooftop',
];
const SIGN_TEXTS = [
  'Café Lumière',
  '東京駅 Tokyo Sta.',
  'OPEN 24/7',
  'EXIT → 出口',
  'Bäckerei Schäfer',
  'Sale -50% 🔥',
  'C:\\temp\\clip_01.mp4',
  'No \\"Parking\\" zone',
  'Platform 9¾',
  '營業中',
  'x\\y = 3',
];
const STATES = [
  'empty to full',
  'closed to open',
  'dry to wet',
  'whole to sliced',
  'lit to dark',
  'clean to covered in flour',
  'folded to spread out',
  'upright to tipped over',
];
const REASONING = [
  'I should verify this before answering.',
  'The question hinges on the exact moment, so I need to look again.',
  'That alone does not settle it; the other options are still possible.',
  'This is consistent with what the question describes.',
  'Let me double-check the earlier part of the video, since the first view may have been misleading.',
  'The observation rules out option C.',
  'Nothing in this segment contradicts the hypothesis.',
  'I now have enough evidence about the order of events.',
  'Hmm, the camera angle changes here, so the object might be hidden rather than gone.',
  'The timestamps in the question are approximate, so I widen the window a little.',
  'Je vérifie encore une fois pour être sûr.',
  '这一段需要再看一遍。',
  'The caption of this part mentions "a loud noise" — worth checking.',
  'A backslash in the on-screen path (\\) suggests a Windows machine.',
];
const CAPTION_EVENTS = [
  'The camera pans slowly across the room, showing shelves full of jars.',
  'A close-up shows hands kneading dough on a floured wooden table.',
  'A car passes in the background while the narrator keeps talking.',
  'The scene cuts to an aerial view of the city at dusk.',
  'Text appears on screen reading "Chapter 2".',
  'Two people shake hands and laugh; one wears glasses.',
  'The light turns green and the cyclists start moving.',
  'A dog runs across the frame from left to right.',
  '画面切换到厨房，厨师正在切菜。',
  'La caméra montre une rue pavée sous la pluie.',
  'A subtitle reads "¿Dónde está la estación?" at the bottom.',
  'Fireworks 🎆 light up the sky over the harbour.',
  'The presenter points to a chart with three rising bars.',
  'Someone types C:\\Users\\demo into a terminal window.',
  'The shot is shaky; a hand briefly covers the lens.',
];

interface CotRecord {
  id: string;
  source: string;
  video_path: string;
  duration: number;
  question_type: QuestionType;
  question: string;
  options?: string[];
  answer: string;
  cot: string;
  caption?: string;
  rewards?: { acc: number; obs: number; rea: number; fmt: number; total: number };
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  return `${mm}:${String(s % 60).padStart(2, '0')}`;
}

/** `H:MM:SS` for long videos now and then, since the format accepts it alongside MM:SS ≥ 60. */
function clockMaybeHours(rng: Rng, seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 3600 || rng.chance(0.5)) return clock(s);
  const h = Math.floor(s / 3600);
  return `${h}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** JSON-escaped UTF-8 size of a string placed inside a record (without its quotes). */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

const YT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

class RecordFactory {
  constructor(private readonly rng: Rng) {}

  private ytId(): string {
    let id = '';
    for (let i = 0; i < 11; i++) id += YT_ALPHABET[this.rng.int(0, 63)];
    return id;
  }

  private videoPath(source: string): string {
    const r = this.rng;
    switch (source) {
      case 'MiraData':
        return `${this.ytId()}/${(r.next() * 90000).toFixed(2)}.mp4`;
      case 'VideoEspresso':
        return `${r.pick(['cooking', 'traffic', 'sports', 'diy', 'news'])}/${r.int(100000, 999999)}.mp4`;
      case 'VideoMarathon':
        return `panda/${this.ytId()}.mp4`;
      case 'Video-R1':
        return `LLaVA-Video-178K/youtube_video_2024/ytb_${this.ytId()}.mp4`;
      default:
        return `${this.ytId()}/${this.ytId()}-Scene-${String(r.int(1, 120)).padStart(3, '0')}.mp4`;
    }
  }

  /**
   * 36% under 3 min, 50% 3–20 min, 14% 20–60 min, with a few marathon videos past the hour.
   * Long records get a video of 3 min or more: their dense captions need the time.
   */
  private duration(long: boolean): number {
    const r = this.rng;
    const u = long ? 0.36 + r.next() * 0.64 : r.next();
    const seconds = u < 0.36 ? r.int(20, 179) : u < 0.86 ? r.int(180, 1199) : u < 0.98 ? r.int(1200, 3599) : r.int(3600, 5400);
    return Math.round((seconds + r.next()) * 100) / 100;
  }

  /** A window [a, b] inside the video, a few seconds long. */
  private window(duration: number): [number, number] {
    const len = this.rng.int(2, 12);
    const a = this.rng.int(0, Math.max(0, Math.floor(duration) - len - 1));
    return [a, Math.min(Math.floor(duration), a + len)];
  }

  private span(duration: number): string {
    const [a, b] = this.window(duration);
    return `[${clock(a)}-${clock(b)}]`;
  }

  private question(type: QuestionType, duration: number): { text: string; answer: string; distractors: string[]; hint: string } {
    const subj = this.rng.pick(SUBJECTS);
    const [verb, past] = this.rng.pick(VERBS);
    const obj = this.rng.pick(OBJECTS);
    return { ...this.questionFor(type, duration, subj, verb, past, obj), hint: `${subj} ${verb} ${obj}` };
  }

  private questionFor(
    type: QuestionType,
    duration: number,
    subj: string,
    verb: string,
    past: string,
    obj: string,
  ): { text: string; answer: string; distractors: string[] } {
    const r = this.rng;
    const place = r.pick(PLACES);
    const others = (pool: readonly string[], answer: string): string[] => pool.filter((x) => x !== answer);
    switch (type) {
      case 'Event Localization': {
        const spans = Array.from({ length: 4 }, () => this.span(duration));
        return { text: `When does ${subj} ${verb} ${obj} ${place}?`, answer: spans[0], distractors: spans.slice(1) };
      }
      case 'Temporal Localization': {
        const answer = `${r.pick(SUBJECTS)} ${r.pick(VERBS)[0]} ${r.pick(OBJECTS)}`;
        return {
          text: `What happens right after ${subj} ${verb} ${obj} at ${this.span(duration)}?`,
          answer,
          distractors: [0, 1, 2].map(() => `${r.pick(SUBJECTS)} ${r.pick(VERBS)[0]} ${r.pick(OBJECTS)}`),
        };
      }
      case 'Counting': {
        const n = r.int(1, 9);
        return {
          text: `How many times does ${subj} ${verb} ${obj} between ${this.span(duration)} and ${this.span(duration)}?`,
          answer: String(n),
          distractors: [n + 1, n + 2, n - 1].map(String),
        };
      }
      case 'Cause and Effect': {
        const causes = [
          'because the lid was stuck',
          'to get the attention of the crowd',
          'since it started to rain',
          'because the alarm went off',
          'to make room on the table',
        ];
        const answer = r.pick(causes);
        return { text: `Why does ${subj} ${verb} ${obj} at ${this.span(duration)}?`, answer, distractors: others(causes, answer).slice(0, 3) };
      }
      case 'Reading': {
        const answer = r.pick(SIGN_TEXTS);
        return {
          text: `What text is written on the sign ${place} shown at [${clock(this.window(duration)[0])}]?`,
          answer,
          distractors: others(SIGN_TEXTS, answer).slice(0, 3),
        };
      }
      case 'Spatial Perception': {
        const rel = ['to the left of the table', 'behind the counter', 'on top of the fridge', 'under the bench', 'next to the door'];
        const answer = r.pick(rel);
        return { text: `Where is ${obj} relative to ${subj} at ${this.span(duration)}?`, answer, distractors: others(rel, answer).slice(0, 3) };
      }
      case 'Object Recognition': {
        const answer = r.pick(OBJECTS);
        return { text: `What does ${subj} hold ${place} at ${this.span(duration)}?`, answer, distractors: others(OBJECTS, answer).slice(0, 3) };
      }
      case 'State Changes': {
        const answer = r.pick(STATES);
        return {
          text: `How does ${obj} change between ${this.span(duration)} and ${this.span(duration)}?`,
          answer: `It goes from ${answer}`,
          distractors: others(STATES, answer)
            .slice(0, 3)
            .map((s) => `It goes from ${s}`),
        };
      }
      case 'Numerical Reasoning': {
        const price = r.int(2, 40);
        const qty = r.int(2, 9);
        return {
          text: `The price tag ${place} at ${this.span(duration)} shows €${price}. How much would ${qty} of them cost?`,
          answer: `€${price * qty}`,
          distractors: [price * qty + price, price * (qty - 1), price + qty].map((v) => `€${v}`),
        };
      }
      default: {
        const outcomes = [
          'the box would have fallen',
          'the crowd would not have turned around',
          'the soup would have boiled over',
          'the dog would have kept running',
          'nothing would have changed',
        ];
        const answer = r.pick(outcomes);
        return {
          text: `If ${subj} had not ${past} ${obj} at ${this.span(duration)}, what would most likely have happened?`,
          answer,
          distractors: others(outcomes, answer).slice(0, 3),
        };
      }
    }
  }

  /** One re-watch step in the chain grammar, its times inside the video. */
  private step(duration: number, subjectHint: string): string {
    const r = this.rng;
    const [a, b] = this.window(duration);
    const at = (a + r.next() * (b - a)).toFixed(1);
    const fmt = (s: number): string => clockMaybeHours(r, s);
    const focus = `${r.pick(SUBJECTS)} ${r.pick(VERBS)[0]} ${r.pick(OBJECTS)}`;
    const u = r.next();
    const action =
      u < 0.35
        ? `retrieve segments where ${subjectHint}`
        : u < 0.7
          ? `query the segment from ${fmt(a)} to ${fmt(b)}, focusing on ${focus}`
          : u < 0.9
            ? `query the segment between ${fmt(a)} and ${fmt(b)}`
            : `look at the frame at ${at}s to check what is on screen`;
    const observations = [
      `It happens between ${fmt(a)} and ${fmt(b)}; ${focus}.`,
      `At ${at}s ${focus} ${r.pick(PLACES)}.`,
      `The sign reads "${r.pick(SIGN_TEXTS)}" and ${focus}.`,
      `From ${fmt(a)} to ${fmt(b)} nothing relevant happens; the camera stays on ${r.pick(OBJECTS)}.`,
      `${r.pick(CAPTION_EVENTS)} Then ${focus}.`,
    ];
    return `<action>${action}</action>\n<observation>${r.pick(observations)}</observation>`;
  }

  /** Builds one record and pads it (caption or reasoning) towards a target size in bytes. */
  make(index: number): CotRecord {
    const r = this.rng;
    const target = this.targetSize();
    const source = r.pick(SOURCES);
    const duration = this.duration(target > 6144);
    const type = r.pick(QUESTION_TYPES);
    const q = this.question(type, duration);
    const multipleChoice = r.chance(0.5);
    const letters = ['A', 'B', 'C', 'D'];
    let answer = q.answer;
    let options: string[] | undefined;
    let finalAnswer = q.answer;
    if (multipleChoice) {
      const correct = r.int(0, 3);
      const texts = q.distractors.slice(0, 3);
      texts.splice(correct, 0, q.answer);
      options = texts.map((t, i) => `${letters[i]}: ${t}`);
      answer = letters[correct];
      finalAnswer = options[correct];
    }

    const steps = this.stepCount();
    const parts: string[] = [r.pick(REASONING)];
    for (let i = 0; i < steps; i++) {
      parts.push(i === 0 ? `I'll ${this.step(duration, q.hint)}` : this.step(duration, q.hint));
      parts.push(r.pick(REASONING));
    }
    const tail = `<answer>${finalAnswer}</answer>`;

    const record: CotRecord = {
      id: `rw-cot-${String(index).padStart(6, '0')}`,
      source,
      video_path: this.videoPath(source),
      duration,
      question_type: type,
      question: q.text,
      ...(options ? { options } : {}),
      answer,
      cot: '',
    };
    if (r.chance(0.3)) {
      const obs = Math.round((r.int(0, steps) / steps) * 10000) / 10000;
      const acc = r.chance(0.7) ? 1 : 0;
      const rea = r.chance(0.6) ? 1 : 0;
      const fmt = r.chance(0.95) ? 1 : 0;
      record.rewards = { acc, obs, rea, fmt, total: Math.round((acc * (1 + obs + rea) + fmt) * 10000) / 10000 };
    }

    // Everything but the chain and the caption, plus the chain so far (joined with spaces).
    let size = Buffer.byteLength(JSON.stringify(record)) + jsonBytes(parts.join(' ')) + 1 + jsonBytes(tail);
    const gap = target - size;
    if (gap > 3000 || (gap > 600 && r.chance(0.4))) {
      const caption = this.caption(duration, gap);
      if (caption.lines.length > 0) {
        record.caption = caption.lines.join('\n');
        size += caption.bytes;
      }
    }
    // Whatever is left goes into the free reasoning, between the steps.
    while (size < target - 120) {
      const sentence = this.reasoning(duration);
      parts.splice(r.int(0, parts.length - 1), 0, sentence);
      size += jsonBytes(sentence) + 1;
    }
    record.cot = `${parts.join(' ')} ${tail}`;
    return record;
  }

  /** A free-reasoning sentence, often about a moment of the video, so long chains do not repeat. */
  private reasoning(duration: number): string {
    const r = this.rng;
    const [a, b] = this.window(duration);
    const focus = `${r.pick(SUBJECTS)} ${r.pick(VERBS)[0]} ${r.pick(OBJECTS)}`;
    switch (r.int(0, 4)) {
      case 0:
        return `Earlier, around ${clock(a)}, ${focus} ${r.pick(PLACES)}.`;
      case 1:
        return `Option ${r.pick(['A', 'B', 'C', 'D'])} would need ${focus}, which I have not seen between ${clock(a)} and ${clock(b)}.`;
      case 2:
        return `If ${focus}, the answer should mention ${r.pick(OBJECTS)} as well. ${r.pick(REASONING)}`;
      default:
        return r.pick(REASONING);
    }
  }

  /** 2.3 steps on average, up to 11. */
  private stepCount(): number {
    const u = this.rng.next();
    if (u < 0.3) return 1;
    if (u < 0.65) return 2;
    if (u < 0.85) return 3;
    if (u < 0.95) return this.rng.int(4, 6);
    return this.rng.int(7, 11);
  }

  /** Skewed: most records 2–6 KB, a tail up to 20 KB, a few near 1 KB. */
  private targetSize(): number {
    const r = this.rng;
    const u = r.next();
    if (u < 0.08) return r.int(1300, 2048);
    if (u < 0.83) return r.int(2048, 6144);
    if (u < 0.95) return r.int(6144, 12288);
    return r.int(12288, MAX_RECORD_BYTES - 200);
  }

  /** Dense caption lines `[MM:SS-MM:SS] text` over the video, adding at most about `budget` bytes. */
  private caption(duration: number, budget: number): { lines: string[]; bytes: number } {
    const r = this.rng;
    const lines: string[] = [];
    let bytes = 13; // the `,"caption":""` around the text
    // Spread the lines over the video so the captions end near its end, as dense captions do.
    const expected = Math.max(1, Math.floor(budget / 90));
    const step = Math.max(1, duration / expected);
    let t = 0;
    for (;;) {
      const end = Math.min(duration, t + step * (0.6 + r.next() * 0.8));
      if (end - t < 0.5) break;
      const line = `[${clock(t)}-${clock(end)}] ${r.pick(CAPTION_EVENTS)}`;
      const add = jsonBytes(line) + (lines.length > 0 ? 2 : 0); // "\n" is two bytes once escaped
      if (bytes + add > budget) break;
      lines.push(line);
      bytes += add;
      t = end;
    }
    return { lines, bytes };
  }
}

/** A malformed line in one of several ways a JSONL file really breaks. */
function malform(rng: Rng, json: string, index: number): string {
  switch (rng.int(0, 5)) {
    case 0:
      // Truncated: a proper prefix of an object never parses.
      return json.slice(0, rng.int(10, json.length - 2));
    case 1:
      return `${json.slice(0, -1)},}`;
    case 2:
      return json.replace('{"id":', '{id:');
    case 3:
      // Bare words every parser rejects (not NaN: Python's json accepts it).
      return rng.pick(['undefined', 'None', 'ERROR', '<<<<<<< HEAD', 'rw-cot-' + index]);
    case 4:
      return json.replace(/"/g, "'");
    default:
      // Two records glued together by a lost newline.
      return `${json}${json}`;
  }
}

/** Accumulates lines in one reused buffer and writes it out when about 4 MB are pending. */
class LineWriter {
  private readonly buffer = Buffer.allocUnsafe(FLUSH_BYTES + MAX_RECORD_BYTES * 4);
  private used = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  write(line: string): void {
    const length = Buffer.byteLength(line);
    if (this.used + length + 1 > this.buffer.length) this.flush();
    if (length + 1 > this.buffer.length) {
      this.writeAll(Buffer.from(`${line}\n`));
    } else {
      this.used += this.buffer.write(line, this.used);
      this.buffer[this.used++] = 0x0a;
      if (this.used >= FLUSH_BYTES) this.flush();
    }
    this.bytes += length + 1;
  }

  flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(data: Buffer): void {
    let done = 0;
    while (done < data.length) done += fs.writeSync(this.fd, data, done, data.length - done);
  }
}

export function writeSyntheticDataset(file: string, options: SyntheticOptions): SyntheticResult {
  const malformedEvery = Math.max(1, Math.floor(options.malformedEvery ?? 500));
  const rng = new Rng(mulberry32(options.seed ?? 1));
  const factory = new RecordFactory(rng);
  const fd = fs.openSync(file, 'w');
  const out = new LineWriter(fd);
  const result: SyntheticResult = { records: 0, malformed: 0, bytes: 0, lines: 0 };
  try {
    let entry = 0;
    while (out.bytes < options.sizeBytes) {
      if (entry > 0 && rng.chance(BLANK_LINE_CHANCE)) {
        out.write('');
        result.lines++;
        continue;
      }
      entry++;
      const json = JSON.stringify(factory.make(entry));
      if (entry % malformedEvery === 0) {
        out.write(malform(rng, json, entry));
        result.malformed++;
      } else {
        out.write(json);
        result.records++;
      }
      result.lines++;
    }
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
  result.bytes = out.bytes;
  return result;
}
