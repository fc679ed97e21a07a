import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { ServerResponse } from 'node:http';
import { JudgeScores } from '../../../shared/rewards/scores';
import { JudgeCache } from '../../../src/core/judge/judgeCache';
import { JudgeError } from '../../../src/core/judge/judgeClient';
import type { JudgeEndpoint } from '../../../src/core/judge/judgeClient';
import { defaultPromptsPath, loadPrompts } from '../../../src/core/judge/judgePrompts';
import type { JudgePrompts } from '../../../src/core/judge/judgePrompts';
import { captionForStep, runJudge } from '../../../src/core/judge/judgeRunner';
import type { JudgeInput, JudgeRunOptions } from '../../../src/core/judge/judgeRunner';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { deferred, nextTurn } from '../../support/clock';
import { sendCompletion, sendStream, sseText, startFakeServer, systemText, userText } from '../../support/fakeJudgeServer';
import type { ChatRequest, FakeServer } from '../../support/fakeJudgeServer';

/** Prompts whose markers the fake judge recognizes; the real prompts are checked separately. */
const PROMPTS: JudgePrompts = {
  version: 1,
  observation: { system: 'OBS-JUDGE', user: 'CAPTION<<{{caption}}>> INTERVAL<<{{interval}}>> ACTION<<{{action}}>> OBSERVATION<<{{observation}}>>' },
  reasoningAnswer: { system: 'TEXT-ONLY', user: 'Q<<{{question}}>> OPTIONS<<{{options}}>> PAIRS<<{{pairs}}>>' },
  reasoningJudge: { system: 'REA-JUDGE', user: 'Q<<{{question}}>> OPTIONS<<{{options}}>> TRUTH<<{{truth}}>> ANSWER<<{{answer}}>>' },
};

function field(text: string, name: string): string {
  const match = new RegExp(`${name}<<([\\s\\S]*?)>>`).exec(text);
  return match === null ? '' : match[1];
}

type Kind = 'obs' | 'answer' | 'rea' | 'other';
function kindOf(req: ChatRequest): Kind {
  const system = systemText(req);
  if (system === 'OBS-JUDGE' || system.includes('saw what it claims')) return 'obs';
  if (system === 'TEXT-ONLY' || system.includes('cannot see')) return 'answer';
  if (system === 'REA-JUDGE' || system.includes('ground-truth answer')) return 'rea';
  return 'other';
}

/**
 * The fake judge: an observation mentioning "purple" is not supported, "FAIL500" gets a 500; the
 * text-only model answers B when the notes mention a green bottle; the reasoning judge says yes when
 * the answer equals the truth.
 */
function fakeJudge(options: { failAnswer?: boolean } = {}) {
  return async (req: ChatRequest, res: ServerResponse): Promise<void> => {
    const user = userText(req);
    switch (kindOf(req)) {
      case 'obs': {
        const observation = field(user, 'OBSERVATION') || user;
        if (observation.includes('FAIL500')) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end('model crashed: CUDA error');
          return;
        }
        if (observation.includes('purple'))
          return sendCompletion(res, '```json\n{"verdict": "no", "score": 0, "rationale": "The caption shows a green bottle."}\n```');
        return sendCompletion(res, '{"verdict": "yes", "score": 1, "rationale": "The caption supports it."}');
      }
      case 'answer': {
        if (options.failAnswer) {
          res.writeHead(503);
          res.end('overloaded');
          return;
        }
        return sendCompletion(
          res,
          (field(user, 'PAIRS') || user).includes('green bottle') ? 'The notes say green.\n<answer>B</answer>' : 'Not enough.\n<answer>unknown</answer>',
        );
      }
      case 'rea': {
        const same = field(user, 'TRUTH').trim() === field(user, 'ANSWER').trim() || /Ground-truth answer: (.*)\n\nCandidate answer: \1\n/.test(user);
        return sendCompletion(res, same ? 'Yes. The answers match.' : '{"verdict": "no", "score": 0, "rationale": "Different answers."}');
      }
      default:
        res.writeHead(400);
        res.end('unknown prompt');
    }
  };
}

/**
 * The fake judge, holding each request until `size` are held (or all `total` have come), then answering
 * them together: whatever the machine's speed, the calls in flight reach what the runner allows.
 */
