import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blobs, circles, encodeLabels, moons, spirals, xor } from '../src/data/index.js';

test('generated data sets are seeded, balanced and of the asked size', () => {
  for (const make of [xor, circles, moons, spirals]) {
    const a = make({ size: 101, seed: 3, noise: 0.1 });
    assert.deepEqual(a, make({ size: 101, seed: 3, noise: 0.1 }));
    assert.notDeepEqual(a.x, make({ size: 101, seed: 4, noise: 0.1 }).x);
    assert.equal(a.x.length, 101);
    const ones = a.labels.filter((l) => l === 1).length;
    assert.ok(ones >= 35 && ones <= 66, `${make.name}: ${ones} of 101 in class 1`);
    for (const p of a.x) assert.ok(p.length === 2 && p.every(Number.isFinite));
  }
  const b = blobs({ size: 90, centers: 3 });
  assert.equal(b.classes, 3);
  assert.deepEqual(encodeLabels(b.labels, 3)[1], [0, 1, 0]);
  assert.deepEqual(encodeLabels([1, 0], 2), [[1], [0]]);
  assert.throws(() => spirals({ size: 1 }), /size must be an integer ≥ 2/);
  assert.throws(() => xor({ noise: -1 }), /Invalid noise/);
});

test('xor labels follow the sign rule and spirals interleave', () => {
  const d = xor({ size: 200, seed: 1 });
  d.x.forEach(([a, b], i) => assert.equal(d.labels[i], a! * b! < 0 ? 1 : 0));
  const s = spirals({ size: 200 });
  const r = (p: number[]) => Math.hypot(p[0]!, p[1]!);
  assert.ok(Math.abs(r(s.x[0]!) - r(s.x[1]!)) < 1e-12, 'the two spirals start at the same radius, opposite sides');
});
