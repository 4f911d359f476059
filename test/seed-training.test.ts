import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predictFemale, trainSeedNetwork, type Person } from '../src/seed/index.js';

const people: Person[] = [
  { name: 'Alice', weight: 133, height: 65, gender: 'F' },
  { name: 'Bob', weight: 160, height: 72, gender: 'M' },
  { name: 'Charlie', weight: 152, height: 70, gender: 'M' },
  { name: 'Diana', weight: 120, height: 60, gender: 'F' },
];
const emily = { weight: 128, height: 63 };
const frank = { weight: 155, height: 68 };

for (let seed = 1; seed <= 10; seed++) {
  test(`seed ${seed}: the 2-2-1 network learns the four people and classifies Emily and Frank`, () => {
    const { network, losses } = trainSeedNetwork(people, { seed });
    assert.equal(losses.length, 1000);
    assert.ok(losses[999]! < 0.01, `final loss ${losses[999]}`);
    assert.ok(losses[999]! < losses[0]!, 'the loss falls');
    assert.ok(predictFemale(network, emily) > 0.9, 'Emily is female');
    assert.ok(predictFemale(network, frank) < 0.1, 'Frank is male');
  });
}

test('two runs with one seed give bit-identical weights; another seed gives other weights', () => {
  const a = trainSeedNetwork(people, { seed: 7 }).network.parameters();
  const b = trainSeedNetwork(people, { seed: 7 }).network.parameters();
  const c = trainSeedNetwork(people, { seed: 8 }).network.parameters();
  a.forEach((p, i) => assert.deepEqual(p.value, b[i]!.value));
  assert.notDeepEqual(a[0]!.value, c[0]!.value);
});

test('float32 training agrees with float64 within 1e-5 on the seed network', () => {
  const f64 = trainSeedNetwork(people, { seed: 3, dtype: 'float64' });
  const f32 = trainSeedNetwork(people, { seed: 3, dtype: 'float32' });
  assert.equal(f32.network.dtype, 'float32');
  assert.ok(f32.network.parameters()[0]!.value instanceof Float32Array);
  for (const p of [emily, frank, ...people]) {
    const d = Math.abs(predictFemale(f64.network, p) - predictFemale(f32.network, p));
    assert.ok(d < 1e-5, `difference ${d}`);
  }
  f64.network.parameters().forEach((p, i) => {
    const q = f32.network.parameters()[i]!;
    for (let j = 0; j < p.value.length; j++) {
      const rel = Math.abs(p.value[j]! - q.value[j]!) / Math.max(1, Math.abs(p.value[j]!));
      assert.ok(rel < 1e-4, `${p.name}[${j}]: ${p.value[j]} vs ${q.value[j]}`);
    }
  });
});