function gatedJudge(size: number, total: number) {
  const judge = fakeJudge();
  const held: (() => void)[] = [];
  let arrived = 0;
  return (req: ChatRequest, res: ServerResponse): Promise<void> =>
    new Promise<void>((resolve) => {
      held.push(() => void judge(req, res).then(resolve));
      arrived++;
      if (held.length >= size || arrived === total) for (const answer of held.splice(0)) answer();
    });
}

const CAPTIONS: JudgeInput['captions'] = [
  { start: 0, end: 5, text: 'A man walks in.' },
  { start: 5, end: 9, text: 'He sits down.' },
  { start: 7, end: 15, text: 'A red van passes the cyclist.' },
  { start: 15, end: 22, text: 'The cyclist stops and drinks from a green bottle.' },
  { start: 40, end: 50, text: 'Credits roll.' },
];

function input(overrides: Partial<JudgeInput> = {}): JudgeInput {
  return {
    question: 'What does the cyclist drink from?',
    options: [
      { letter: 'A', text: 'A can' },
      { letter: 'B', text: 'A green bottle' },
      { letter: 'C', text: 'A cup' },
      { letter: 'D', text: 'Nothing' },
    ],
    truth: 'B',
    steps: [
      {
        step: 0,
        action: 'retrieve segments where the red van passes the cyclist',
        observation: 'It passes between 00:07 and 00:15.',
        intervals: [{ start: 7, end: 15 }],
      },
      { step: 1, action: 'query the segment from 00:15 to 00:22', observation: 'He drinks from a green bottle.', intervals: [{ start: 15, end: 22 }] },
      { step: 2, action: 'query the segment from 00:15 to 00:22 again', observation: 'He drinks from a purple bottle.', intervals: [{ start: 15, end: 22 }] },
    ],
    captions: CAPTIONS,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected a rejection');
}

describe('runJudge', () => {
  let server: FakeServer;
  let endpoint: JudgeEndpoint;
  const options = (extra: Partial<JudgeRunOptions> = {}): JudgeRunOptions => ({ endpoint, prompts: PROMPTS, concurrency: 4, ...extra });
  const requestsOf = (kind: Kind) => server.requests.filter((r) => kindOf(r) === kind);

  before(async () => {
    server = await startFakeServer(fakeJudge());
  });
  beforeEach(() => {
    server.handler = fakeJudge();
    server.requests.length = 0;
    server.maxInFlight = 0;
    endpoint = { url: `${server.base}/v1/`, model: 'judge-model', timeoutMs: 5000, stream: false };
  });
  after(async () => {
    await server.close();
    cleanTempFiles();
  });

  it('judges each step from the prompt it sees, and r_rea from the pairs', async () => {
    const scores = await runJudge(input(), options());
    JudgeScores.parse(scores);
    assert.equal(scores.endpoint, `${server.base}/v1/chat/completions`);
    assert.equal(scores.model, 'judge-model');
    assert.deepEqual(
      scores.steps.map((s) => [s.step, s.verdict.verdict, s.verdict.score, s.verdict.error, s.verdict.cached, s.verdict.model]),
      [
        [0, 'yes', 1, null, false, 'judge-model'],
        [1, 'yes', 1, null, false, 'judge-model'],
        [2, 'no', 0, null, false, 'judge-model'],
      ],
    );
    assert.equal(scores.steps[2].verdict.rationale, 'The caption shows a green bottle.');
    assert.ok(Math.abs((scores.obs ?? -1) - 2 / 3) < 1e-9);
    assert.equal(scores.rea?.answer, 'B');
    assert.deepEqual([scores.rea?.verdict.verdict, scores.rea?.verdict.score, scores.rea?.verdict.error], ['yes', 1, null]);
    assert.equal(requestsOf('obs').length, 3);
    assert.equal(requestsOf('answer').length, 1);
    assert.equal(requestsOf('rea').length, 1);
  });

  it('shows the judge the caption where the step looked (±2 s) and the step itself', async () => {
    await runJudge(input({ steps: [input().steps[1]] }), options({ rea: false }));
    const [req] = requestsOf('obs');
    const user = userText(req);
    assert.equal(field(user, 'INTERVAL'), '00:15-00:22');
    assert.equal(field(user, 'ACTION'), 'query the segment from 00:15 to 00:22');
    assert.equal(field(user, 'OBSERVATION'), 'He drinks from a green bottle.');
    assert.equal(field(user, 'CAPTION'), '[00:07-00:15] A red van passes the cyclist.\n[00:15-00:22] The cyclist stops and drinks from a green bottle.');
    assert.equal(req.body?.model, 'judge-model');
    assert.equal(req.body?.messages?.[0].role, 'system');
  });

  it('the text-only model sees the question, the options and the numbered pairs, but no caption', async () => {
    await runJudge(input(), options());
    const user = userText(requestsOf('answer')[0]);
    assert.equal(field(user, 'Q'), 'What does the cyclist drink from?');
    assert.equal(field(user, 'OPTIONS'), 'A: A can\nB: A green bottle\nC: A cup\nD: Nothing');
    assert.equal(
      field(user, 'PAIRS'),
      '1. ACTION: retrieve segments where the red van passes the cyclist\n   OBSERVATION: It passes between 00:07 and 00:15.\n' +
        '2. ACTION: query the segment from 00:15 to 00:22\n   OBSERVATION: He drinks from a green bottle.\n' +
        '3. ACTION: query the segment from 00:15 to 00:22 again\n   OBSERVATION: He drinks from a purple bottle.',
    );
    assert.ok(!user.includes('Credits roll') && !user.includes('red van passes the cyclist.'), 'no caption text');
    const rea = userText(requestsOf('rea')[0]);
    assert.equal(field(rea, 'TRUTH'), 'B: A green bottle');
    assert.equal(field(rea, 'ANSWER'), 'B: A green bottle');
  });

  it('r_rea is 0 when the text-only answer differs from the truth', async () => {
    const scores = await runJudge(input({ steps: [input().steps[0]] }), options());
    assert.equal(scores.rea?.answer, 'unknown');
    assert.deepEqual([scores.rea?.verdict.verdict, scores.rea?.verdict.score], ['no', 0]);
  });

  it('a step citing no time gets the whole caption with a note; a time with no caption says so', () => {
    const whole = captionForStep(CAPTIONS, []);
    assert.equal(whole.interval, 'no time cited');
    assert.ok(
      whole.caption.startsWith('(The action and the observation cite no time, so this is the whole caption, all of it.)\n[00:00-00:05] A man walks in.'),
    );
    assert.ok(whole.caption.endsWith('[00:40-00:50] Credits roll.'));

    const long = Array.from({ length: 500 }, (_, i) => ({ start: i * 10, end: i * 10 + 10, text: `Event number ${i} happens here.` }));
    const clipped = captionForStep(long, []);
    assert.ok(clipped.caption.length < 6200, `${clipped.caption.length}`);
    assert.match(clipped.caption, /whole caption, its first \d+ of 500 events/);

    const empty = captionForStep(CAPTIONS, [{ start: 60, end: 70 }]);
    assert.deepEqual(empty, { caption: '(The caption has no event within 00:58-01:12.)', interval: '01:00-01:10' });

    const two = captionForStep(CAPTIONS, [
      { start: 48, end: 49 },
      { start: 1, end: 2 },
    ]);
    assert.deepEqual(two, { caption: '[00:00-00:05] A man walks in.\n[00:40-00:50] Credits roll.', interval: '00:01-00:02, 00:48-00:49' });
  });

  it('serves a second run from the cache, and never caches a failure', async () => {
    const cache = new JudgeCache(path.join(tempDir(), 'judge.sqlite'));
    try {
      const broken = input();
      broken.steps[1] = { ...broken.steps[1], observation: 'FAIL500 He drinks.' };
      const first = await runJudge(broken, options({ cache }));
      assert.equal(first.steps[1].verdict.verdict, 'error');
      assert.equal(server.requests.length, 5);

      server.requests.length = 0;
      const second = await runJudge(broken, options({ cache }));
      assert.equal(server.requests.length, 1, 'only the failed step is asked again');
      assert.match(userText(server.requests[0]), /FAIL500/);
      assert.deepEqual(
        second.steps.map((s) => s.verdict.cached),
        [true, false, true],
      );
      assert.equal(second.rea?.verdict.cached, true);

      server.requests.length = 0;
      const clean = await runJudge(input(), options({ cache }));
      // The fixed step is new, and so are the pairs the text-only model sees (and then its answer).
      assert.deepEqual(server.requests.map(kindOf).sort(), ['answer', 'obs', 'rea']);
      server.requests.length = 0;
      const again = await runJudge(input(), options({ cache }));
      assert.equal(server.requests.length, 0);
      assert.ok(again.steps.every((s) => s.verdict.cached));
      const strip = (s: JudgeScores) => JSON.stringify(s).replace(/"cached":(true|false)/g, '');
      assert.equal(strip(again), strip(clean));
    } finally {
      cache.close();
    }
  });

  it('runs at most `concurrency` calls at once', async () => {
    server.handler = gatedJudge(3, 9);
    const steps = Array.from({ length: 9 }, (_, i) => ({ step: i, action: `look ${i}`, observation: `Seen ${i}.`, intervals: [{ start: i, end: i + 1 }] }));
    const scores = await runJudge(input({ steps }), options({ concurrency: 3, rea: false }));
    assert.equal(server.requests.length, 9);
    assert.equal(server.maxInFlight, 3);
    assert.equal(scores.obs, 1);

    server.requests.length = 0;
    server.maxInFlight = 0;
    server.handler = gatedJudge(1, 6);
    await runJudge(input({ steps: steps.slice(0, 4) }), options({ concurrency: 1 }));
    assert.equal(server.requests.length, 6);
    assert.equal(server.maxInFlight, 1);
  });

  it("one step's HTTP 500 shows on that step; the others are judged", async () => {
    const withFailure = input();
    withFailure.steps[0] = { ...withFailure.steps[0], observation: 'FAIL500' };
    const scores = await runJudge(withFailure, options());
    JudgeScores.parse(scores);
    const failed = scores.steps[0].verdict;
    assert.deepEqual([failed.verdict, failed.score, failed.cached], ['error', null, false]);
    assert.equal(failed.error, `The judge at ${server.base}/v1/chat/completions answered HTTP 500: model crashed: CUDA error`);
    assert.deepEqual(
      scores.steps.slice(1).map((s) => [s.verdict.verdict, s.verdict.error]),
      [
        ['yes', null],
        ['no', null],
      ],
    );
    assert.equal(scores.obs, 0.5);
    assert.equal(scores.rea?.verdict.score, 1);
  });

  it('an unreachable endpoint marks every call as failed, with its message', async () => {
    const unreachable = { ...endpoint, url: 'http://127.0.0.1:1', timeoutMs: 2000 };
    const scores = await runJudge(input(), options({ endpoint: unreachable }));
    assert.ok(scores.steps.every((s) => s.verdict.verdict === 'error' && s.verdict.error !== null && s.verdict.error.includes('127.0.0.1:1')));
    assert.equal(scores.obs, null);
    assert.equal(scores.rea?.answer, null);
    assert.equal(scores.rea?.verdict.verdict, 'error');
  });

  it('reports progress after each call, up to steps + 2', async () => {
    const calls: [number, number][] = [];
    await runJudge(input(), options({ onProgress: (done, total) => calls.push([done, total]) }));
    assert.deepEqual(
      calls,
      [1, 2, 3, 4, 5].map((n) => [n, 5]),
    );

    calls.length = 0;
    await runJudge(input({ truth: null }), options({ onProgress: (done, total) => calls.push([done, total]) }));
    assert.deepEqual(
      calls,
      [1, 2, 3].map((n) => [n, 3]),
    );
  });

  it('a failed text-only answer fails r_rea and still completes the progress', async () => {
    server.handler = fakeJudge({ failAnswer: true });
    const calls: [number, number][] = [];
    const scores = await runJudge(input(), options({ onProgress: (done, total) => calls.push([done, total]) }));
    assert.equal(scores.rea?.answer, null);
    assert.equal(scores.rea?.verdict.verdict, 'error');
    assert.match(scores.rea?.verdict.error ?? '', /HTTP 503: overloaded/);
    assert.equal(requestsOf('rea').length, 0);
    assert.deepEqual(calls[calls.length - 1], [5, 5]);
    assert.equal(scores.obs, 2 / 3);
  });

  it('a text-only reply with no answer scores r_rea 0 without asking the judge', async () => {
    server.handler = (req, res) => (kindOf(req) === 'answer' ? sendCompletion(res, '   ') : fakeJudge()(req, res));
    const calls: number[] = [];
    const scores = await runJudge(input(), options({ onProgress: (done) => calls.push(done) }));
    assert.equal(scores.rea?.answer, null);
    assert.deepEqual([scores.rea?.verdict.verdict, scores.rea?.verdict.score, scores.rea?.verdict.error], ['no', 0, null]);
    assert.match(scores.rea?.verdict.rationale ?? '', /gave no answer/);
    assert.equal(requestsOf('rea').length, 0);
    assert.equal(calls[calls.length - 1], 5);
  });

  it('skips r_rea without a ground truth, and leaves it out when rea is false', async () => {
    const noTruth = await runJudge(input({ truth: null }), options());
    assert.deepEqual(noTruth.rea, {
      answer: null,
      verdict: { score: null, verdict: 'skipped', rationale: '', error: 'no ground-truth answer', cached: false, model: 'judge-model' },
    });
    assert.equal(requestsOf('answer').length + requestsOf('rea').length, 0);

    server.requests.length = 0;
    const off = await runJudge(input(), options({ rea: false }));
    assert.equal(off.rea, null);
    assert.equal(server.requests.length, 3);
  });

  it('without a caption the steps are skipped, not sent', async () => {
    const scores = await runJudge(input({ captions: [] }), options());
    assert.ok(scores.steps.every((s) => s.verdict.verdict === 'skipped' && s.verdict.error === 'no caption for this video'));
    assert.equal(scores.obs, null);
    assert.equal(requestsOf('obs').length, 0);
    assert.equal(scores.rea?.verdict.score, 1);
  });

  it('a cancelled run rejects with kind cancelled and sends nothing more', async () => {
    const arrived = deferred();
    server.handler = () => arrived.resolve(); // never answers
    // Count the calls where they start (fetch), not where they land: a call started late would show at once.
    const realFetch = globalThis.fetch;
    let fetches = 0;
    globalThis.fetch = (...args: Parameters<typeof fetch>) => (fetches++, realFetch(...args));
    try {
      const controller = new AbortController();
      const progress: number[] = [];
      const run = runJudge(input(), options({ concurrency: 1, signal: controller.signal, onProgress: (done) => progress.push(done) }));
      await arrived.promise;
      controller.abort();
      const error = await rejection(run);
      assert.ok(error instanceof JudgeError, String(error));
      assert.equal(error.kind, 'cancelled');
      await nextTurn(); // the queued calls have been let go (rejected) by now
      assert.equal(fetches, 1, 'queued calls are not started');
      assert.equal(server.requests.length, 1);
      assert.deepEqual(progress, []);
    } finally {
      globalThis.fetch = realFetch;
    }

    const early = await rejection(runJudge(input(), options({ signal: AbortSignal.abort() })));
    assert.ok(early instanceof JudgeError && early.kind === 'cancelled');
  });

  it('works against a streaming endpoint', async () => {
    server.handler = async (req, res) => {
      let reply = '';
      const fake = fakeJudge();
      await fake(req, {
        writeHead: () => undefined,
        end: (body: string) => {
          reply = body;
        },
      } as unknown as ServerResponse);
      const content = (JSON.parse(reply) as { choices: { message: { content: string } }[] }).choices[0].message.content;
      await sendStream(res, sseText([content.slice(0, 5), content.slice(5)]), 4);
    };
    const scores = await runJudge(input(), options({ endpoint: { ...endpoint, stream: true } }));
    assert.deepEqual(
      scores.steps.map((s) => s.verdict.score),
      [1, 1, 0],
    );
    assert.equal(scores.rea?.verdict.score, 1);
  });

  it('the shipped prompts fill every placeholder', async () => {
    const { prompts } = await loadPrompts(undefined, defaultPromptsPath(path.resolve(__dirname, '../../../..')));
    const scores = await runJudge(input(), options({ prompts }));
    assert.equal(server.requests.length, 5);
    for (const req of server.requests) {
      for (const message of req.body?.messages ?? []) assert.ok(!/\{\{\s*\w+\s*\}\}/.test(message.content), message.content);
    }
    assert.ok(userText(requestsOf('obs')[1]).includes('[00:15-00:22] The cyclist stops and drinks from a green bottle.'));
    assert.deepEqual(
      scores.steps.map((s) => s.verdict.score),
      [1, 1, 0],
    );
    assert.equal(scores.rea?.answer, 'B');
    assert.equal(scores.rea?.verdict.score, 1);
  });
});
