import cliProgress from 'cli-progress';
import type { EpochLog } from '../train/fit.js';

/** How `neurite train` shows progress: a bar on a terminal, a line per epoch elsewhere, JSON lines with --json. */
export type ReporterMode = 'tty' | 'plain' | 'json';

export interface TrainingReporter {
  start(info: { epochs: number; initialEpoch: number; batchesPerEpoch: number; trainRows: number; validationRows: number }): void;
  batch(info: { epoch: number; batch: number; loss: number }): void;
  epoch(log: EpochLog, epochs: number): void;
  /** Any other event: a notice, a checkpoint written, the final summary. Text for people, fields for --json. */
  event(name: string, text: string, fields?: Record<string, unknown>): void;
  stop(): void;
}

export function chooseReporterMode(json: boolean, stream: NodeJS.WriteStream = process.stdout): ReporterMode {
  if (json) return 'json';
  return stream.isTTY ? 'tty' : 'plain';
}

export function createReporter(mode: ReporterMode, write: (text: string) => void = (t) => void process.stdout.write(t)): TrainingReporter {
  if (mode === 'json') return new JsonReporter(write);
  if (mode === 'tty') return new BarReporter(write);
  return new PlainReporter(write);
}

export function formatEpoch(log: EpochLog, epochs: number): string {
  const parts = [`epoch ${log.epoch + 1}/${epochs}`, `loss ${fmt(log.loss)}`];
  for (const [name, value] of Object.entries(log.metrics)) parts.push(`${name} ${fmt(value)}`);
  if (log.valLoss !== undefined) parts.push(`val_loss ${fmt(log.valLoss)}`);
  for (const [name, value] of Object.entries(log.valMetrics ?? {})) parts.push(`val_${name} ${fmt(value)}`);
  return parts.join('  ');
}

function fmt(value: number): string {
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(3) : value.toFixed(4);
}

class PlainReporter implements TrainingReporter {
  constructor(private readonly write: (text: string) => void) {}
  start(): void {}
  batch(): void {}
  epoch(log: EpochLog, epochs: number): void {
    this.write(formatEpoch(log, epochs) + '\n');
  }
  event(_name: string, text: string): void {
    this.write(text + '\n');
  }
  stop(): void {}
}

class JsonReporter implements TrainingReporter {
  constructor(private readonly write: (text: string) => void) {}
  private emit(event: string, fields: Record<string, unknown>): void {
    this.write(JSON.stringify({ event, ...fields }) + '\n');
  }
  start(info: Record<string, unknown>): void {
    this.emit('start', info);
  }
  batch(): void {}
  epoch(log: EpochLog, epochs: number): void {
    this.emit('epoch', { ...log, epochs });
  }
  event(name: string, text: string, fields: Record<string, unknown> = {}): void {
    this.emit(name, { message: text, ...fields });
  }
  stop(): void {}
}

class BarReporter implements TrainingReporter {
  private readonly bar = new cliProgress.SingleBar(
    {
      format: 'epoch {epoch}/{epochs} {bar} {percentage}% | ETA {eta_formatted} | loss {loss}{metric}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  private batchesPerEpoch = 1;
  private initialEpoch = 0;
  private epochs = 0;
  private metric = '';
  private running = false;

  constructor(private readonly write: (text: string) => void) {}

  start(info: { epochs: number; initialEpoch: number; batchesPerEpoch: number }): void {
    this.batchesPerEpoch = info.batchesPerEpoch;
    this.initialEpoch = info.initialEpoch;
    this.epochs = info.epochs;
    const total = (info.epochs - info.initialEpoch) * info.batchesPerEpoch;
    this.bar.start(Math.max(1, total), 0, { epoch: info.initialEpoch + 1, epochs: info.epochs, loss: '-', metric: '' });
    this.running = true;
  }

  batch(info: { epoch: number; batch: number; loss: number }): void {
    const done = (info.epoch - this.initialEpoch) * this.batchesPerEpoch + info.batch + 1;
    this.bar.update(done, { epoch: info.epoch + 1, epochs: this.epochs, loss: fmt(info.loss), metric: this.metric });
  }

  epoch(log: EpochLog): void {
    const [name, value] = Object.entries(log.valMetrics ?? log.metrics)[0] ?? [];
    this.metric = name === undefined ? '' : ` | ${log.valMetrics ? 'val_' : ''}${name} ${fmt(value!)}`;
    this.bar.update({ loss: fmt(log.valLoss ?? log.loss), metric: this.metric });
  }

  event(_name: string, text: string): void {
    if (this.running) this.stop();
    this.write(text + '\n');
  }

  stop(): void {
    if (!this.running) return;
    this.bar.stop();
    this.running = false;
  }
}
