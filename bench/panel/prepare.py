#!/usr/bin/python3
"""Export every panel table to CSV and make its seeded train/test splits, in a cache folder (never committed).

    /usr/bin/python3 bench/panel/prepare.py [--cache DIR] [--tables a,b] [--seeds 0,1,2]

Writes DIR/<table>/seed<s>/{train,test}.csv (Fashion-MNIST: DIR/fashion_mnist/official/, its own test set)
and DIR/manifest.json, which the baselines and the neurite runner read, and results/tables.json (the same
without the paths, committed, read by report.mjs). Downloads nothing.
"""
import argparse
import json
import os

from sklearn.model_selection import train_test_split

from tables import TABLES

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CACHE = os.path.join(HERE, '.cache')
TEST_FRACTION = 0.2
DEFAULT_SEEDS = [0, 1, 2]
FIXED_SPLIT_SEEDS = [0]  # Fashion-MNIST: one official split; the seed only changes the models' own randomness


def split(frame, target, task, seed):
    """A seeded split of the rows, stratified by class for classification: (train, test) frames."""
    stratify = frame[target] if task == 'classification' else None
    return train_test_split(frame, test_size=TEST_FRACTION, random_state=seed, stratify=stratify)


def write(frame, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    frame.to_csv(path, index=False)


def prepare(table, cache, seeds):
    name, target, task = table['name'], table['target'], table['task']
    entry = {k: table[k] for k in ('name', 'target', 'task', 'package', 'source', 'license')}
    if table.get('fixed_split'):
        train, test = table['load']()
        folder = os.path.join(cache, name, 'official')
        if not os.path.exists(os.path.join(folder, 'test.csv')):
            write(train, os.path.join(folder, 'train.csv'))
            write(test, os.path.join(folder, 'test.csv'))
        entry['splits'] = [{'seed': s, 'train': os.path.join(folder, 'train.csv'), 'test': os.path.join(folder, 'test.csv')}
                           for s in FIXED_SPLIT_SEEDS]
        frame = train
        entry['rows'] = len(train) + len(test)
    else:
        frame = table['load']()
        entry['rows'] = len(frame)
        entry['splits'] = []
        for seed in seeds:
            train, test = split(frame, target, task, seed)
            folder = os.path.join(cache, name, f'seed{seed}')
            write(train, os.path.join(folder, 'train.csv'))
            write(test, os.path.join(folder, 'test.csv'))
            entry['splits'].append({'seed': seed, 'train': os.path.join(folder, 'train.csv'), 'test': os.path.join(folder, 'test.csv')})
    entry['columns'] = frame.shape[1] - 1
    entry['trainRows'] = sum(1 for _ in open(entry['splits'][0]['train'])) - 1
    entry['testRows'] = sum(1 for _ in open(entry['splits'][0]['test'])) - 1
    if task == 'classification':
        entry['classes'] = int(frame[target].nunique())
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--cache', default=DEFAULT_CACHE)
    parser.add_argument('--tables', help='comma-separated table names (default: all)')
    parser.add_argument('--seeds', default=','.join(map(str, DEFAULT_SEEDS)))
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(',')]
    wanted = set(args.tables.split(',')) if args.tables else None
    manifest_path = os.path.join(args.cache, 'manifest.json')
    manifest = {}
    if os.path.exists(manifest_path):
        manifest = {t['name']: t for t in json.load(open(manifest_path))['tables']}
    for table in TABLES:
        if wanted and table['name'] not in wanted:
            continue
        entry = prepare(table, args.cache, seeds)
        manifest[table['name']] = entry
        print(f"{entry['name']}: {entry['rows']} rows, {entry['columns']} columns, {entry['task']}, {len(entry['splits'])} split(s)")
    order = [t['name'] for t in TABLES]
    os.makedirs(args.cache, exist_ok=True)
    with open(manifest_path, 'w') as f:
        json.dump({'testFraction': TEST_FRACTION, 'tables': sorted(manifest.values(), key=lambda t: order.index(t['name']))}, f, indent=1)
    # The same, without the cache's paths, committed for the report: what each table is and where it comes from.
    # Tables prepared here replace their entries; the others keep theirs.
    described_path = os.path.join(HERE, 'results', 'tables.json')
    described = {t['name']: t for t in json.load(open(described_path))['tables']} if os.path.exists(described_path) else {}
    for t in manifest.values():
        described[t['name']] = {**{k: v for k, v in t.items() if k != 'splits'}, 'seeds': [s['seed'] for s in t['splits']]}
    os.makedirs(os.path.join(HERE, 'results'), exist_ok=True)
    with open(described_path, 'w') as f:
        json.dump({'testFraction': TEST_FRACTION, 'tables': sorted(described.values(), key=lambda t: order.index(t['name']))}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
