import { BatchNorm } from '../nn/batch-norm.js';
import { Conv2D } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import { GlobalAvgPool2D } from '../nn/global-avg-pool2d.js';
import type { Layer } from '../nn/layer.js';
import { AvgPool2D } from '../nn/avg-pool2d.js';
import { MaxPool2D } from '../nn/max-pool2d.js';
import type { Pool2D } from '../nn/pool2d.js';
import { Reshape } from '../nn/reshape.js';
import { num } from './format-common.js';
import type { LayerPass } from './layer-pass.js';
import type { UpstreamStep } from './layer-trace.js';

/** The most source terms an upstream step keeps. */
const SOURCES_KEPT = 5;

/** The identity at inference: values and gradients pass through unchanged (same flat index). */
export function passesThrough(layer: Layer): boolean {
  return layer instanceof Reshape || layer instanceof Dropout;
}

/**
 * Where ∂L/∂z at flat position `p` of layer `l`'s output came from, one level deep: ∂L/∂z = ∂L/∂a · f'(z),
 * and ∂L/∂a from the next layer that is not a pass-through (max pooling's argmax routing, average pooling's
 * share, a batch norm's scale, a convolution's or dense layer's weighted sum), or from the loss.
 */
export function upstreamOf(pass: LayerPass, names: readonly string[], l: number, p: number, warnings: string[]): UpstreamStep {
  const here = pass.layers[l]!;
  const last = l === pass.layers.length - 1;
  const activation = here.activation === null ? null : here.activation.name;
  const derivative = here.activation === null ? 1 : here.activation.elementwise ? here.activation.df(here.z![p]!, here.output[p]!) : null;
  if (last) {
    const g = pass.lossGradient[p]!;
    const text =
      pass.fusedWith !== null
        ? `the loss, fused with ${pass.fusedWith}: ∂L/∂z = ${num(g)} (for the cross-entropies (ŷ − y) / n)`
        : `the loss: ∂L/∂y_pred[${p}] = ${num(g)}`;
    return { dOutput: pass.fusedWith !== null ? null : g, activation, derivative, via: 'loss', text, sources: [], sourceCount: 0 };
  }
  let m = l + 1;
  while (m < pass.layers.length - 1 && passesThrough(pass.layers[m]!.layer)) m++;
  const through = m > l + 1 ? ` (through ${names.slice(l + 1, m).join(', ')}, which ${m > l + 2 ? 'pass' : 'passes'} it unchanged)` : '';
  const dOutput = here.dOutput[p]!;
  const route = routeThrough(pass, names, m, p);
  if (route.complete) {
    const total = sum(route.sources);
    const scale = route.sources.reduce((a, t) => a + Math.abs(t.value), 0);
    if (Math.abs(total - dOutput) > 1e-4 * scale + 1e-12) {
      warnings.push(`${names[l]}[${p}]: the terms from ${names[m]} add up to ${num(total)}, but its backward pass gave ∂L/∂a = ${num(dOutput)}`);
    }
  }
  return {
    dOutput,
    activation,
    derivative,
    via: names[m]!,
    text: route.text + through,
    sources: route.sources.filter((t) => t.value !== 0).slice(0, SOURCES_KEPT),
    sourceCount: route.sources.length,
  };
}

interface Route {
  text: string;
  sources: { label: string; value: number }[];
  /** Whether `sources` are every term of ∂L/∂a (so their sum can be checked against the backward pass). */
  complete: boolean;
}

