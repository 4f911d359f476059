"""Reference values for neurite's recurrent layers (simpleRnn, lstm, gru), computed by PyTorch in float64.

Writes test/fixtures/pytorch/rnn.json: for each configuration, the inputs, the weights in neurite's layout,
the layer's outputs (the last state, or every step's with returnSequences), and the gradients of
L = sum(out * G) for a fixed upstream gradient G = dL/dout: dL/dX and every parameter's. Batch first, as
neurite stores a batch: X, dL/dX [samples][T * features] (row-major t, f); out, G [samples][units] or
[samples][T * units].

The mapping (the gate order is PyTorch's in both: LSTM i, f, g, o; GRU r, z, n):
  inputWeights     = weight_ih_l0 [G*units, features]     (the same layout, row-major)
  recurrentWeights = weight_hh_l0 [G*units, units]
  bias             = bias_ih_l0 + bias_hh_l0               (nn.RNN, nn.LSTM: the two are never apart)
  GRU bias         = bias_ih_l0 + [bias_hh_r, bias_hh_z, 0], recurrentBias = bias_hh_n (inside r * (U_n h + b_hn))
so dL/dbias = dL/dbias_ih_l0 and GRU's dL/drecurrentBias = dL/dbias_hh_n.
Masked cases (neurite's maskTrailingZeros) pad each sample with zero steps after its length and run PyTorch
on the packed sequence (pack_padded_sequence): the last state is each sample's state at its last real step,
and the sequence output is zero past it.

Run with Debian's python3-torch: /usr/bin/python3 scripts/pytorch/rnn_fixtures.py
"""

import json
import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_default_dtype(torch.float64)

CONFIGS = [
    # name, type, activation, samples, T, features, units, returnSequences, lengths (None: unmasked)
    ("simpleRnn tanh, last state", "simpleRnn", "tanh", 3, 5, 2, 4, False, None),
    ("simpleRnn relu, sequences", "simpleRnn", "relu", 2, 4, 3, 3, True, None),
    ("simpleRnn tanh, masked sequences", "simpleRnn", "tanh", 3, 5, 2, 3, True, [5, 2, 4]),
    ("lstm, last state", "lstm", None, 3, 6, 3, 5, False, None),
    ("lstm, sequences", "lstm", None, 2, 4, 2, 3, True, None),
    ("lstm, larger (products past the small loops)", "lstm", None, 4, 7, 5, 9, False, None),
    ("lstm, masked last state", "lstm", None, 3, 6, 2, 4, False, [6, 3, 1]),
    ("lstm, masked sequences", "lstm", None, 3, 5, 3, 4, True, [2, 5, 4]),
    ("gru, last state", "gru", None, 3, 6, 3, 5, False, None),
    ("gru, sequences", "gru", None, 2, 4, 2, 3, True, None),
    ("gru, larger (products past the small loops)", "gru", None, 4, 7, 5, 9, True, None),
    ("gru, masked last state", "gru", None, 3, 6, 2, 4, False, [1, 6, 3]),
    ("gru, masked sequences", "gru", None, 3, 5, 3, 4, True, [3, 5, 2]),
]


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def rows(t):
    return [flat(t[n]) for n in range(t.shape[0])]


def module(kind, activation, features, units):
    if kind == "simpleRnn":
        return torch.nn.RNN(features, units, nonlinearity=activation, batch_first=True)
    if kind == "lstm":
        return torch.nn.LSTM(features, units, batch_first=True)
    return torch.nn.GRU(features, units, batch_first=True)


def case(name, kind, activation, samples, steps, features, units, sequences, lengths):
    rnn = module(kind, activation, features, units)
    with torch.no_grad():  # biases away from PyTorch's small defaults, so a mistake in them shows
        rnn.bias_ih_l0.uniform_(-0.5, 0.5)
        rnn.bias_hh_l0.uniform_(-0.5, 0.5)
    x = torch.rand(samples, steps, features) * 2 - 1
    if lengths is not None:
        for n, length in enumerate(lengths):
            x[n, length:] = 0
    x.requires_grad_()
    if lengths is None:
        out, state = rnn(x)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        out, state = rnn(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=steps)
    h = state[0] if kind == "lstm" else state
    y = out.reshape(samples, steps * units) if sequences else h[0]
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    gates = {"simpleRnn": 1, "lstm": 4, "gru": 3}[kind]
    b_ih, b_hh = rnn.bias_ih_l0.detach(), rnn.bias_hh_l0.detach()
    spec = {"type": kind, "units": units, "returnSequences": sequences, "maskTrailingZeros": lengths is not None}
    if kind == "simpleRnn":
        spec["activation"] = activation
    result = {
        "name": name,
        "spec": spec,
        "inputShape": [steps, features],
        "gates": gates,
        "x": rows(x.detach().reshape(samples, steps * features)),
        "inputWeights": flat(rnn.weight_ih_l0.detach()),
        "recurrentWeights": flat(rnn.weight_hh_l0.detach()),
        "output": rows(y.detach()),
        "upstream": rows(g),
        "inputGradient": rows(x.grad.reshape(samples, steps * features)),
        "inputWeightGradient": flat(rnn.weight_ih_l0.grad),
        "recurrentWeightGradient": flat(rnn.weight_hh_l0.grad),
        "biasGradient": flat(rnn.bias_ih_l0.grad),
    }
    if kind == "gru":
        result["bias"] = flat(b_ih + torch.cat([b_hh[: 2 * units], torch.zeros(units)]))
        result["recurrentBias"] = flat(b_hh[2 * units :])
        result["recurrentBiasGradient"] = flat(rnn.bias_hh_l0.grad[2 * units :])
    else:
        result["bias"] = flat(b_ih + b_hh)
    return result


def main():
    torch.manual_seed(0)
    cases = [case(*config) for config in CONFIGS]
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    path = os.path.join(root, "test", "fixtures", "pytorch", "rnn.json")
    with open(path, "w") as f:
        meta = {"generator": "scripts/pytorch/rnn_fixtures.py", "torch": torch.__version__, "loss": "L = sum(out * upstream)"}
        json.dump({**meta, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(path, root)}")


if __name__ == "__main__":
    main()
