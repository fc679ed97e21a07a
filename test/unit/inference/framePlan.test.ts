import { strict as assert } from 'node:assert';
import {
  DEFAULT_FPS,
  DEFAULT_MAX_FRAMES,
  DEFAULT_MAX_PIXELS,
  DEFAULT_MIN_FRAMES,
  DEFAULT_MIN_PIXELS,
  FRAME_FACTOR,
  IMAGE_FACTOR,
  planFrames,
  roundHalfEven,
  smartResize,
} from '../../../src/core/inference/framePlan';
import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';

const HD = { width: 1920, height: 1080 };

function assertBadRequest(fn: () => unknown): void {
  assert.throws(fn, (error: unknown) => error instanceof InferenceFailure && error.code === 'bad-request');
}

describe('frame plan', () => {
  it("exports the paper's defaults", () => {
    assert.equal(DEFAULT_FPS, 2);
    assert.equal(DEFAULT_MAX_FRAMES, 192);
    assert.equal(DEFAULT_MIN_FRAMES, 4);
    assert.equal(DEFAULT_MAX_PIXELS, 128 * 28 * 28);
    assert.equal(DEFAULT_MIN_PIXELS, 4 * 28 * 28);
    assert.equal(IMAGE_FACTOR, 28);
    assert.equal(FRAME_FACTOR, 2);
  });

  it('rounds halves to even like Python', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, -1.5].map(roundHalfEven), [0, 2, 2, 4, 2, 3, -2]);
  });

  describe('frame count', () => {
    it('a short video gets the minimum of 4 frames', () => {
      const plan = planFrames({ duration: 1, ...HD });
      assert.equal(plan.count, 4);
      assert.equal(plan.times.length, 4);
    });
    it('10 minutes at 2 fps are capped at 192 frames', () => assert.equal(planFrames({ duration: 600, ...HD }).count, 192));
    it('30 s at 2 fps are 60 frames', () => assert.equal(planFrames({ duration: 30, ...HD }).count, 60));
    it('rounds down to an even count (7.3 s → 14)', () => assert.equal(planFrames({ duration: 7.3, ...HD }).count, 14));
    it('honours fps, minFrames and maxFrames (odd bounds rounded inwards to even)', () => {
      assert.equal(planFrames({ duration: 30, fps: 1, ...HD }).count, 30);
      assert.equal(planFrames({ duration: 600, maxFrames: 384, ...HD }).count, 384);
      assert.equal(planFrames({ duration: 600, maxFrames: 101, ...HD }).count, 100);
      assert.equal(planFrames({ duration: 1, minFrames: 7, ...HD }).count, 8);
    });
    it('every count is even and within [4, 192]', () => {
      for (let d = 0.1; d < 200; d += 0.37) {
        const { count, times } = planFrames({ duration: d, ...HD });
        assert.equal(count % 2, 0, `duration ${d}`);
        assert.ok(count >= 4 && count <= 192, `duration ${d}: ${count}`);
        assert.equal(times.length, count);
      }
    });
  });

  describe('frame times', () => {
    it('are the middles of equal parts of the duration without the source frame rate', () => {
      assert.deepEqual(planFrames({ duration: 2, ...HD }).times, [0.25, 0.75, 1.25, 1.75]);
      const { times } = planFrames({ duration: 600, ...HD });
      assert.ok(times[0] > 0 && times[times.length - 1] < 600);
      for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1]);
    });
    it('are the frames qwen_vl_utils picks with the source frame rate: round(linspace(0, total − 1, n)) / fps', () => {
      const plan = planFrames({ duration: 4, ...HD, sourceFps: 25 });
      assert.equal(plan.count, 8);
      assert.deepEqual(
        plan.times.map((t) => Math.round(t * 25)),
        [0, 14, 28, 42, 57, 71, 85, 99],
      );
    });
    it('are capped by the frames the video has', () => {
      // 0.1 s at 25 fps: 3 frames (round(2.5) in JS is 3), so 2 frames (even).
      const plan = planFrames({ duration: 0.1, ...HD, sourceFps: 25 });
      assert.equal(plan.count, 2);
      assert.deepEqual(
        plan.times.map((t) => Math.round(t * 25)),
        [0, 2],
      );
      // A single frame still gives the two a temporal patch needs.
      assert.deepEqual(planFrames({ duration: 0.04, ...HD, sourceFps: 25 }).times, [0, 0]);
    });
    it('uses the frame-exact duration (29.99 s of 25 fps is 750 frames: 60 frames at 2 fps)', () => {
      assert.equal(planFrames({ duration: 29.99, ...HD, sourceFps: 25 }).count, 60);
    });
  });

  describe('frame size', () => {
    const sizes: [number, number, number, number][] = [
      [320, 240, 308, 252],
      [1920, 1080, 420, 224],
      [1080, 1920, 224, 420],
      [4000, 100, 1988, 28],
      [20, 20, 56, 56],
    ];
    for (const [w, h, ew, eh] of sizes) {
      it(`${w}×${h} → ${ew}×${eh}: multiples of 28 within the pixel budget`, () => {
        const plan = planFrames({ duration: 10, width: w, height: h });
        assert.deepEqual([plan.width, plan.height], [ew, eh]);
        assert.equal(plan.width % 28, 0);
        assert.equal(plan.height % 28, 0);
        assert.ok(plan.width * plan.height <= DEFAULT_MAX_PIXELS);
        assert.ok(plan.width * plan.height >= DEFAULT_MIN_PIXELS);
      });
    }
    it('keeps a larger budget (768×28×28) like qwen_vl_utils', () => {
      assert.deepEqual(smartResize(1080, 1920, 28, 4 * 784, 768 * 784), { width: 1008, height: 560 });
    });
    it('refuses an aspect ratio over 200 and sizes or durations that are not positive', () => {
      assertBadRequest(() => planFrames({ duration: 10, width: 20100, height: 100 }));
      assertBadRequest(() => planFrames({ duration: 0, ...HD }));
      assertBadRequest(() => planFrames({ duration: Number.NaN, ...HD }));
      assertBadRequest(() => planFrames({ duration: 10, width: 0, height: 100 }));
      assertBadRequest(() => planFrames({ duration: 10, ...HD, fps: -1 }));
    });
  });
});
