import { strict as assert } from 'node:assert';
import { Mismatch } from '../../../shared/rewards/scores';
import { GRPO_EPSILON, checkAdvantage, groupStatistics } from '../../../src/core/rewards/grpo';

const close = (actual: number | null, expected: number | null, what: string): void => {
  if (expected === null || actual === null) assert.equal(actual, expected, what);
  else assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≈ ${expected}`);
};

describe('groupStatistics', () => {
  // [4, 2, 1, 1]: mean 2, squared deviations 4 + 0 + 1 + 1 = 6, sample variance 6 / 3 = 2, std √2.
  const SQRT2 = Math.SQRT2;
  const rows: {
    name: string;
    totals: (number | null)[];
    mean: number | null;
    std: number | null;
    zeroVariance: boolean;
    advantages: (number | null)[];
  }[] = [
    {
      name: 'four rollouts',
      totals: [4, 2, 1, 1],
      mean: 2,
      std: SQRT2,
      zeroVariance: false,
      advantages: [2 / (SQRT2 + 1e-6), 0, -1 / (SQRT2 + 1e-6), -1 / (SQRT2 + 1e-6)],
    },
    {
      name: 'two rollouts (sample std, not population)',
      totals: [3, 1],
      mean: 2,
      std: SQRT2,
      zeroVariance: false,
      advantages: [1 / (SQRT2 + 1e-6), -1 / (SQRT2 + 1e-6)],
    },
    // [2, 0, 0, 0, 0, 0, 0, 0]: mean 0.25, squares 3.0625 + 7 × 0.0625 = 3.5, variance 0.5.
    {
      name: 'G = 8 with one success',
      totals: [2, 0, 0, 0, 0, 0, 0, 0],
      mean: 0.25,
      std: Math.sqrt(0.5),
      zeroVariance: false,
      advantages: [1.75 / (Math.sqrt(0.5) + 1e-6), ...new Array<number>(7).fill(-0.25 / (Math.sqrt(0.5) + 1e-6))],
    },
    { name: 'all equal', totals: [1, 1, 1], mean: 1, std: 0, zeroVariance: true, advantages: [0, 0, 0] },
    { name: 'all equal and not exact in binary', totals: [0.1, 0.1, 0.1], mean: 0.1, std: 0, zeroVariance: true, advantages: [0, 0, 0] },
    { name: 'a group of one', totals: [2.5], mean: 2.5, std: null, zeroVariance: true, advantages: [0] },
    {
      name: 'nulls are left out',
      totals: [null, 3, null, 1],
      mean: 2,
      std: SQRT2,
      zeroVariance: false,
      advantages: [null, 1 / (SQRT2 + 1e-6), null, -1 / (SQRT2 + 1e-6)],
    },
    {
      name: 'non-finite totals are left out like nulls',
      totals: [Number.NaN, 3, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY],
      mean: 2,
      std: SQRT2,
      zeroVariance: false,
      advantages: [null, 1 / (SQRT2 + 1e-6), null, -1 / (SQRT2 + 1e-6), null],
    },
    { name: 'one known total among nulls', totals: [2, null], mean: 2, std: null, zeroVariance: true, advantages: [0, null] },
    { name: 'no known total', totals: [null, null], mean: null, std: null, zeroVariance: false, advantages: [null, null] },
    { name: 'empty group', totals: [], mean: null, std: null, zeroVariance: false, advantages: [] },
  ];
  for (const row of rows) {
    it(`${row.name}: ${JSON.stringify(row.totals)}`, () => {
      const stats = groupStatistics(row.totals);
      close(stats.mean, row.mean, 'mean');
      close(stats.std, row.std, 'std');
      assert.equal(stats.zeroVariance, row.zeroVariance);
      assert.equal(stats.advantages.length, row.advantages.length);
      row.advantages.forEach((a, i) => close(stats.advantages[i], a, `advantage ${i}`));
    });
  }

  it('zero-variance advantages are exactly 0', () => {
    assert.ok(groupStatistics([0.7, 0.7]).advantages.every((a) => Object.is(a, 0)));
  });

  it('the mean of equal totals is exactly that total, not a summed mean an ulp off', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004 in binary, and / 3 gives 0.10000000000000002.
    assert.equal(groupStatistics([0.1, 0.1, 0.1]).mean, 0.1);
    assert.equal(groupStatistics([0.7, null, 0.7]).mean, 0.7);
  });

  it('totals one ulp apart give a tiny finite std and advantages, not NaN', () => {
    // [1, 1, 1 + 2ε] with ε = 2⁻⁵²: the true mean 1 + 2ε/3 rounds to 1 + ε and the true std is ε·√(4/3) ≈ 1.15ε
    // (the rounded mean gives ε·√1.5 ≈ 1.22ε). Summing t² − mean² instead of (t − mean)² goes negative here.
    const ulp = Number.EPSILON;
    const stats = groupStatistics([1, 1, 1 + 2 * ulp]);
    assert.ok(stats.std !== null && stats.std > ulp && stats.std < 2 * ulp, `std ${stats.std}`);
    assert.equal(stats.zeroVariance, false);
    const [a, b, c] = stats.advantages;
    assert.ok(a !== null && b !== null && c !== null);
    assert.ok(a < 0 && b < 0 && c > 0 && c < 1e-9, `advantages ${stats.advantages.join(', ')}`);
  });

  it('a maximum or minimum that is not first still counts', () => {
    // [1, 3]: mean 2, std √2; a maximum missed would leave min = max = 1 and call the group zero-variance.
    const up = groupStatistics([1, 3]);
    close(up.mean, 2, 'mean');
    close(up.std, Math.SQRT2, 'std');
    assert.equal(up.zeroVariance, false);
    // [3, 1, 5]: mean 3, squares 0 + 4 + 4 = 8, variance 4, std 2; the minimum (1) is in the middle.
    const middle = groupStatistics([3, 1, 5]);
    close(middle.mean, 3, 'mean');
    close(middle.std, 2, 'std');
    close(middle.advantages[2], 2 / (2 + 1e-6), 'advantage of the maximum');
  });

  /** Every ordering of `items` (the groups below are at most 5 long). */
  const permutations = <T>(items: readonly T[]): T[][] =>
    items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  // Hand-computed: mean, sample std and each total's advantage (t − mean) / (std + 1e-6).
  const groups: { name: string; totals: (number | null)[]; mean: number; std: number }[] = [
    // mean 2, squares 1 + 4 + 0 + 1 = 6, variance 2.
    { name: 'four rollouts, maximum in the middle', totals: [1, 4, 2, 1], mean: 2, std: Math.SQRT2 },
    // mean 0.25, squares 3 × 0.0625 + 0.5625 = 0.75, variance 0.25.
    { name: 'one success out of four', totals: [0, 0, 0, 1], mean: 0.25, std: 0.5 },
    // mean 2, squares 9 + 0 + 9 = 18, variance 9.
    { name: 'negative totals', totals: [-1, 2, 5], mean: 2, std: 3 },
    // Known totals 1, 3, 5: mean 3, squares 4 + 0 + 4 = 8, variance 4.
    { name: 'nulls among the totals', totals: [null, 1, 5, null, 3], mean: 3, std: 2 },
  ];
  for (const group of groups) {
    it(`statistics and advantages do not depend on the order of the group (${group.name})`, () => {
      const orders = permutations(group.totals);
      assert.ok(orders.length >= 6);
      for (const order of orders) {
        const stats = groupStatistics(order);
        const what = JSON.stringify(order);
        close(stats.mean, group.mean, `mean of ${what}`);
        close(stats.std, group.std, `std of ${what}`);
        assert.equal(stats.zeroVariance, false, what);
        order.forEach((t, i) => close(stats.advantages[i], t === null ? null : (t - group.mean) / (group.std + 1e-6), `advantage ${i} of ${what}`));
      }
    });
  }

  it('uses ε = 1e-6', () => {
    assert.equal(GRPO_EPSILON, 1e-6);
    // A spread as small as ε shows it: [1e-6, 0] has mean 5e-7 and std √(2 × (5e-7)² / 1) ≈ 7.07e-7.
    const std = Math.sqrt(2 * 0.5e-6 ** 2);
    close(groupStatistics([1e-6, 0]).advantages[0], 0.5e-6 / (std + 1e-6), 'advantage');
  });
});

describe('checkAdvantage', () => {
  // The four-rollout group above, for the sample with total 4.
  const four = { mean: 2, std: Math.SQRT2, n: 4 };
  const right = 2 / (Math.SQRT2 + 1e-6); // 1.41421…
  // A tight group, where TRL's ε = 1e-4 shows: [1.01, 1, 1, 0.99], mean 1, std √(2e-4 / 3).
  const tightStd = Math.sqrt(2e-4 / 3);
  const tight = { mean: 1, std: tightStd, n: 4 };
  const tightRight = 0.01 / (tightStd + 1e-6);

  const rows: {
    name: string;
    stored: number | null;
    recomputed: number | null;
    total: number | null;
    stats: { mean: number | null; std: number | null; n: number };
    message: RegExp | null;
  }[] = [
    { name: 'agrees', stored: right, recomputed: right, total: 4, stats: four, message: null },
    { name: 'agrees within the tolerance', stored: right + 1e-3, recomputed: right, total: 4, stats: four, message: null },
    { name: 'the tolerance grows with the value', stored: 100.05, recomputed: 100, total: 4, stats: four, message: null },
    { name: 'stored unknown', stored: null, recomputed: right, total: 4, stats: four, message: null },
    { name: 'recomputed unknown', stored: 1, recomputed: null, total: 4, stats: four, message: null },
    { name: 'just past the tolerance', stored: right + 2e-3, recomputed: right, total: 4, stats: four, message: /none of the usual variants/ },
    {
      // Population std √(6 / 4) = 1.2247…: 2 / 1.2247 = 1.63299.
      name: 'population std',
      stored: 1.633,
      recomputed: right,
      total: 4,
      stats: four,
      message:
        /^Logged advantage 1\.633 ≠ recomputed 1\.4142 = \(4 − 2\) \/ \(1\.4142 \+ 1e-6\): looks like the population std \(÷ N instead of N − 1\) was used\.$/,
    },
    { name: 'not divided by the std', stored: 2, recomputed: right, total: 4, stats: four, message: /looks like r − mean was not divided by the std/ },
    {
      name: "TRL's ε",
      stored: 0.01 / (tightStd + 1e-4),
      recomputed: tightRight,
      total: 1.01,
      stats: tight,
      message: /looks like TRL's ε = 1e-4 was used instead of 1e-6\.$/,
    },
    {
      name: "verl's group of one",
      stored: 3,
      recomputed: 0,
      total: 3,
      stats: { mean: 3, std: null, n: 1 },
      message: /recomputed 0 \(the group of 1 has no std, so no learning signal\): looks like a group of one was normalized with mean 0 and std 1/,
    },
    {
      name: 'zero-variance group with a non-zero advantage',
      stored: 0.3,
      recomputed: 0,
      total: 1,
      stats: { mean: 1, std: 0, n: 2 },
      message: /the group of 2 has std 0.*none of the usual variants/,
    },
    {
      name: 'nothing fits',
      stored: 0.5,
      recomputed: right,
      total: 4,
      stats: four,
      message:
        /^Logged advantage 0\.5 ≠ recomputed 1\.4142 = .*: none of the usual variants \(population std, no division by the std, ε = 1e-4\) reproduces it\.$/,
    },
    {
      name: 'total unknown',
      stored: 0.5,
      recomputed: right,
      total: null,
      stats: four,
      message: /^Logged advantage 0\.5 ≠ recomputed 1\.4142: the total or the group mean is unknown/,
    },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.message === null ? 'no mismatch' : 'mismatch'}`, () => {
      const mismatch = checkAdvantage(row.stored, row.recomputed, row.total, row.stats);
      if (row.message === null) {
        assert.equal(mismatch, null);
        return;
      }
      assert.ok(mismatch !== null);
      assert.equal(mismatch.code, 'advantage');
      assert.equal(mismatch.component, 'advantage');
      assert.equal(mismatch.stored, row.stored);
      assert.equal(mismatch.expected, row.recomputed);
      assert.match(mismatch.message, row.message);
      Mismatch.parse(mismatch);
    });
  }

  /** The message of the mismatch checkAdvantage reports, failing when it reports none. */
  const messageOf = (stored: number, recomputed: number, total: number, stats: { mean: number; std: number | null; n: number }): string => {
    const mismatch = checkAdvantage(stored, recomputed, total, stats);
    assert.ok(mismatch !== null, 'a mismatch');
    return mismatch.message;
  };

  it('a logged advantage exactly at the tolerance agrees (the bound is inclusive)', () => {
    // |0.001 − 0| = 0.001 = 1e-3 × max(1, 0), exactly in binary.
    assert.equal(checkAdvantage(0.001, 0, 1, { mean: 1, std: 0, n: 2 }), null);
  });

  it('a variant exactly at the tolerance still explains the logged value', () => {
    // Total 1 + 2⁻²⁰ in a group of mean 1 and std 3: r − mean = 2⁻²⁰, and the logged 0.001 + 2⁻²⁰ is exactly 0.001
    // from it (both sums are exact in binary). Ours 2⁻²⁰ / 3 and the population/TRL values are all below 4e-7.
    const delta = 2 ** -20;
    assert.equal(
      messageOf(0.001 + delta, delta / (3 + 1e-6), 1 + delta, { mean: 1, std: 3, n: 4 }),
      'Logged advantage 0.001 ≠ recomputed 0 = (1 − 1) / (3 + 1e-6): looks like r − mean was not divided by the std (Dr. GRPO style).',
    );
  });

  it('a group of two is tested against the population std too', () => {
    // [5, 1]: mean 3, sample std √8 = 2.8284, population std 2. Ours 2 / 2.8284 = 0.7071, population 2 / 2 = 1,
    // r − mean = 2, TRL 2 / 2.8285 = 0.7071.
    assert.equal(
      messageOf(1, 2 / (Math.sqrt(8) + 1e-6), 5, { mean: 3, std: Math.sqrt(8), n: 2 }),
      'Logged advantage 1 ≠ recomputed 0.7071 = (5 − 3) / (2.8284 + 1e-6): looks like the population std (÷ N instead of N − 1) was used.',
    );
  });

  it('two variants that both fit are both named, joined by "or"', () => {
    // [3, 1]: mean 2, sample std √2, population std 1: the population advantage 1 / (1 + 1e-6) and r − mean = 1 both give 1.
    assert.equal(
      messageOf(1, 1 / (Math.SQRT2 + 1e-6), 3, { mean: 2, std: Math.SQRT2, n: 2 }),
      'Logged advantage 1 ≠ recomputed 0.7071 = (3 − 2) / (1.4142 + 1e-6): looks like the population std (÷ N instead of N − 1) was used, or r − mean was not divided by the std (Dr. GRPO style).',
    );
  });

  it('the population variant adds ε to the population std, which shows in a tight pair', () => {
    // [1 + 2⁻¹⁰, 1 − 2⁻¹⁰]: population std 2⁻¹⁰, and ε / 2⁻¹⁰ = 1.024e-3. With + ε the advantage is 1 / 1.001024 = 0.99898;
    // − ε would give 1 / 0.998976 = 1.00103, 2.05e-3 away (past the tolerance of 1e-3). Ours 1 / (√2 + 1.024e-3) = 0.7066.
    const spread = 2 ** -10;
    assert.equal(
      messageOf(1 / (1 + 1.024e-3), 1 / (Math.SQRT2 + 1.024e-3), 1 + spread, { mean: 1, std: spread * Math.SQRT2, n: 2 }),
      'Logged advantage 0.999 ≠ recomputed 0.7066 = (1.001 − 1) / (0.0014 + 1e-6): looks like the population std (÷ N instead of N − 1) was used.',
    );
  });

  it("an advantage equal to the raw total in a group of four is not taken for verl's group of one", () => {
    // Total 4 in the four-rollout group: population 1.633, r − mean 2, TRL 1.4141; verl's total / (1 + ε) applies to groups of one only.
    assert.match(messageOf(4, right, 4, four), /: none of the usual variants .* reproduces it\.$/);
  });

  it("verl's group of one is matched within 1e-3 of its value total / (1 + ε)", () => {
    // Total 1000 alone: verl gives 1000 / 1.000001 = 999.999, tolerance 1e-3 × 999.999 = 0.999999. 999 is 0.999 away (fits);
    // 998.99 is 1.009 away (does not). Dividing by 1 − ε or multiplying by 1 + ε would give 1000.001, 1.001 from 999.
    const alone = { mean: 1000, std: null, n: 1 };
    assert.equal(
      messageOf(999, 0, 1000, alone),
      "Logged advantage 999 ≠ recomputed 0 (the group of 1 has no std, so no learning signal): looks like a group of one was normalized with mean 0 and std 1, as verl's GRPO does.",
    );
    assert.match(messageOf(998.99, 0, 1000, alone), /: none of the usual variants .* reproduces it\.$/);
  });

  it("TRL's ε in a tight group is a mismatch diagnosed as TRL's alone", () => {
    // std √(2e-4 / 3) = 0.0081650: ours 0.01 / 0.0081660 = 1.22460, TRL's 0.01 / 0.0082650 = 1.20993, 0.0147 apart
    // (past the tolerance of 1.2e-3). Population std 0.0070711 would give 1.41401, no division 0.01.
    const mismatch = checkAdvantage(0.01 / (tightStd + 1e-4), tightRight, 1.01, tight);
    assert.ok(mismatch !== null);
    assert.equal(
      mismatch.message,
      "Logged advantage 1.2099 ≠ recomputed 1.2246 = (1.01 − 1) / (0.0082 + 1e-6): looks like TRL's ε = 1e-4 was used instead of 1e-6.",
    );
  });
});