/** ∂L/∂(input p of layer m) as layer m's backward pass forms it. */
function routeThrough(pass: LayerPass, names: readonly string[], m: number, p: number): Route {
  const next = pass.layers[m]!;
  const layer = next.layer;
  const name = names[m]!;
  const g = next.dOutput;
  const sorted = (sources: Route['sources']) => sources.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  if (layer instanceof MaxPool2D || layer instanceof AvgPool2D) {
    const [, w, c] = layer.inputShape as [number, number, number];
    const [y, x, ch] = [Math.floor(p / (w * c)), Math.floor(p / c) % w, p % c];
    const ow = layer.outputShape[1]!;
    const sources: Route['sources'] = [];
    const windows: string[] = [];
    const won: string[] = [];
    for (const [oy, ox] of windowsCovering(layer, y, x)) {
      const o = (oy * ow + ox) * c + ch;
      windows.push(`(${oy}, ${ox})`);
      if (layer instanceof MaxPool2D) {
        const [ay, ax] = argmax(layer, next.input, oy, ox, ch);
        if (ay === y && ax === x) {
          sources.push({ label: `∂L/∂${name}[${oy},${ox},${ch}]`, value: g[o]! });
          won.push(`(${oy}, ${ox})`);
        }
      } else {
        const n = windowCells(layer, oy, ox);
        sources.push({ label: `∂L/∂${name}[${oy},${ox},${ch}] / ${n}`, value: g[o]! / n });
      }
    }
    if (layer instanceof MaxPool2D) {
      const text =
        sources.length > 0
          ? `${name}: a[${y},${x},${ch}] is the maximum of its window${sources.length > 1 ? 's' : ''} ${won.join(', ')}, so ∂L/∂a = ${sources.map((s) => s.label).join(' + ')} = ${num(sum(sources))}`
          : `${name}: a[${y},${x},${ch}] is not the maximum of its window${windows.length > 1 ? 's' : ''} ${windows.join(', ')}, so no gradient reaches it: ∂L/∂a = 0`;
      return { text, sources, complete: true };
    }
    return {
      text: `${name}: a[${y},${x},${ch}] is averaged into window${windows.length > 1 ? 's' : ''} ${windows.join(', ')}: ∂L/∂a = ${sources.map((t) => t.label).join(' + ')} = ${num(sum(sources))} (each window's gradient shared by its real cells)`,
      sources: sorted(sources),
      complete: true,
    };
  }
  if (layer instanceof GlobalAvgPool2D) {
    const [h, w, c] = layer.inputShape as [number, number, number];
    const ch = p % c;
    const source = { label: `∂L/∂${name}[${ch}] / ${h * w}`, value: g[ch]! / (h * w) };
    return {
      text: `${name}: a is one of the ${h}×${w} values averaged into channel ${ch}: ∂L/∂a = ∂L/∂${name}[${ch}] / ${h * w} = ${num(source.value)}`,
      sources: [source],
      complete: true,
    };
  }
  if (layer instanceof BatchNorm) {
    const k = p % layer.features;
    const s = layer.gamma[k]! / Math.sqrt(layer.runningVar[k]! + layer.epsilon);
    const source = { label: `∂L/∂${name}[${p}] · γ/√(running σ² + ε) [feature ${k}]`, value: g[p]! * s };
    return {
      text: `${name} (inference: running statistics are constants): ∂L/∂a = ∂L/∂y · γ/√(running σ² + ε) = ${num(g[p]!)} · ${num(s)} = ${num(source.value)}`,
      sources: [source],
      complete: true,
    };
  }
  if (layer instanceof Dense) {
    const dz = next.dZ!;
    const sources = Array.from(dz, (d, k) => ({ label: `∂L/∂z_${name}[${k}] · w_${name}[${k},${p}]`, value: d * layer.weights[k * layer.inputSize + p]! }));
    return {
      text: `${name}: ∂L/∂a = Σ_k ∂L/∂z_${name}[k] · w_${name}[k,${p}] over its ${dz.length} neurons = ${num(sum(sources))}`,
      sources: sorted(sources),
      complete: true,
    };
  }
  if (layer instanceof Conv2D) {
    const sources = convSources(layer, name, next.dZ!, p);
    return {
      text: `${name}: ∂L/∂a = Σ ∂L/∂z_${name} · w_${name} over the ${sources.length} (window, filter) pairs that read this value = ${num(sum(sources))}`,
      sources: sorted(sources),
      complete: true,
    };
  }
  return { text: `${name} (${layer.type}): ∂L/∂a = ${num(pass.layers[m - 1]!.dOutput[p]!)} from its backward pass`, sources: [], complete: false };
}

