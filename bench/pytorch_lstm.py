"""Workload G in PyTorch on one thread, for scale beside `npm run bench` (issue #15's moonshot figures).

The same model and procedure as bench/sequences.mjs (random data of the same shapes, not the same numbers):
2,048 sequences of 32 steps x 8 features, nn.LSTM(8, 64) with its last state -> nn.Linear(64, 1), MSE, Adam
lr 0.001, batch 32; training sequences/s over an epoch after a warm-up epoch, and inference sequences/s at
batch 1 and 256 under torch.no_grad(). Three rounds, medians.

    /usr/bin/python3 bench/pytorch_lstm.py
"""
import statistics
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(7)
T, F, UNITS, SAMPLES, BATCH = 32, 8, 64, 2048, 32


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(F, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.dense(h[-1])


x = torch.rand(SAMPLES, T, F) * 2 - 1
y = torch.rand(SAMPLES, 1)
model = Model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
loss_fn = torch.nn.MSELoss()


def epoch():
    for start in range(0, SAMPLES, BATCH):
        optimizer.zero_grad()
        loss = loss_fn(model(x[start : start + BATCH]), y[start : start + BATCH])
        loss.backward()
        optimizer.step()


def rate(fn, units, min_seconds=0.5):
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return calls * units / elapsed


def infer(batch):
    rows = x[:batch]

    def call():
        with torch.no_grad():
            model(rows)

    return call


epoch()  # warm-up
flops = 6 * (T * 4 * UNITS * (F + UNITS) + UNITS)
train = statistics.median(rate(epoch, SAMPLES) for _ in range(3))
one = statistics.median(rate(lambda: [infer(1)() for _ in range(64)], 64) for _ in range(3))
many = statistics.median(rate(infer(256), 256) for _ in range(3))
print(f"PyTorch {torch.__version__}, 1 thread")
print(f"G  training, batch 32: {train:,.0f} sequences/s ({train * flops / 1e9:.1f} GFLOP/s)")
print(f"G  inference, batch 1: {one:,.0f} sequences/s")
print(f"G  inference, batch 256: {many:,.0f} sequences/s")
