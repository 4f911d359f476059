"""Reference values for neurite's pooling and batch-norm layers, computed by PyTorch in float64.

Writes two fixtures (the tests read them; PyTorch is needed only to regenerate them):

test/fixtures/pytorch/pool.json: for max pooling, average pooling and global average pooling, per
configuration: the input X, a fixed upstream gradient G = dL/dout, the output, and dL/dX of L = sum(out * G).

test/fixtures/pytorch/batch-norm.json: per configuration, gamma, beta and the running statistics before; then in
training mode (batch statistics) the output, dL/dX, dL/dgamma, dL/dbeta and the running statistics after the
step (PyTorch's momentum rule, the unbiased variance); then in eval mode (running statistics, those after the
training step) the output and the same gradients.

Layout: everything channels last, as neurite stores it: a sample of an image [h, w, c] is one row of h * w * c
values in row-major (y, x, c) order; a sample of a sequence [l, c] is l * c values in (t, c) order; [c] is c
values. PyTorch works channels first, so each batch goes in as x.permute(0, 3, 1, 2) ([n, c, h, w]) or
x.permute(0, 2, 1) ([n, c, l]) and comes out by the inverse permutation; the features batch norm normalizes are
neurite's last axis and PyTorch's channel axis.

'same' padding is TensorFlow's and ONNX's SAME_UPPER (out = ceil(in / stride); the odd padded cell goes after),
which PyTorch's pooling does not offer, so it is written out with F.pad:
  max pooling:     F.pad(x, ..., value=-inf), then max_pool2d: a padded cell is never the maximum;
  average pooling: avg_pool2d(F.pad(x, 0)) / avg_pool2d(F.pad(ones, 0)): the sum over the window divided by the
                   number of real cells under it (ONNX's count_include_pad = 0), differentiated by autograd.

Regenerate with Debian's python3-torch (seeded: a rerun with the same PyTorch writes the same values):
  /usr/bin/python3 scripts/pytorch/pool_fixtures.py
then: npx tsc -p tsconfig.json && node --test dist/test/pool-fixtures.test.js
"""

import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(14)
torch.set_default_dtype(torch.float64)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "pytorch")

SAMPLES = 2

POOLS = [
    # kind, input [h, w, c], poolSize, strides, padding
    ("max", [4, 4, 2], [2, 2], [2, 2], "valid"),
    ("max", [5, 6, 2], [2, 3], [1, 2], "valid"),  # overlapping windows across
    ("max", [7, 7, 1], [2, 2], [3, 3], "valid"),  # stride > size: cells skipped
    ("max", [6, 5, 3], [3, 3], [2, 2], "same"),  # totals 1 (odd: the cell goes after) and 2
    ("max", [7, 4, 2], [3, 2], [2, 1], "same"),  # non-square window, totals 2 and 1
    ("avg", [4, 4, 2], [2, 2], [2, 2], "valid"),
    ("avg", [5, 6, 2], [2, 3], [1, 2], "valid"),
    ("avg", [6, 5, 3], [3, 3], [2, 2], "same"),
    ("avg", [7, 4, 2], [3, 2], [2, 1], "same"),
    ("avg", [5, 5, 1], [4, 4], [3, 3], "same"),  # windows clipped on both sides
]

GLOBAL = [[3, 4, 2], [5, 5, 3]]

BATCH_NORMS = [
    # input shape (features: the last axis), rows, momentum, epsilon
    ([4], 5, 0.1, 1e-5),
    ([3, 3, 2], 3, 0.1, 1e-5),
    ([4, 5, 3], 2, 0.25, 1e-3),
    ([5, 3], 4, 0.0, 1e-5),  # a sequence [l, c]; momentum 0 keeps the running statistics
    ([2, 2, 1], 1, 1.0, 1e-2),  # momentum 1: the running statistics become the batch's
]


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def rows(t):
    return [flat(t[n]) for n in range(t.shape[0])]


