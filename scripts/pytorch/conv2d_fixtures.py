"""Reference values for neurite's conv2d layer, computed by PyTorch in float64.

Writes test/fixtures/pytorch/conv2d.json: for each configuration, the inputs, the weights and biases in
neurite's layout, the layer's outputs A = f(conv(X) + b), and the gradients of L = sum(A * G) for a fixed
upstream gradient G = dL/dA: dL/dX, dL/dW, dL/db. Everything channels last, as neurite stores it:
  X, dL/dX      [samples][h * w * c]          (row-major y, x, c)
  A, G          [samples][oh * ow * filters]
  W, dL/dW      [filters * kh * kw * c]       (filter-major, each filter's weights in (ky, kx, c) order)
PyTorch's weight [filters, c, kh, kw] maps by w_torch[f][c][ky][kx] = W[((f * kh + ky) * kw + kx) * c + c].
'same' padding is TensorFlow's and ONNX's SAME_UPPER (the odd cell after), applied with F.pad.

Run with Debian's python3-torch: /usr/bin/python3 scripts/pytorch/conv2d_fixtures.py
"""

import json
import math
import os

import torch
import torch.nn.functional as F

CONFIGS = [
    # name, input [h, w, c], filters, kernel, strides, padding, dilation, activation, bias
    ("valid 3x3, 2 channels", [5, 6, 2], 3, [3, 3], [1, 1], "valid", [1, 1], "relu", True),
    ("stride 2, same (even total)", [5, 5, 3], 2, [3, 3], [2, 2], "same", [1, 1], "tanh", True),
    ("same 4x4 (odd total: one more after)", [6, 5, 2], 2, [4, 4], [1, 1], "same", [1, 1], "linear", True),
    ("dilation 2, kernel 3x2, strides [1, 2]", [7, 6, 2], 3, [3, 2], [1, 2], "valid", [2, 2], "sigmoid", True),
    ("same, stride 2, dilation 2 (odd total down, even across)", [6, 5, 1], 2, [3, 3], [2, 2], "same", [2, 2], "relu", True),
    ("1x3 kernel, 4 channels, no bias", [4, 5, 4], 3, [1, 3], [1, 1], "valid", [1, 1], "linear", False),
]

SAMPLES = 2


def same_padding(size, k, s, d):
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def activate(name, z):
    if name == "relu":
        return torch.relu(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "sigmoid":
        return torch.sigmoid(z)
    return z


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def rows(t):
    return [flat(t[n]) for n in range(t.shape[0])]


def case(name, shape, filters, kernel, strides, padding, dilation, activation, bias):
    h, w, c = shape
    kh, kw = kernel
    x = (torch.rand(SAMPLES, h, w, c, dtype=torch.float64) * 2 - 1).requires_grad_()
    weights = (torch.randn(filters, kh, kw, c, dtype=torch.float64) * 0.5).requires_grad_()
    b = (torch.randn(filters, dtype=torch.float64) * 0.1).requires_grad_() if bias else None
    nchw = x.permute(0, 3, 1, 2)
    if padding == "same":
        top, bottom = same_padding(h, kh, strides[0], dilation[0])
        left, right = same_padding(w, kw, strides[1], dilation[1])
        nchw = F.pad(nchw, (left, right, top, bottom))
    z = F.conv2d(nchw, weights.permute(0, 3, 1, 2), b, stride=strides, dilation=dilation)
    a = activate(activation, z).permute(0, 2, 3, 1)  # back to channels last
    g = torch.randn(a.shape, dtype=torch.float64)
    (a * g).sum().backward()
    return {
        "name": name,
        "spec": {
            "type": "conv2d",
            "filters": filters,
            "kernelSize": kernel,
            "strides": strides,
            "padding": padding,
            "dilation": dilation,
            "activation": activation,
            "useBias": bias,
        },
        "inputShape": shape,
        "outputShape": list(a.shape[1:]),
        "x": rows(x.detach()),
        "weights": flat(weights.detach()),
        "bias": flat(b.detach()) if bias else [],
        "output": rows(a.detach()),
        "upstream": rows(g),
        "inputGradient": rows(x.grad),
        "weightGradient": flat(weights.grad),
        "biasGradient": flat(b.grad) if bias else [],
    }


def main():
    torch.manual_seed(14)
    fixtures = {
        "generator": "scripts/pytorch/conv2d_fixtures.py",
        "torch": torch.__version__,
        "loss": "L = sum(A * upstream)",
        "cases": [case(*config) for config in CONFIGS],
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "test", "fixtures", "pytorch", "conv2d.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump(fixtures, out, separators=(",", ":"))
        out.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(fixtures['cases'])} cases)")


if __name__ == "__main__":
    main()
