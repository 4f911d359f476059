"""Reference values for neurite's embedding and timeDistributed layers, computed by PyTorch in float64.

Writes test/fixtures/pytorch/embedding.json (the tests read it; PyTorch is needed only to regenerate it):

"embeddings": per configuration, nn.Embedding(vocabularySize, dimensions, padding_idx) with its table, a batch of
ids [n, T] (padding ids among them when there is one, repeated ids always), a fixed upstream gradient
G = dL/dout, the output [n, T, dimensions] and dL/dtable of L = sum(out * G): the sum of G over the positions
holding each id, zero for the padding row.

"timeDistributed": per configuration, nn.Linear(F, units) applied to x [n, T, F] (PyTorch applies it to the last
axis at every step), followed by the activation neurite's dense layer names, with the weights W [units, F] (the
layout of neurite's dense layer), the bias, x, G, the output and dL/dx, dL/dW, dL/db.

Layout, as neurite stores it: a sample of [T] ids is T numbers; a sample of [T, F] is T * F values in (t, f) order,
which is PyTorch's [n, T, F] tensor flattened per sample.

Regenerate with Debian's python3-torch (seeded: a rerun with the same PyTorch writes the same values):
  /usr/bin/python3 scripts/pytorch/embedding_fixtures.py
then: npx tsc -p tsconfig.json && node --test dist/test/embedding-fixtures.test.js
"""

import json
import os

import torch

torch.manual_seed(15)
torch.set_default_dtype(torch.float64)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "pytorch")

EMBEDDINGS = [
    # vocabularySize, dimensions, padding_idx, samples, timeSteps
    (6, 3, None, 3, 4),
    (10, 4, 0, 4, 5),  # padding at the end of most samples, as the text pipeline writes it
    (7, 2, 3, 2, 6),  # a padding id in the middle of the vocabulary
]

LINEARS = [
    # features, units, activation, samples, timeSteps
    (3, 2, "linear", 2, 4),
    (5, 4, "tanh", 3, 3),
    (2, 3, "sigmoid", 1, 5),
]

ACTIVATIONS = {"linear": lambda z: z, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def rows(t):
    return [flat(t[n]) for n in range(t.shape[0])]


def embedding_case(vocabulary, dimensions, padding, n, steps):
    layer = torch.nn.Embedding(vocabulary, dimensions, padding_idx=padding)
    ids = torch.randint(0, vocabulary, (n, steps))
    ids[0, 1] = ids[0, 0]  # a repeated id: its gradient is a sum
    if padding is not None:
        for r in range(n):
            ids[r, steps - r % 3 :] = padding  # trailing padding of 0, 1 or 2 steps
            ids[r, :] = torch.where((ids[r] == padding) & (torch.arange(steps) < steps - r % 3), (padding + 1) % vocabulary, ids[r])
    table = flat(layer.weight.detach())
    out = layer(ids)
    g = torch.randn_like(out)
    (out * g).sum().backward()
    return {
        "vocabularySize": vocabulary,
        "dimensions": dimensions,
        "paddingId": padding,
        "timeSteps": steps,
        "embeddings": table,
        "ids": [[int(v) for v in r] for r in ids.tolist()],
        "upstream": rows(g),
        "output": rows(out.detach()),
        "embeddingGrad": flat(layer.weight.grad),
    }


def linear_case(features, units, activation, n, steps):
    layer = torch.nn.Linear(features, units)
    x = torch.randn(n, steps, features, requires_grad=True)
    out = ACTIVATIONS[activation](layer(x))
    g = torch.randn_like(out)
    (out * g).sum().backward()
    return {
        "features": features,
        "units": units,
        "activation": activation,
        "timeSteps": steps,
        "weights": flat(layer.weight.detach()),
        "bias": flat(layer.bias.detach()),
        "input": rows(x.detach()),
        "upstream": rows(g),
        "output": rows(out.detach()),
        "inputGrad": rows(x.grad),
        "weightGrad": flat(layer.weight.grad),
        "biasGrad": flat(layer.bias.grad),
    }


def main():
    value = {
        "generator": "scripts/pytorch/embedding_fixtures.py",
        "torch": torch.__version__,
        "dtype": "float64",
        "embeddings": [embedding_case(*c) for c in EMBEDDINGS],
        "timeDistributed": [linear_case(*c) for c in LINEARS],
    }
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "embedding.json")
    with open(path, "w") as f:
        json.dump(value, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
