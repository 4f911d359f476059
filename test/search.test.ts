// The search for the default settings (#16): reproducible from the seed, within its budget, refusing
// nonsense budgets, never looking at the test rows, stoppable, choosing by the half-standard-error rule, stopping
// by its own score and ending the final fit on an average of weights.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTable } from '../src/data/index.js';
import type { NeuriteError } from '../src/index.js';
import { autoFit, searchTraining, type AutoFitOptions } from '../src/model/auto-fit.js';
import { checkBudget } from '../src/model/search-budget.js';
import { defaultCandidates, simplestFirst } from '../src/model/search-candidates.js';
import { encodeFold, searchFolds } from '../src/model/search-folds.js';
import { chooseCandidate, STANDARD_ERRORS, summarize, type CandidateResult } from '../src/model/search-score.js';
import { ScoreStopping } from '../src/model/search-stopping.js';
import { WeightAverage } from '../src/model/weight-average.js';
import { Network } from '../src/nn/network.js';
import { prepareTrainingData } from '../src/model/training-steps.js';
import { TRAIN_MODEL_DEFAULTS } from '../src/model/train-options.js';

/** A small noisy table: y is a class from two of three inputs; z is noise. */
function table(rows: number, seed = 1): string {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const lines = ['a,b,z,y'];
  for (let i = 0; i < rows; i++) {
    const a = rand() * 4 - 2;
    const b = rand() * 4 - 2;
    lines.push(`${a.toFixed(3)},${b.toFixed(3)},${rand().toFixed(3)},${a + 0.5 * b + (rand() - 0.5) > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

const CSV = table(60);
const SMALL: AutoFitOptions = {
  target: 'y',
  candidates: [
    { hidden: [4], l2: 0.001 },
    { hidden: [], l2: 0.01 },
  ],
  maxEpochs: 6,
  patience: 2,
  folds: 3,
  seed: 5,
};

/** A clock that moves `step` ms each time it is read: the search's decisions then depend on nothing real. */
function fakeClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

test('the search is reproducible from the seed: same scores, same choice, same model bits', async () => {
  const [first, second] = [await searchTraining(CSV, SMALL), await searchTraining(CSV, SMALL)];
  assert.deepEqual(
    first.candidates.map((c) => c.scores),
    second.candidates.map((c) => c.scores),
  );
  assert.deepEqual(first.chosen, second.chosen);
  assert.equal(first.candidates.length, 2);
  assert.ok(first.candidates.every((c) => c.status === 'done' && c.scores.length === 3));
  // Simplest first: the model with no hidden layer is tried before the one with 4 units, whatever the order given.
  assert.equal(first.candidates[0]!.name, 'none l2=0.01');
  const [a, b] = [await autoFit(CSV, SMALL), await autoFit(CSV, SMALL)];
  assert.deepEqual(a.network.toJSON(), b.network.toJSON());
  assert.deepEqual(a.training.search!.chosen, b.training.search!.chosen);
  const other = await searchTraining(CSV, { ...SMALL, seed: 6 });
  assert.notDeepEqual(
    other.candidates.map((c) => c.scores),
    first.candidates.map((c) => c.scores),
    'another seed makes other folds',
  );
});

test('the model records what the search did, and is trained on the chosen settings', async () => {
  const model = await autoFit(CSV, SMALL);
  const search = model.training.search!;
  assert.equal(search.method, 'cross-validation');
  assert.equal(search.folds, 3);
  assert.equal(search.metric, 'accuracy');
  assert.equal(search.candidates.length, 2);
  for (const c of search.candidates) assert.ok(Number.isFinite(c.mean) && Number.isFinite(c.spread) && c.scores.length === 3);
  assert.deepEqual(model.training['hidden'], search.chosen.hidden);
  assert.equal(model.training['l2'], search.chosen.l2);
  assert.equal(model.training.epochs, search.chosen.epochs);
  // The final fit runs the folds' mean best epoch E and ⌈E/2⌉ more, averaging the weights of epochs E to the last.
  const chosen = search.candidates.find((c) => c.name === search.chosen.name)!;
  const best = Math.max(1, Math.round(chosen.bestEpochs.reduce((a, b) => a + b, 0) / chosen.bestEpochs.length));
  assert.equal(search.chosen.averageFrom, best);
  assert.equal(search.chosen.epochs, best + Math.ceil(best / 2));
  assert.match(search.chosen.reason, /best mean accuracy|within half a standard error/);
  assert.ok('test' in model.training.metrics!, 'the final metrics are on the test rows');
});

test('the test rows are held out before the search: the search never reads them', async () => {
  // A regression (no stratified split: the split depends on no value), so the held-out rows can be changed at will.
  const csv = CSV.replace('a,b,z,y', 'a,b,z,c').replace(/,(yes|no)$/gm, (_, label: string) => `,${label === 'yes' ? 1.5 : -0.5}`);
  const lines = csv
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 ? `${line},v` : `${line},${(i % 7) + Number(line.split(',')[0])}`));
  const options: AutoFitOptions = { ...SMALL, target: 'v' };
  const report = await searchTraining(lines.join('\n'), options);
  assert.equal(report.metric, 'r2');
  assert.equal(report.heldOut.length, 12); // 20% of 60
  const searched = new Set(report.rows);
  assert.equal(searched.size + report.heldOut.length, 60);
  assert.ok(report.heldOut.every((row) => !searched.has(row)));
  // Change every value of the held-out rows: the search and the trained weights stay the same bits; only the test score moves.
  const held = new Set(Array.from(report.heldOut, (row) => row + 1)); // +1: the header line
  const changed = lines.map((line, i) => (held.has(i) ? '9,-9,0.5,7,100' : line)).join('\n');
  const again = await searchTraining(changed, options);
  assert.deepEqual(Array.from(again.heldOut), Array.from(report.heldOut));
  assert.deepEqual(
    again.candidates.map((c) => c.scores),
    report.candidates.map((c) => c.scores),
  );
  const [model, other] = [await autoFit(lines.join('\n'), options), await autoFit(changed, options)];
  assert.deepEqual(model.network.toJSON(), other.network.toJSON());
  assert.deepEqual(model.preprocessing.toJSON(), other.preprocessing.toJSON());
  assert.notDeepEqual(model.training.metrics, other.training.metrics, 'the test rows, and only they, score the model');
});

test('each fold fits its preprocessing on its own training rows, and the folds cover the rows once', () => {
  const data = parseTable(CSV);
  const prepared = prepareTrainingData(data, { ...TRAIN_MODEL_DEFAULTS, target: 'y', seed: 5 });
  const rows = prepared.train.rows;
  const classes = prepared.preprocessor.targetIndices(data, rows);
  const key = new Int32Array(data.rowCount).fill(-1);
  rows.forEach((row, i) => (key[row] = classes[i]!));
  const folds = searchFolds(rows, { folds: 4, seed: 5, stratify: key });
  assert.equal(folds.length, 4);
  const seen = folds.flatMap((f) => Array.from(f.validation)).sort((x, y) => x - y);
  assert.deepEqual(
    seen,
    Array.from(rows).sort((x, y) => x - y),
  );
  for (const fold of folds) {
    assert.ok(fold.train.every((row) => !fold.validation.includes(row)));
    const yes = fold.validation.filter((row) => key[row] === 1).length;
    assert.ok(Math.abs(yes / fold.validation.length - classes.reduce((s, c) => s + c, 0) / rows.length) < 0.15, 'stratified');
    const encoded = encodeFold(data, fold, prepared.preprocessor, { scaling: 'standard', dtype: 'float64' });
    const a = data.column('a');
    const mean = (set: Int32Array) => set.reduce((s, row) => s + (a.kind === 'numeric' ? a.values[row]! : 0), 0) / set.length;
    const input = encoded.pre.inputs.find((i) => i.name === 'a')!;
    assert.ok(input.kind === 'numeric' && Math.abs(input.offset - mean(fold.train)) < 1e-9, "the fold's training rows' mean");
    assert.ok(Math.abs(input.offset - mean(rows)) > 1e-6, 'not the mean of all training rows');
  }
  assert.equal(
    searchFolds(
      Int32Array.from({ length: 20_000 }, (_, i) => i),
      { folds: 5, seed: 1 },
    ).length,
    1,
    'a large table: one validation split',
  );
});

test('the search keeps to its budget: with a fake clock it skips what does not fit and says so', async () => {
  // Each read of the clock moves it 50 ms; a budget of 1 s leaves the candidates 0.8 s: a few epochs.
  const report = await searchTraining(CSV, { ...SMALL, maxEpochs: 40, patience: 40, budget: 1, now: fakeClock(50) });
  assert.ok(report.seconds <= 1, `the search took ${report.seconds} s of a 1 s budget`);
  assert.ok(
    report.candidates.some((c) => c.status !== 'done'),
    'something was cut or skipped',
  );
  assert.ok(report.candidates.every((c) => c.status !== 'skipped' || c.scores.length === 0));
  assert.ok(report.chosen.epochs >= 1);
  const roomy = await searchTraining(CSV, { ...SMALL, maxEpochs: 40, patience: 40, budget: 3600, now: fakeClock(50) });
  assert.ok(roomy.candidates.every((c) => c.status === 'done'));
});

test('nonsense budgets are refused with a clear error', async () => {
  for (const budget of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e9, '10' as unknown as number]) {
    assert.throws(
      () => checkBudget(budget),
      (error: NeuriteError) => error.code === 'INVALID_ARGUMENT' && error.details.field === 'budget' && /seconds/.test(error.message),
    );
    await assert.rejects(searchTraining(CSV, { ...SMALL, budget }), { code: 'INVALID_ARGUMENT' });
  }
  await assert.rejects(autoFit(CSV, { ...SMALL, hidden: [4] } as AutoFitOptions), /autoFit has no option "hidden"/);
});

test('an AbortSignal stops the search with ABORTED', async () => {
  const controller = new AbortController();
  const run = searchTraining(CSV, { ...SMALL, signal: controller.signal, onCandidate: () => controller.abort() });
  await assert.rejects(run, { code: 'ABORTED' });
});

test('the standard-error rule takes the simplest candidate within half a standard error of the best', () => {
  const result = (name: string, scores: number[]): CandidateResult => ({
    candidate: { hidden: [], l2: 0 },
    name,
    status: 'done',
    scores,
    ...summarize(scores),
    bestEpochs: [1],
    epochsRun: 1,
    seconds: 0,
  });
  const noisy = [result('simple', [0.815, 0.855, 0.835]), result('big', [0.82, 0.86, 0.84])];
  assert.equal(chooseCandidate(noisy, 'accuracy').index, 0);
  assert.match(chooseCandidate(noisy, 'accuracy').reason, /simplest within half a standard error/);
  // 0.01 below a best whose standard error is 0.0115: within one standard error, not within half of one.
  const near = [
    result('simple', [0.82, 0.84, 0.86]),
    result(
      'big',
      [0.81, 0.85, 0.83].map((x) => x + 0.02),
    ),
  ];
  assert.equal(STANDARD_ERRORS, 0.5);
  assert.ok(near[1]!.mean - near[0]!.mean > STANDARD_ERRORS * near[1]!.standardError && near[1]!.mean - near[0]!.mean < near[1]!.standardError);
  assert.equal(chooseCandidate(near, 'accuracy').index, 1);
  const clear = [result('simple', [0.7, 0.71, 0.72]), result('big', [0.83, 0.85, 0.84])];
  assert.equal(chooseCandidate(clear, 'accuracy').index, 1);
  const cut = [{ ...result('simple', [0.9]), status: 'cut' as const }, result('big', [0.5, 0.5])];
  assert.equal(chooseCandidate(cut, 'r2').index, 1, 'a finished candidate beats one the budget cut');
});

test('the default candidates include a linear model, and are ordered simplest first', () => {
  for (const rows of [500, 50_000]) {
    const ordered = simplestFirst(defaultCandidates(rows), 10, 1);
    assert.deepEqual(ordered[0]!.hidden, []);
    assert.ok(new Set(ordered.map((c) => c.hidden.join())).size >= 2);
  }
});

test('the default candidates of a small table: two linear models, 16, 64 and 128 units and 64,32, nine in all', () => {
  const names = defaultCandidates(800).map((c) => `${c.hidden.join(',') || 'none'} ${c.l2}`);
  assert.deepEqual(names, ['none 0.1', 'none 0.01', '16 0.01', '16 0.001', '64 0.01', '64 0.001', '128 0.001', '128 0.0001', '64,32 0.001']);
  assert.deepEqual(
    defaultCandidates(48_000).map((c) => `${c.hidden.join(',') || 'none'} ${c.l2}`),
    ['none 0.0001', '256 0.0001', '256 0'],
  );
});

test('the search stops on its own score: the best accuracy, ties to the lower loss, its weights kept', () => {
  const network = Network.create({ inputShape: [1], layers: [{ type: 'dense', units: 1 }] });
  const weights = network.learnedArrays()[0]!;
  const stopper = new ScoreStopping(2);
  // The loss rises from epoch 1 while the accuracy still climbs to epoch 3 (0-based): the epoch kept is 3.
  const epochs = [
    [0.8, 0.5],
    [0.85, 0.45],
    [0.86, 0.55],
    [0.9, 0.6],
    [0.9, 0.7],
    [0.88, 0.7],
    [0.89, 0.8],
  ];
  let stoppedAt = -1;
  for (const [epoch, [score, loss]] of epochs.entries()) {
    weights[0] = epoch;
    if (stopper.update(epoch, score!, loss!, network)) {
      stoppedAt = epoch;
      break;
    }
  }
  assert.equal(stopper.bestEpoch, 3, 'the best accuracy; epoch 4 ties it with a higher loss');
  assert.equal(stoppedAt, 6, 'patience 2: three epochs without a better score');
  stopper.restore(network);
  assert.equal(weights[0], 3, "the best epoch's weights are put back");
});

test("the final fit's weight average is the mean of the weights at the end of epochs `from` on", () => {
  const network = Network.create({ inputShape: [2], layers: [{ type: 'dense', units: 1 }] });
  const [kernel] = network.learnedArrays();
  const average = new WeightAverage(3); // epochs 3, 4 and 5 (counted from 1): indices 2, 3, 4
  for (let epoch = 0; epoch < 5; epoch++) {
    kernel!.fill(epoch * 10);
    average.add(epoch, network);
  }
  average.apply(network);
  assert.deepEqual(Array.from(kernel!), [30, 30]);
  const none = new WeightAverage(9);
  none.add(0, network);
  kernel!.fill(1);
  none.apply(network);
  assert.deepEqual(Array.from(kernel!), [1, 1], 'nothing added, nothing changed');
});
