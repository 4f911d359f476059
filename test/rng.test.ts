import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../src/index.js';

test('the same seed gives the same sequence; different seeds differ', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const c = new Rng(8);
  const seqA = Array.from({ length: 20 }, () => a.nextUint32());
  assert.deepEqual(
    seqA,
    Array.from({ length: 20 }, () => b.nextUint32()),
  );
  assert.notDeepEqual(
    seqA,
    Array.from({ length: 20 }, () => c.nextUint32()),
  );
});

test('xoshiro128** matches its reference output for a known state', () => {
  // Reference: the C implementation (prng.di.unimi.it/xoshiro128starstar.c) from state {1, 2, 3, 4}.
  const rng = new Rng(0);
  rng.setState({ s: [1, 2, 3, 4], spare: null });
  const out = Array.from({ length: 6 }, () => rng.nextUint32());
  assert.deepEqual(out, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

test('uniform draws lie in [0, 1) with mean near 1/2; normal draws have mean 0 and variance 1', () => {
  const rng = new Rng(123);
  const n = 200_000;
  let sum = 0;
  let min = 1;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    sum += u;
    min = Math.min(min, u);
    max = Math.max(max, u);
  }
  assert.ok(min >= 0 && max < 1);
  assert.ok(Math.abs(sum / n - 0.5) < 0.005);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    s1 += z;
    s2 += z * z;
  }
  const mean = s1 / n;
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1) < 0.02, `variance ${s2 / n}`);
});

test('int is unbiased over its range and shuffle is a permutation', () => {
  const rng = new Rng(5);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `counts ${counts}`);
  const items = Array.from({ length: 50 }, (_, i) => i);
  rng.shuffle(items);
  assert.deepEqual(
    [...items].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('a saved state restores the exact sequence, including a pending normal', () => {
  const rng = new Rng(99);
  rng.normal();
  const state = rng.getState();
  const next = [rng.normal(), rng.uniform(), rng.normal()];
  const restored = new Rng(1);
  restored.setState(state);
  assert.deepEqual([restored.normal(), restored.uniform(), restored.normal()], next);
  assert.throws(() => new Rng(1.5), /seed must be an integer/);
});
