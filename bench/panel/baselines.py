#!/usr/bin/python3
"""The baselines on the panel's splits (the same train/test CSVs neurite reads), one results file per table.

    /usr/bin/python3 bench/panel/baselines.py [--cache DIR] [--tables a,b] [--seeds 0,1] [--models mlp,linear]

Every model sees the inputs as a careful user would prepare them: numeric columns standard-scaled (fitted
on the training rows), text columns one-hot encoded. The models:
- mlp: scikit-learn MLPClassifier / MLPRegressor with default settings (100 hidden relu units, Adam 0.001,
  alpha 1e-4, batch 200, up to 200 epochs), random_state = the split's seed; for regression the target is
  standard-scaled as well (TransformedTargetRegressor), as neurite does.
- linear: LogisticRegressionCV (C in 0.01, 0.1, 1, 10, 100; 5 folds, stratified; multinomial) or RidgeCV
  (alpha in 10^-3 .. 10^3, efficient leave-one-out), both on the training rows only. On tables of 20,000
  rows or more (Fashion-MNIST) the logistic regression uses the default C = 1 without a search.
Results: results/baselines/<table>.json.
"""
import argparse
import json
import os
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV, RidgeCV
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
LARGE = 20000
C_GRID = [0.01, 0.1, 1, 10, 100]
ALPHA_GRID = list(np.logspace(-3, 3, 13))


def prepared(model, frame):
    text = [c for c in frame.columns if frame[c].dtype == object]
    numeric = [c for c in frame.columns if c not in text]
    encode = ColumnTransformer([('scale', StandardScaler(), numeric), ('onehot', OneHotEncoder(handle_unknown='ignore'), text)])
    return make_pipeline(encode, model)


def make(name, task, rows, seed):
    if name == 'mlp':
        if task == 'classification':
            return MLPClassifier(random_state=seed)
        # The target standard-scaled too (and predictions scaled back), as neurite does: with a raw target in
        # the hundreds, the default MLPRegressor has not converged after its 200 epochs.
        return TransformedTargetRegressor(MLPRegressor(random_state=seed), transformer=StandardScaler())
    if task == 'regression':
        return RidgeCV(alphas=ALPHA_GRID)
    if rows >= LARGE:
        return LogisticRegression(max_iter=1000)
    return LogisticRegressionCV(Cs=C_GRID, cv=5, max_iter=5000, random_state=seed)


def chosen(model):
    last = model.steps[-1][1]
    last = getattr(last, 'regressor_', last)
    if hasattr(last, 'alpha_'):
        return {'alpha': float(last.alpha_)}
    if hasattr(last, 'C_'):
        return {'C': float(np.atleast_1d(last.C_)[0])}
    if hasattr(last, 'n_iter_'):
        return {'epochs': int(np.atleast_1d(last.n_iter_)[0])}
    return {}


def run(table, split, name):
    train, test = pd.read_csv(split['train']), pd.read_csv(split['test'])
    target, task = table['target'], table['task']
    model = prepared(make(name, task, len(train), split['seed']), train.drop(columns=[target]))
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', ConvergenceWarning)
        model.fit(train.drop(columns=[target]), train[target])
    seconds = time.perf_counter() - started
    predicted = model.predict(test.drop(columns=[target]))
    metric = 'accuracy' if task == 'classification' else 'r2'
    value = accuracy_score(test[target], predicted) if metric == 'accuracy' else r2_score(test[target], predicted)
    return {'model': name, 'seed': split['seed'], 'metric': metric, 'value': float(value), 'fitSeconds': round(seconds, 2), **chosen(model)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--cache', default=os.path.join(HERE, '.cache'))
    parser.add_argument('--tables')
    parser.add_argument('--seeds')
    parser.add_argument('--models', default='linear,mlp')
    args = parser.parse_args()
    manifest = json.load(open(os.path.join(args.cache, 'manifest.json')))
    wanted = args.tables.split(',') if args.tables else None
    seeds = [int(s) for s in args.seeds.split(',')] if args.seeds else None
    out_dir = os.path.join(HERE, 'results', 'baselines')
    os.makedirs(out_dir, exist_ok=True)
    for table in manifest['tables']:
        if wanted and table['name'] not in wanted:
            continue
        path = os.path.join(out_dir, f"{table['name']}.json")
        previous = json.load(open(path))['records'] if os.path.exists(path) else []
        records = []
        for name in args.models.split(','):
            for split in table['splits']:
                if seeds and split['seed'] not in seeds:
                    continue
                record = run(table, split, name)
                records.append(record)
                print(f"{table['name']} {name} seed {split['seed']}: {record['metric']} {record['value']:.4f} ({record['fitSeconds']} s)", flush=True)
                done = {(r['model'], r['seed']) for r in records}
                kept = [r for r in previous if (r['model'], r['seed']) not in done]
                with open(path, 'w') as f:
                    json.dump({'table': table['name'], 'records': kept + records}, f, indent=1)
                    f.write('\n')


if __name__ == '__main__':
    main()
