// The optimizer keeps the states of the last parameter list it saw, in order, instead of looking each one up
// by name every step. It must behave exactly as the lookup by name: other lists, the same names in another
// order, reset and setState.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adam, SGD, type Parameter } from '../src/index.js';

function param(name: string, values: number[], grads: number[]): Parameter {
  return { name, kind: 'weight', shape: [1, values.length], value: Float64Array.from(values), grad: Float64Array.from(grads) };
}

test('states follow the parameters by name, whatever list or order they come in', () => {
  const a = param('a', [1, 2], [0.5, -1]);
  const b = param('b', [3], [2]);
  const adam = new Adam({ learningRate: 0.1 });
  const byName = new Adam({ learningRate: 0.1 });
  const a2 = param('a', [1, 2], [0.5, -1]);
  const b2 = param('b', [3], [2]);
  // One optimizer sees [a, b], then [b, a], then [a] alone, then [a, b] again; the other always [a, b] and
  // [a] alone in separate calls of its own. Each parameter's step count t must be its own.
  adam.step([a, b]);
  byName.step([a2, b2]);
  adam.step([b, a]);
  byName.step([a2, b2]);
  adam.step([a]);
  byName.step([a2]);
  adam.step([a, b]);
  byName.step([a2, b2]);
  assert.deepEqual(Array.from(a.value), Array.from(a2.value));
  assert.deepEqual(Array.from(b.value), Array.from(b2.value));
  const state = adam.getState();
  assert.deepEqual(
    state.parameters.map((p) => [p.name, p.step]),
    [
      ['a', 4],
      ['b', 3],
    ],
  );
});

test('reset and setState drop the cached states', () => {
  const w = param('w', [1], [1]);
  const sgd = new SGD({ learningRate: 0.1, momentum: 0.9 });
  sgd.step([w]);
  sgd.step([w]); // velocity 1.9
  const saved = sgd.getState();
  sgd.reset();
  w.value[0] = 0;
  sgd.step([w]); // fresh velocity: 1
  assert.ok(Math.abs(w.value[0]! + 0.1) < 1e-12);
  sgd.setState(saved);
  w.value[0] = 0;
  sgd.step([w]); // restored velocity 1.9 → 0.9·1.9 + 1 = 2.71
  assert.ok(Math.abs(w.value[0]! + 0.271) < 1e-12, `got ${w.value[0]}`);
  // A parameter list whose lengths changed is refused, as before.
  assert.throws(() => sgd.step([param('w', [1, 2], [1, 1])]), { code: 'SHAPE_MISMATCH' });
});