/** Every (filter, output position, kernel cell) of a convolution whose window reads input value p. */
function convSources(layer: Conv2D, name: string, dz: Float64Array, p: number): { label: string; value: number }[] {
  const [, w, c] = layer.inputShape as [number, number, number];
  const [y, x, ch] = [Math.floor(p / (w * c)), Math.floor(p / c) % w, p % c];
  const [oh, ow, filters] = layer.outputShape as [number, number, number];
  const [kh, kw] = layer.kernelSize;
  const [sh, sw] = layer.strides;
  const [dh, dw] = layer.dilation;
  const out: { label: string; value: number }[] = [];
  for (let ky = 0; ky < kh; ky++) {
    const ty = y + layer.padTop - ky * dh; // = oy · sh
    if (ty < 0 || ty % sh !== 0 || ty / sh >= oh) continue;
    for (let kx = 0; kx < kw; kx++) {
      const tx = x + layer.padLeft - kx * dw;
      if (tx < 0 || tx % sw !== 0 || tx / sw >= ow) continue;
      const [oy, ox] = [ty / sh, tx / sw];
      for (let f = 0; f < filters; f++) {
        const wv = layer.weights[((f * kh + ky) * kw + kx) * c + ch]!;
        out.push({ label: `∂L/∂z_${name}[${oy},${ox},${f}] · w_${name}[${f},${ky},${kx},${ch}]`, value: dz[(oy * ow + ox) * filters + f]! * wv });
      }
    }
  }
  return out;
}

/** The real (unpadded) input rows or columns of window o along one axis. */
function span(o: number, stride: number, size: number, pad: number, extent: number): [number, number] {
  const first = o * stride - pad;
  return [Math.max(first, 0), Math.min(first + size, extent)];
}

function windowsCovering(layer: Pool2D, y: number, x: number): [number, number][] {
  const [h, w] = layer.inputShape as [number, number, number];
  const [oh, ow] = layer.outputShape as [number, number, number];
  const out: [number, number][] = [];
  for (let oy = 0; oy < oh; oy++) {
    const [y0, y1] = span(oy, layer.strides[0], layer.poolSize[0], layer.padTop, h);
    if (y < y0 || y >= y1) continue;
    for (let ox = 0; ox < ow; ox++) {
      const [x0, x1] = span(ox, layer.strides[1], layer.poolSize[1], layer.padLeft, w);
      if (x >= x0 && x < x1) out.push([oy, ox]);
    }
  }
  return out;
}

function windowCells(layer: Pool2D, oy: number, ox: number): number {
  const [h, w] = layer.inputShape as [number, number, number];
  const [y0, y1] = span(oy, layer.strides[0], layer.poolSize[0], layer.padTop, h);
  const [x0, x1] = span(ox, layer.strides[1], layer.poolSize[1], layer.padLeft, w);
  return (y1 - y0) * (x1 - x0);
}

/** Max pooling's winner in window (oy, ox) of channel ch: the first maximum in (ky, kx) order, as MaxPool2D keeps it. */
export function argmax(layer: Pool2D, input: Float64Array, oy: number, ox: number, ch: number): [number, number] {
  const [h, w, c] = layer.inputShape as [number, number, number];
  const [y0, y1] = span(oy, layer.strides[0], layer.poolSize[0], layer.padTop, h);
  const [x0, x1] = span(ox, layer.strides[1], layer.poolSize[1], layer.padLeft, w);
  let best: [number, number] = [y0, x0];
  let value = Number.NEGATIVE_INFINITY;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = input[(y * w + x) * c + ch]!;
      if (v > value) [value, best] = [v, [y, x]];
    }
  }
  return best;
}

function sum(sources: readonly { value: number }[]): number {
  return sources.reduce((s, t) => s + t.value, 0);
}
