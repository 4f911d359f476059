// neurite explain on a saved sequence network, as a user runs it: the sample as a CSV row (inputs then the
// target) or a JSON array after the model, or --input; the trace through time, --weight's sum over steps in
// text, JSON and Markdown; and the bad samples.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Network } from '../src/index.js';
import type { LayerExplainTrace } from '../src/explain/index.js';
import { neurite, neuriteOk } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-explain-rnn-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T = 6;
const F = 2;
const network = Network.create({
  inputShape: [T, F],
  seed: 3,
  dtype: 'float64',
  layers: [
    { type: 'gru', units: 4 },
    { units: 1, activation: 'linear' },
  ],
});
writeFileSync(join(dir, 'model.json'), JSON.stringify(network.toJSON()));
const values = Array.from({ length: T * F }, (_, i) => Number((Math.cos(i) * 0.8).toFixed(3)));
writeFileSync(join(dir, 'windows.csv'), `${values.map((v) => -v).join(',')},0.1\n${values.join(',')},0.4\n`);
const nested = Array.from({ length: T }, (_, t) => values.slice(t * F, (t + 1) * F));
writeFileSync(join(dir, 'sample.json'), JSON.stringify({ input: nested, target: [0.4] }));

test('a CSV row after the model: the state over time and a recurrent weight as a sum over steps', () => {
  const out = neuriteOk(['explain', 'model.json', 'windows.csv', '--row', '2', '--weight', 'gru1.recurrent[gate=z,unit=1,h=3]'], dir);
  assert.match(out, /sample {3}row 2 of windows\.csv/);
  assert.match(out, /Through time \(one sample\)/);
  assert.match(out, /gru1 \(gru\): 6 steps × 4 units/);
  assert.match(out, /h_t per unit/);
  assert.match(out, /going back in time: t=5 /);
  assert.match(out, /∂L\/∂U\[gate=z,unit=1,h=3\] = Σ over 6 time steps t of ∂L\/∂z_z\[t,1\] · h_\{t−1\}\[3\]/);
  assert.match(out, /they agree/);
});

test('the same sample as JSON (nested [T][F]) or --input gives the same trace, in JSON and Markdown', () => {
  const weight = ['--weight', 'gru1.input[gate=n,unit=0,feature=1]'];
  const fromCsv = JSON.parse(neuriteOk(['explain', 'model.json', 'windows.csv', '--row', '2', ...weight, '--format', 'json'], dir)) as LayerExplainTrace;
  const fromJson = JSON.parse(neuriteOk(['explain', 'model.json', 'sample.json', ...weight, '--format', 'json'], dir)) as LayerExplainTrace;
  const inline = JSON.parse(
    neuriteOk(['explain', 'model.json', '--input', JSON.stringify(nested), '--target', '0.4', ...weight, '--format', 'json'], dir),
  ) as LayerExplainTrace;
  for (const trace of [fromJson, inline]) {
    assert.deepEqual(trace.recurrent, fromCsv.recurrent);
    assert.equal(trace.weight!.total, fromCsv.weight!.total);
  }
  assert.equal(fromCsv.weight!.terms, T);
  assert.ok(fromCsv.weight!.agrees);
  assert.equal(fromCsv.recurrent![0]!.hidden.length, T);
  assert.deepEqual(fromCsv.target, [0.4]);
  const md = neuriteOk(['explain', 'model.json', 'sample.json', ...weight, '--format', 'markdown'], dir);
  assert.match(md, /### gru1 through time/);
  assert.match(md, /\| step t \| ‖∂L\/∂h_t‖ \| ÷ step t\+1 \|/);
});

test('bad samples: the wrong number of values, no target, text that is not numbers', () => {
  writeFileSync(join(dir, 'short.csv'), '1,2,3\n');
  const short = neurite(['explain', 'model.json', 'short.csv', '--target', '1'], dir);
  assert.equal(short.status, 1);
  assert.match(short.stderr, /takes \[6, 2\] = 12 values in \(t, f\) order \(or 13: the inputs then the 1 target value\(s\)\), got 3/);
  const noTarget = neurite(['explain', 'model.json', '--input', values.join(',')], dir);
  assert.equal(noTarget.status, 1);
  assert.match(noTarget.stderr, /needs the target: --target/);
  const words = neurite(['explain', 'model.json', '--input', 'a,b', '--target', '1'], dir);
  assert.equal(words.status, 1);
  assert.match(words.stderr, /--input: expected comma-separated numbers/);
});
