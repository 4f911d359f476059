/** The network diagram of the playground and the training report: an SVG string, no DOM (as charts.ts). */
import { COLORS, escapeXml, formatNumber, LABEL_FONT, labelWidth, mix, n1, short, svg } from './charts.js';

export interface DiagramLayer {
  units: number;
  activation: string;
  /** W[units × inputs], row-major (row j = neuron j's weights), when known. */
  weights?: ArrayLike<number>;
}

export interface NetworkDiagramOptions {
  /** Names of the inputs (their count is the input size). */
  inputs: ReadonlyArray<string>;
  layers: ReadonlyArray<DiagramLayer>;
  /** Values to show in the neurons: the inputs first, then each layer's activations, for one sample. */
  activations?: ReadonlyArray<ArrayLike<number>>;
  width?: number;
  height?: number;
  /** Neurons drawn per layer before the rest are summarised as "+N" (default 12). */
  maxNeurons?: number;
}

/** Neuron names in the seed's notation: x1.., h1.. (or h2_1.. with several hidden layers), o1.. */
export function neuronName(layer: number, index: number, hiddenLayers: number, inputNames?: ReadonlyArray<string>): string {
  if (layer === 0) return inputNames?.[index] ?? `x${index + 1}`;
  if (layer === hiddenLayers + 1) return `o${index + 1}`;
  return hiddenLayers === 1 ? `h${index + 1}` : `h${layer}_${index + 1}`;
}

/** The widest value `formatShort` writes ("-0.98", "-1e+2"): values change every frame, the layout must not. */
const VALUE_CHARS = 5;

/**
 * The network drawn as layers of neurons: edges coloured by the weight's sign (blue +, orange −) and as thick
 * as its size; neurons filled by their activation for one sample (when given). Each neuron is labelled with
 * its value (or, without values, its name) in 11-unit type: inside the circle when every label fits there,
 * else beside it (left of the inputs, right of the others, on a white halo over the edges), and only in its
 * hover title where a column has no room beside. Margins make room for the labels and the column headers,
 * so nothing is clipped at the edges or drawn over a circle. Drawn at `width` px, the text is 11 px.
 */
