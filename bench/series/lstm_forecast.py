"""PyTorch reference for neurite's default forecaster (docs/forecasting.md): the same windows, scaling,
split, network size, initialization and training as

    neurite train seattle-weather.csv --target temp_max --window 28 --horizon 7 --period 7

Windows: 28 days of temp_max -> the next 7. Split by time: training rows [0, 1022), validation
[1022, 1168), test [1168, 1461) (floor(0.7 n), floor(0.8 n)); a window lies inside one part. Inputs are
relative: every value minus the window's last one, divided by the standard deviation of one day's change
over the training rows; the targets likewise. LSTM(1 -> 32), its last state -> Linear(32 -> 7). Glorot
uniform input weights, orthogonal recurrent weights, zero biases but the forget gate's 1 (neurite's
defaults); Adam lr 0.001, batch 32, shuffled each epoch, MSE, gradient norm clipped at 1, at most 200
epochs, early stopping after 20 epochs without a better validation loss, restoring the best weights.

Run: /usr/bin/python3 bench/series/lstm_forecast.py [path/to/seattle-weather.csv] [seeds...]
"""
import csv
import sys

import numpy as np
import torch

WINDOW, HORIZON, PERIOD, UNITS = 28, 7, 7, 32
EPOCHS, BATCH, LR, PATIENCE, CLIP = 200, 32, 0.001, 20, 1.0


def windows(y, lo, hi, scale):
    xs, ys, last = [], [], []
    for t in range(lo + WINDOW, hi - HORIZON + 1):
        base = y[t - 1]
        xs.append((y[t - WINDOW:t] - base) / scale)
        ys.append((y[t:t + HORIZON] - base) / scale)
        last.append(base)
    x = torch.tensor(np.array(xs), dtype=torch.float32).unsqueeze(-1)
    return x, torch.tensor(np.array(ys), dtype=torch.float32), np.array(last), list(range(lo + WINDOW, hi - HORIZON + 1))


class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(1, UNITS, batch_first=True)
        self.out = torch.nn.Linear(UNITS, HORIZON)
        torch.nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
        torch.nn.init.orthogonal_(self.lstm.weight_hh_l0)
        torch.nn.init.zeros_(self.lstm.bias_ih_l0)
        torch.nn.init.zeros_(self.lstm.bias_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0[UNITS:2 * UNITS] = 1.0  # gates i, f, g, o: the forget gate's bias
        torch.nn.init.xavier_uniform_(self.out.weight)
        torch.nn.init.zeros_(self.out.bias)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(h[-1])


def run(y, seed):
    torch.manual_seed(seed)
    np.random.seed(seed)
    n = len(y)
    val_start, test_start = int(0.7 * n), int(0.8 * n)
    scale = float(np.std(np.diff(y[:val_start]))) or 1.0
    xtr, ytr, _, _ = windows(y, 0, val_start, scale)
    xva, yva, _, _ = windows(y, val_start, test_start, scale)
    xte, yte, last, origins = windows(y, test_start, n, scale)
    model = Forecaster()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = torch.nn.MSELoss()
    best, best_state, waited = float('inf'), None, 0
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(xtr))
        for i in range(0, len(xtr), BATCH):
            idx = order[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
            opt.step()
        model.eval()
        with torch.no_grad():
            val = loss_fn(model(xva), yva).item()
        if val < best:
            best, waited = val, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            waited += 1
            if waited >= PATIENCE:
                break
    model.load_state_dict(best_state)
    with torch.no_grad():
        pred = model(xte).numpy() * scale + last[:, None]
    truth = np.array([y[t:t + HORIZON] for t in origins])
    err = pred - truth
    naive = truth - last[:, None]
    season = truth - np.array([y[t - PERIOD:t - PERIOD + HORIZON] for t in origins])
    return {
        'seed': seed, 'epochs': epoch + 1, 'windows': len(origins),
        'mae': float(np.abs(err).mean()), 'rmse': float(np.sqrt((err ** 2).mean())),
        'last_value_mae': float(np.abs(naive).mean()), 'season_mae': float(np.abs(season).mean()),
    }


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else 'data/seattle-weather.csv'
    seeds = [int(s) for s in sys.argv[2:]] or [1, 2, 3, 4, 5]
    torch.set_num_threads(1)
    with open(path, newline='') as f:
        y = np.array([float(row['temp_max']) for row in csv.DictReader(f)])
    results = [run(y, seed) for seed in seeds]
    for r in results:
        print(f"seed {r['seed']}: {r['epochs']} epochs, test MAE {r['mae']:.3f} RMSE {r['rmse']:.3f} "
              f"(last value {r['last_value_mae']:.3f}, a week earlier {r['season_mae']:.3f}; {r['windows']} windows)")
    maes = [r['mae'] for r in results]
    print(f"median test MAE over {len(maes)} seeds: {float(np.median(maes)):.3f} (min {min(maes):.3f}, max {max(maes):.3f})")


if __name__ == '__main__':
    main()
