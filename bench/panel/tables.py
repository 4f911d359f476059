"""The panel's tables: each loaded from a Debian package already on disk (nothing is downloaded).

Every loader returns a pandas DataFrame whose `target` column is the one to predict, with rows that have a
missing value dropped. Class labels are written as the dataset names them (text where the source has names).
"""
import gzip
import struct

import numpy as np
import pandas as pd

FASHION_DIR = '/usr/share/datasets/fashion-mnist'


def diabetes():
    from sklearn.datasets import load_diabetes
    frame = load_diabetes(as_frame=True, scaled=False).frame
    return frame.rename(columns={'target': 'progression'})


def wine():
    from sklearn.datasets import load_wine
    data = load_wine(as_frame=True)
    frame = data.data.copy()
    frame['cultivar'] = [data.target_names[i] for i in data.target]
    return frame


def breast_cancer():
    from sklearn.datasets import load_breast_cancer
    data = load_breast_cancer(as_frame=True)
    frame = data.data.copy()
    frame.columns = [c.replace(' ', '_') for c in frame.columns]
    frame['diagnosis'] = [data.target_names[i] for i in data.target]
    return frame


def digits():
    from sklearn.datasets import load_digits
    data = load_digits(as_frame=True)
    frame = data.data.copy()
    frame['digit'] = data.target
    return frame


def star98():
    from statsmodels.datasets import star98 as source
    frame = source.load_pandas().data
    frame = frame.copy()
    # The share of a school's students above the national median in maths (the dataset's binomial endog).
    frame['share_above'] = frame['NABOVE'] / (frame['NABOVE'] + frame['NBELOW'])
    return frame.drop(columns=['NABOVE', 'NBELOW'])


def fair():
    from statsmodels.datasets import fair as source
    frame = source.load_pandas().data.copy()
    # As in statsmodels' own logit example: did the respondent have any affair.
    frame['affair'] = np.where(frame['affairs'] > 0, 'yes', 'no')
    return frame.drop(columns=['affairs'])


def anes96():
    from statsmodels.datasets import anes96 as source
    frame = source.load_pandas().data.copy()
    frame['vote'] = np.where(frame['vote'] > 0, 'Dole', 'Clinton')
    return frame.drop(columns=['logpopul'])  # log of popul, a derived copy


def randhie():
    from statsmodels.datasets import randhie as source
    return source.load_pandas().data.copy()  # target: mdvis, visits to a doctor in a year


def cars():
    from vega_datasets import local_data
    frame = local_data.cars().copy()
    frame['Year'] = pd.to_datetime(frame['Year']).dt.year
    frame = frame.drop(columns=['Name']).dropna()
    return frame.reset_index(drop=True)


def seattle_weather():
    from vega_datasets import local_data
    frame = local_data.seattle_weather().copy()
    return frame.drop(columns=['date'])


def _idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic, count = struct.unpack('>II', data[:8])
    if magic == 2049:
        return np.frombuffer(data, dtype=np.uint8, offset=8)
    rows, cols = struct.unpack('>II', data[8:16])
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows * cols)


FASHION_LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']


def _fashion(kind):
    images = _idx(f'{FASHION_DIR}/{kind}-images-idx3-ubyte.gz')
    labels = _idx(f'{FASHION_DIR}/{kind}-labels-idx1-ubyte.gz')
    frame = pd.DataFrame(images, columns=[f'px{i}' for i in range(images.shape[1])])
    frame['item'] = [FASHION_LABELS[i] for i in labels]
    return frame


def fashion_mnist():
    """The official split: (train, test)."""
    return _fashion('train'), _fashion('t10k')


# name, target, task, loader, source, license. `fixed_split`: the loader returns (train, test) itself.
TABLES = [
    dict(name='diabetes', target='progression', task='regression', load=diabetes, package='python3-sklearn',
         source='Efron, Hastie, Johnstone, Tibshirani (2004), "Least Angle Regression"; scikit-learn load_diabetes(scaled=False)',
         license='distributed with scikit-learn (BSD-3-Clause)'),
    dict(name='wine', target='cultivar', task='classification', load=wine, package='python3-sklearn',
         source='UCI Wine (Forina et al.); scikit-learn load_wine', license='CC BY 4.0 (UCI)'),
    dict(name='breast_cancer', target='diagnosis', task='classification', load=breast_cancer, package='python3-sklearn',
         source='UCI Breast Cancer Wisconsin (Diagnostic) (Wolberg, Street, Mangasarian 1995); scikit-learn load_breast_cancer',
         license='CC BY 4.0 (UCI)'),
    dict(name='digits', target='digit', task='classification', load=digits, package='python3-sklearn',
         source='UCI Optical Recognition of Handwritten Digits, 8x8 (Alpaydin, Kaynak 1998); scikit-learn load_digits',
         license='CC BY 4.0 (UCI)'),
    dict(name='star98', target='share_above', task='regression', load=star98, package='python3-statsmodels',
         source="California STAR 1998 school results, from Jeff Gill's Generalized Linear Models; statsmodels.datasets.star98",
         license='used with permission of the author (statsmodels, BSD-3-Clause package)'),
    dict(name='anes96', target='vote', task='classification', load=anes96, package='python3-statsmodels',
         source='American National Election Studies 1996; statsmodels.datasets.anes96', license='public domain'),
    dict(name='fair', target='affair', task='classification', load=fair, package='python3-statsmodels',
         source='Fair (1978), "A Theory of Extramarital Affairs", J. Political Economy; statsmodels.datasets.fair',
         license='included with permission of the author (statsmodels)'),
    dict(name='randhie', target='mdvis', task='regression', load=randhie, package='python3-statsmodels',
         source='RAND Health Insurance Experiment, via Cameron and Trivedi (2005); statsmodels.datasets.randhie',
         license='public domain'),
    dict(name='cars', target='Miles_per_Gallon', task='regression', load=cars, package='python3-vega-datasets',
         source='StatLib cars (Ramos, Donoho 1983); vega_datasets local_data.cars', license='public domain'),
    dict(name='seattle_weather', target='weather', task='classification', load=seattle_weather, package='python3-vega-datasets',
         source='NOAA Seattle daily weather 2012-2015; vega_datasets local_data.seattle_weather', license='public domain (NOAA)'),
    dict(name='fashion_mnist', target='item', task='classification', load=fashion_mnist, package='dataset-fashion-mnist',
         source='Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), official 60,000/10,000 split from the IDX files', license='MIT (Zalando SE)',
         fixed_split=True),
]