export function networkDiagram(options: NetworkDiagramOptions): string {
  const { inputs, layers, activations, width = 520, height = 300, maxNeurons = 12 } = options;
  const sizes = [inputs.length, ...layers.map((l) => l.units)];
  const columns = sizes.length;
  const hiddenLayers = layers.length - 1;
  const shown = sizes.map((s) => Math.min(s, maxNeurons));
  const more = sizes.some((s, c) => s > shown[c]!);
  const footer = more ? 18 : 4; // room for "+N more"
  const names = shown.map((n, c) => Array.from({ length: n }, (_, j) => neuronName(c, j, hiddenLayers, inputs)));
  const texts = names.map((column, c) => column.map((name, j) => (activations?.[c] ? formatShort(activations[c]![j] ?? 0) : short(name))));
  // The label widths the layout makes room for: values at their widest, names as they are.
  const widest = texts.map((column) => Math.max(0, ...column.map((t) => (activations ? labelWidth('0'.repeat(VALUE_CHARS)) : labelWidth(t)))));

  // Column captions on one line ("12 · tanh"), or on two ("12" over "tanh") when neighbours would touch.
  const activation = (c: number) => layers[c - 1]!.activation;
  const oneLine = sizes.map((size, c) => [c === 0 ? 'input' : `${c === columns - 1 ? 'output' : size} · ${activation(c)}`]);
  const twoLines = sizes.map((size, c) => (c === 0 ? ['input'] : [c === columns - 1 ? 'output' : String(size), activation(c)]));
  const plan = (captions: string[][]) => {
    const header = 8 + 13 * Math.max(...captions.map((lines) => lines.length)); // first baseline at 14, then 13 apart
    const r = Math.max(7, Math.min(17, (height - header - footer) / (2.6 * Math.max(...shown) + 2)));
    const inside = widest.every((w) => w + 4 <= 2 * r);
    const beside = (c: number) => r + 3 + widest[c]! + 2; // from a column's centre to the end of its labels
    const captionWidth = captions.map((lines) => Math.max(...lines.map(labelWidth)));
    const left = Math.max(r + 4, captionWidth[0]! / 2 + 2, inside ? 0 : beside(0));
    const right = Math.max(r + 4, captionWidth[columns - 1]! / 2 + 2, inside || columns === 1 ? 0 : beside(columns - 1));
    const cx = (c: number) => left + (columns === 1 ? 0 : (c * (width - left - right)) / (columns - 1));
    const touching = captionWidth.some((w, c) => c < columns - 1 && cx(c) + w / 2 + 6 > cx(c + 1) - captionWidth[c + 1]! / 2);
    return { captions, header, r, inside, beside, cx, touching };
  };
  const first = plan(oneLine);
  const { captions, header, r, inside, beside, cx } = first.touching ? plan(twoLines) : first;
  const pad = { top: header + r + 2, bottom: footer + r + 2 };
  const cy = (c: number, j: number) => {
    const n = shown[c]!;
    const span = height - pad.top - pad.bottom;
    return pad.top + (n === 1 ? span / 2 : (j * span) / (n - 1));
  };
  // Where each column's labels go; a middle column whose labels would reach the next column's circles keeps them for hover.
  const placement = sizes.map((_, c): 'inside' | 'left' | 'right' | 'hover' => {
    if (inside) return 'inside';
    if (c === 0) return 'left';
    if (c === columns - 1) return 'right';
    return cx(c) + beside(c) <= cx(c + 1) - r ? 'right' : 'hover';
  });
  let maxAbs = 0;
  for (const l of layers) if (l.weights) for (let i = 0; i < l.weights.length; i++) maxAbs = Math.max(maxAbs, Math.abs(l.weights[i]!));

  const edges: string[] = [];
  layers.forEach((layer, l) => {
    const fanIn = sizes[l]!;
    for (let j = 0; j < shown[l + 1]!; j++) {
      for (let i = 0; i < shown[l]!; i++) {
        const w = layer.weights ? layer.weights[j * fanIn + i]! : undefined;
        const strength = w === undefined || maxAbs === 0 ? 0.35 : Math.abs(w) / maxAbs;
        const color = w === undefined ? COLORS.axis : w >= 0 ? COLORS.positive : COLORS.negative;
        const widthPx = (0.5 + 4 * strength).toFixed(2);
        const title = w === undefined ? '' : `<title>${escapeXml(names[l]![i]!)} → ${escapeXml(names[l + 1]![j]!)}: w = ${formatNumber(w)}</title>`;
        edges.push(
          `<line class="edge" x1="${n1(cx(l))}" y1="${n1(cy(l, i))}" x2="${n1(cx(l + 1))}" y2="${n1(cy(l + 1, j))}" stroke="${color}" stroke-width="${widthPx}" stroke-opacity="${(0.25 + 0.75 * strength).toFixed(2)}"${w === undefined ? '' : ` data-weight="${w}"`}>${title}</line>`,
        );
      }
    }
  });

  const nodes: string[] = [];
  const labels: string[] = [];
  sizes.forEach((size, c) => {
    // The margins hold half of the outer captions, so centred they are not cut off at the edges.
    const lines = captions[c]!.map((line, i) => `<tspan x="${n1(cx(c))}" y="${14 + 13 * i}">${escapeXml(line)}</tspan>`).join('');
    nodes.push(`<text class="caption" font-size="${LABEL_FONT}" text-anchor="middle" fill="${COLORS.axis}">${lines}</text>`);
    const values = activations?.[c];
    const where = placement[c]!;
    for (let j = 0; j < shown[c]!; j++) {
      const v = values ? values[j] : undefined;
      const name = names[c]![j]!;
      const fill = v === undefined ? '#ffffff' : activationColor(v);
      const x = cx(c);
      const y = cy(c, j);
      nodes.push(
        `<g class="neuron" data-layer="${c}" data-index="${j}"${v === undefined ? '' : ` data-value="${v}"`} data-label="${where}">` +
          `<circle cx="${n1(x)}" cy="${n1(y)}" r="${n1(r)}" fill="${fill}" stroke="${COLORS.axis}" stroke-width="1.2"/>` +
          `<title>${escapeXml(name)}${v === undefined ? '' : ` = ${formatNumber(v)}`}</title></g>`,
      );
      if (where === 'hover') continue;
      const text = escapeXml(texts[c]![j]!);
      if (where === 'inside') {
        const ink = v !== undefined && Math.abs(squash(v)) > 0.55 ? '#ffffff' : COLORS.text;
        labels.push(
          `<text class="label" data-layer="${c}" data-index="${j}" x="${n1(x)}" y="${n1(y)}" font-size="${LABEL_FONT}" text-anchor="middle" dominant-baseline="central" fill="${ink}">${text}</text>`,
        );
      } else {
        const lx = where === 'left' ? x - r - 3 : x + r + 3;
        labels.push(
          `<text class="label" data-layer="${c}" data-index="${j}" x="${n1(lx)}" y="${n1(y)}" font-size="${LABEL_FONT}" text-anchor="${where === 'left' ? 'end' : 'start'}" dominant-baseline="central" fill="${COLORS.text}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${text}</text>`,
        );
      }
    }
    if (size > shown[c]!) {
      nodes.push(
        `<text x="${n1(cx(c))}" y="${height - 6}" font-size="${LABEL_FONT}" text-anchor="middle" fill="${COLORS.axis}">+${size - shown[c]!} more</text>`,
      );
    }
  });
  const aria = `Network ${sizes.join('-')}: ${layers.map((l) => `${l.units} ${l.activation}`).join(', ')}`;
  // Labels last: over every edge and circle, each on its halo.
  return svg(width, height, aria, 'network-diagram', edges.join('') + nodes.join('') + labels.join(''));
}

/** Maps any activation to [−1, 1] for colouring: values in [0, 1] keep their size, larger ones saturate. */
function squash(v: number): number {
  return Math.max(-1, Math.min(1, v));
}

function activationColor(v: number): string {
  const t = squash(v);
  return t >= 0 ? mix('#ffffff', COLORS.positive, t) : mix('#ffffff', COLORS.negative, -t);
}

function formatShort(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 100) return v.toExponential(0);
  return abs >= 10 ? v.toFixed(0) : v.toFixed(2);
}