def same_padding(size, k, s):
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pool(kind, x_nchw, pool_size, strides, padding):
    if padding == "valid":
        if kind == "max":
            return F.max_pool2d(x_nchw, pool_size, strides)
        return F.avg_pool2d(x_nchw, pool_size, strides)
    top, bottom = same_padding(x_nchw.shape[2], pool_size[0], strides[0])
    left, right = same_padding(x_nchw.shape[3], pool_size[1], strides[1])
    pads = (left, right, top, bottom)
    if kind == "max":
        return F.max_pool2d(F.pad(x_nchw, pads, value=-math.inf), pool_size, strides)
    sums = F.avg_pool2d(F.pad(x_nchw, pads), pool_size, strides)
    counts = F.avg_pool2d(F.pad(torch.ones_like(x_nchw), pads), pool_size, strides)
    return sums / counts


def pool_case(kind, shape, pool_size, strides, padding):
    x = torch.randn(SAMPLES, *shape, requires_grad=True)  # channels last [n, h, w, c]
    out = pool(kind, x.permute(0, 3, 1, 2), pool_size, strides, padding).permute(0, 2, 3, 1)
    g = torch.randn_like(out)
    (out * g).sum().backward()
    return {
        "kind": kind,
        "inputShape": shape,
        "poolSize": pool_size,
        "strides": strides,
        "padding": padding,
        "outputShape": list(out.shape[1:]),
        "input": rows(x.detach()),
        "upstream": rows(g),
        "output": rows(out.detach()),
        "inputGrad": rows(x.grad),
    }


def global_case(shape):
    x = torch.randn(SAMPLES, *shape, requires_grad=True)
    out = F.adaptive_avg_pool2d(x.permute(0, 3, 1, 2), 1).reshape(SAMPLES, shape[2])
    g = torch.randn_like(out)
    (out * g).sum().backward()
    return {"inputShape": shape, "input": rows(x.detach()), "upstream": rows(g), "output": rows(out.detach()), "inputGrad": rows(x.grad)}


def channels_first(x):
    """[n, ..., c] (channels last) to PyTorch's [n, c, ...]."""
    return x if x.dim() == 2 else x.permute(0, x.dim() - 1, *range(1, x.dim() - 1))


def channels_last(y):
    return y if y.dim() == 2 else y.permute(0, *range(2, y.dim()), 1)


def batch_norm_case(shape, n, momentum, epsilon):
    c = shape[-1]
    layer = (torch.nn.BatchNorm1d if len(shape) < 3 else torch.nn.BatchNorm2d)(c, eps=epsilon, momentum=momentum)
    with torch.no_grad():
        layer.weight.copy_(torch.rand(c) + 0.5)
        layer.bias.copy_(torch.randn(c))
        layer.running_mean.copy_(torch.randn(c))
        layer.running_var.copy_(torch.rand(c) + 0.5)
    case = {
        "inputShape": shape,
        "momentum": momentum,
        "epsilon": epsilon,
        "gamma": flat(layer.weight.detach()),
        "beta": flat(layer.bias.detach()),
        "runningMean": flat(layer.running_mean),
        "runningVar": flat(layer.running_var),
    }
    for mode in ("training", "inference"):
        layer.train(mode == "training")
        layer.zero_grad()
        x = (torch.randn(n, *shape) * 2 + 0.5).requires_grad_(True)
        y = channels_last(layer(channels_first(x)))
        g = torch.randn_like(y)
        (y * g).sum().backward()
        case[mode] = {
            "input": rows(x.detach()),
            "upstream": rows(g),
            "output": rows(y.detach()),
            "inputGrad": rows(x.grad),
            "gammaGrad": flat(layer.weight.grad),
            "betaGrad": flat(layer.bias.grad),
            "runningMean": flat(layer.running_mean),
            "runningVar": flat(layer.running_var),
        }
    return case


def write(name, value):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(value, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    meta = {"generator": "scripts/pytorch/pool_fixtures.py", "torch": torch.__version__, "dtype": "float64"}
    write("pool.json", {**meta, "pools": [pool_case(*p) for p in POOLS], "global": [global_case(s) for s in GLOBAL]})
    write("batch-norm.json", {**meta, "cases": [batch_norm_case(*b) for b in BATCH_NORMS]})


if __name__ == "__main__":
    main()
