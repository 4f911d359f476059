"""The character-level text model of neurite (trainTextModel, `neurite train book.txt`) trained in PyTorch,
for docs/text-generation.md's accuracy comparison: the same text, split, vocabulary, windows, network, initial weight
distributions, optimizer, gradient clipping, batch size and epochs; only the random draws differ.

- Text: code points of the UTF-8 file; the first floor(n * (1 - validation)) train, the rest validate.
- Vocabulary (CharVocabulary.fit): id 0 is <unk>; a character seen at least MIN_COUNT times in the training
  part, at most MAX_VOCABULARY of the most frequent (ties: the lower code point), listed in code-point order.
- Windows: every position (step 1) inside each part; window ids -> the next id.
- Network: Embedding(V, E) (normal(0, 1)) -> LSTM(E, H), the last state -> Linear(H, V) -> softmax, with
  neurite's initial distributions: LSTM input weights Glorot uniform, recurrent weights orthogonal (per
  gate block, as neurite draws them), biases 0 but the forget gate's 1, the dense layer Glorot uniform.
- Cross-entropy (mean over windows, nats per character); Adam (0.9, 0.999, 1e-8); the global gradient norm
  clipped at CLIP; shuffled batches; float32.

Run with Debian's python3-torch:
  /usr/bin/python3 scripts/pytorch/text_lstm.py data/text/genesis-kjv.txt --window 64 --embedding 32 \
      --units 128 --epochs 10 --batch-size 64 --lr 0.002
It prints one line per epoch and a last JSON line with the validation loss.
"""

import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

UNKNOWN = "<unk>"


def vocabulary(text, min_count, max_size):
    counts = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    kept = [(ch, n) for ch, n in counts.items() if n >= min_count]
    kept.sort(key=lambda item: (-item[1], ord(item[0])))
    chars = sorted((ch for ch, _ in kept[:max_size]), key=ord)
    return [UNKNOWN] + chars


def windows(ids, window):
    count = len(ids) - window
    x = torch.stack([ids[k : k + window] for k in range(count)]) if count > 0 else torch.zeros(0, window, dtype=torch.long)
    y = ids[window:]
    return x, y


def glorot_uniform_(weight, fan_in, fan_out):
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        weight.uniform_(-limit, limit)


class CharModel(nn.Module):
    def __init__(self, vocab, embedding, units, recurrent_init):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)  # normal(0, 1), as neurite's
        self.lstm = nn.LSTM(embedding, units, batch_first=True)
        self.dense = nn.Linear(units, vocab)
        h = units
        with torch.no_grad():
            glorot_uniform_(self.lstm.weight_ih_l0, embedding, 4 * h)
            if recurrent_init == "orthogonal-per-gate":
                for g in range(4):
                    nn.init.orthogonal_(self.lstm.weight_hh_l0[g * h : (g + 1) * h])
            else:
                nn.init.orthogonal_(self.lstm.weight_hh_l0)
            self.lstm.bias_ih_l0.zero_()
            self.lstm.bias_hh_l0.zero_()
            self.lstm.bias_ih_l0[h : 2 * h] = 1.0  # gates i, f, g, o: the forget gate's bias 1
            glorot_uniform_(self.dense.weight, units, vocab)
            self.dense.bias.zero_()

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x))
        return self.dense(out[:, -1, :])  # logits; the softmax is inside the loss


def mean_loss(model, x, y, batch=1024):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, len(x), batch):
            total += F.cross_entropy(model(x[start : start + batch]), y[start : start + batch], reduction="sum").item()
    model.train()
    return total / len(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--window", type=int, default=64)
    parser.add_argument("--embedding", type=int, default=32)
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--clip", type=float, default=5.0)
    parser.add_argument("--validation", type=float, default=0.1)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-vocabulary", type=int, default=256)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: PyTorch's default)")
    parser.add_argument("--recurrent-init", default="orthogonal-per-gate", choices=["orthogonal-per-gate", "orthogonal"])
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    at = math.floor(len(text) * (1 - args.validation))
    chars = vocabulary(text[:at], args.min_count, args.max_vocabulary)
    index = {ch: i for i, ch in enumerate(chars)}
    ids = torch.tensor([index.get(ch, 0) for ch in text], dtype=torch.long)
    train_x, train_y = windows(ids[:at], args.window)
    val_x, val_y = windows(ids[at:], args.window)
    print(f"{len(text)} characters, vocabulary {len(chars)}, {len(train_x)} training and {len(val_x)} validation windows", flush=True)

    model = CharModel(len(chars), args.embedding, args.units, args.recurrent_init)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    history = []
    started = time.time()
    for epoch in range(args.epochs):
        order = torch.randperm(len(train_x))
        total = 0.0
        for start in range(0, len(order), args.batch_size):
            batch = order[start : start + args.batch_size]
            loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            if args.clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            total += loss.item() * len(batch)
        val = mean_loss(model, val_x, val_y)
        history.append({"epoch": epoch, "loss": total / len(train_x), "valLoss": val})
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total / len(train_x):.4f}, validation loss {val:.4f} ({time.time() - started:.0f} s)", flush=True)
    print(json.dumps({"validationLoss": history[-1]["valLoss"], "history": history, "seconds": time.time() - started, "torch": torch.__version__, "args": vars(args)}))


if __name__ == "__main__":
    main()
