import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clipGradNorm, clipGradValue, globalGradNorm } from '../src/index.js';
import { assertClose, param, throwsNeurite } from './helpers/params.js';

test('clipping by global norm scales every gradient by maxNorm / ‖g‖ and returns the norm before', () => {
  // ‖[3, 4, 12]‖ = 13, across two parameters.
  const a = param('a', [0, 0], [3, 4]);
  const b = param('b', [0], [12], 'bias');
  assert.equal(globalGradNorm([a, b]), 13);
  assert.equal(clipGradNorm([a, b], 6.5), 13);
  assertClose(a.grad, [1.5, 2]);
  assertClose(b.grad, [6]);
  assertClose([globalGradNorm([a, b])], [6.5]);
  // At or under the limit nothing changes.
  assert.equal(clipGradNorm([a, b], 6.5 + 1e-9), globalGradNorm([a, b]));
  assertClose(a.grad, [1.5, 2]);
  // Float32 gradients are clipped too.
  const f = { ...param('f', [0, 0]), grad: Float32Array.from([30, 40]) };
  assert.equal(clipGradNorm([f], 5), 50);
  assert.deepEqual(Array.from(f.grad), [3, 4]);
});

test('a non-finite norm is returned and the gradients are left alone for the caller to stop', () => {
  const a = param('a', [0, 0], [NaN, 1]);
  assert.ok(Number.isNaN(clipGradNorm([a], 1)));
  assert.equal(a.grad[1], 1);
  const b = param('b', [0, 0], [Infinity, 1]);
  assert.equal(clipGradNorm([b], 1), Infinity);
  assert.equal(b.grad[1], 1);
});

test('clipping by value clamps each element to [−v, v] and counts the clamped ones', () => {
  const a = param('a', [0, 0, 0, 0], [-3, 0.5, 2, -0.25]);
  assert.equal(clipGradValue([a], 1), 2);
  assert.deepEqual(Array.from(a.grad), [-1, 0.5, 1, -0.25]);
  throwsNeurite(() => clipGradValue([a], 0), 'INVALID_ARGUMENT', /^Invalid clip value: 0 \(expected a finite number > 0\)$/);
  throwsNeurite(() => clipGradNorm([a], -1), 'INVALID_ARGUMENT', /^Invalid max norm: -1 /);
});
