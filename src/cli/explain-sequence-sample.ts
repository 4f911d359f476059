import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { NeuriteError } from '../errors.js';
import type { Network } from '../nn/network.js';
import { formatShape } from '../nn/shape.js';
import type { ExplainSample } from './explain-sample.js';

/** What `neurite explain <network.json> <sample>` got for a network of sequences. */
export interface SequenceSampleRequest {
  /** A file: CSV rows of T·F values each (optionally followed by the targets), or a JSON array of the values. */
  source?: string;
  /** `--row`/`--index`: which CSV row of `source`, from 1 (default 1). */
  row?: number;
  /** `--input`: the values inline, "v1,v2,..." or a JSON array (flat, or [T][F] nested). */
  input?: string;
  /** `--target`: numbers; else the values after the T·F inputs of a CSV row. */
  target?: string;
}

/** A network that reads sequences: its input is [timeSteps, features] (a recurrent first layer) or token ids (an embedding). */
export function readsSequences(network: Network): boolean {
  const first = network.layers[0];
  return network.inputShape.length === 2 || first?.type === 'embedding';
}

/**
 * One sequence sample from text: a CSV row or a JSON array (flat, or nested [T][F]) of the network's
 * `inputSize` values in (t, f) order, optionally followed (CSV) or accompanied (`{ "input": [...], "target":
 * [...] }`) by the `outputSize` targets. The one place a sequence sample is parsed: the series and text
 * pipelines can produce the same values (windows, token ids) and call this. `where` names the source in errors.
 */
export function parseSequenceSample(text: string, network: Network, where: string): { input: number[]; target: number[] | null } {
  const n = network.inputSize;
  const m = network.outputSize;
  const trimmed = text.trim();
  let values: number[];
  let target: number[] | null = null;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw bad(where, 'is not valid JSON');
    }
    const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    values = flatNumbers(record === null ? parsed : record['input'], where);
    if (record !== null && record['target'] !== undefined) target = flatNumbers(record['target'], `${where} target`);
  } else {
    const parts = trimmed.split(/[,;\t]/).map((p) => p.trim());
    values = parts.map(Number);
    if (parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) throw bad(where, 'expected comma-separated numbers');
  }
  if (values.length === n + m && target === null) [values, target] = [values.slice(0, n), values.slice(n)];
  if (values.length !== n) {
    throw new NeuriteError(
      'INVALID_INPUT',
      `${where}: the network takes ${formatShape(network.inputShape)} = ${n} values in (t, f) order${m > 0 ? ` (or ${n + m}: the inputs then the ${m} target value(s))` : ''}, got ${values.length}`,
      { field: 'input', expected: n, actual: values.length },
    );
  }
  return { input: values, target };
}

/** The sample of a bare sequence network: a row of a CSV or JSON file, or `--input`; the target from `--target` or the row. */
export async function sequenceExplainSample(network: Network, request: SequenceSampleRequest): Promise<ExplainSample> {
  if (request.source !== undefined && request.input !== undefined)
    throw new NeuriteError('INVALID_ARGUMENT', 'Give the sequence once: as a file after the model, or as --input', { field: 'input' });
  let text: string;
  let where: string;
  const source: Record<string, unknown> = {};
  if (request.source !== undefined) {
    const content = await readFile(request.source, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new NeuriteError('IO', `Cannot read ${request.source}: ${error.code ?? error.message}`, { field: 'source' });
    });
    const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
    const json = content.trim().startsWith('[') || content.trim().startsWith('{');
    const row = request.row ?? 1;
    if (json && row !== 1)
      throw new NeuriteError('INVALID_ARGUMENT', `${basename(request.source)} is one JSON sample; --row picks a CSV row`, { field: 'row' });
    if (!json && row > lines.length)
      throw new NeuriteError('INVALID_ARGUMENT', `--row ${row} is outside ${basename(request.source)}, which has ${lines.length} row(s)`, { field: 'row' });
    text = json ? content : lines[row - 1]!;
    where = json ? basename(request.source) : `row ${row} of ${basename(request.source)}`;
    Object.assign(source, { sample: request.source }, json ? {} : { row });
  } else if (request.input !== undefined) {
    [text, where] = [request.input, '--input'];
    source['input'] = request.input;
  } else {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `neurite explain <network.json> needs the sequence: a CSV or JSON file after the model, or --input "v1,v2,..." (${network.inputSize} values, ${formatShape(network.inputShape)} in (t, f) order)`,
      { field: 'input' },
    );
  }
  const parsed = parseSequenceSample(text, network, where);
  let target = parsed.target;
  if (request.target !== undefined) target = targetNumbers(request.target, network.outputSize);
  if (target === null)
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `A bare network needs the target: --target "t1,..." (${network.outputSize} value(s)), or put them after the inputs`,
      {
        field: 'target',
      },
    );
  source['target'] = target;
  return { input: parsed.input, target, names: {}, description: `${where} (a ${formatShape(network.inputShape)} sequence, no preprocessing)`, source };
}

/** `--target "t1,..."`: the network's outputSize numbers. */
function targetNumbers(text: string, m: number): number[] {
  const values = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (values.some((v) => !Number.isFinite(v))) throw bad('--target', 'expected comma-separated numbers');
  if (values.length !== m)
    throw new NeuriteError('INVALID_INPUT', `--target: the network has ${m} output(s), got ${values.length} value(s)`, {
      field: 'target',
      expected: m,
      actual: values.length,
    });
  return values;
}

function flatNumbers(value: unknown, where: string): number[] {
  const flat = Array.isArray(value) ? value.flat() : null;
  if (flat === null || flat.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    throw bad(where, 'expected an array of numbers (flat, or [timeSteps][features])');
  return flat as number[];
}

function bad(where: string, why: string): NeuriteError {
  return new NeuriteError('INVALID_INPUT', `${where}: ${why}`, { field: 'input' });
}
