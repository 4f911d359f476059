/**
 * The report's pictures of a convolutional network: the first layer's filters (inline SVG, one coloured
 * cell per weight, its value in the cell's title) and one sample's feature maps after each conv and pool
 * layer (PNG images in data URIs, encoded by ./png.ts). The file stays self-contained.
 */
import type { Network } from '../nn/network.js';
import { COLORS, escapeXml, formatNumber } from './charts.js';
import { featureMaps, filterScale, filterWeight, firstFilters, mapPixels, weightColor, type ConvFilters, type FeatureMap } from './feature-maps.js';
import { pngDataUri } from './png.js';

/** The report's pictures of a network whose first layer is conv2d. */
export interface ConvPictures {
  filters: ConvFilters;
  sample: {
    /** What the sample is, e.g. `image 12 (test split), class circle; predicted circle (p = 0.97)`. */
    caption: string;
    /** The input image, then each conv and pool layer's output. */
    maps: FeatureMap[];
  };
}

/** Filters and channels drawn per layer at most; a wider layer says how many it leaves out. */
export const MAX_PICTURES = 64;

/** The sample a report draws: its network inputs (one preprocessed row), and what it is. */
export interface ReportSample {
  values: ArrayLike<number>;
  /** e.g. `image 12 (test split)`. */
  name: string;
  /** Its true class, when known. */
  label?: string;
}

/**
 * The pictures of a network whose first layer is conv2d, for one sample; null for any other network (a
 * dense network's report has no such sections). `classes` names the outputs, for the caption's prediction.
 */
export function convPictures(network: Network, sample: ReportSample, classes: readonly string[] = []): ConvPictures | null {
  const filters = firstFilters(network);
  const trace = filters && featureMaps(network, sample.values);
  if (!filters || !trace) return null;
  const best = trace.output.reduce((b, p, i, all) => (p > all[b]! ? i : b), 0);
  const predicted = classes.length === trace.output.length ? `; predicted ${classes[best]} (p = ${formatNumber(trace.output[best]!)})` : '';
  const caption = `${sample.name}${sample.label !== undefined ? `, class ${sample.label}` : ''}${predicted}`;
  return { filters, sample: { caption, maps: trace.maps } };
}

/** "3 × 3", "28 × 28 × 8". */
const dims = (shape: readonly number[]) => shape.join(' × ');

/** Each filter as a small SVG grid in a <figure class="filter"> captioned with its index (the first 64). */
export function filterFigures(filters: ConvFilters): string {
  const [kh, kw] = filters.kernelSize;
  const c = filters.channels;
  const cell = Math.max(4, Math.min(14, Math.floor(60 / Math.max(kh, kw))));
  const gap = 4;
  const width = c * kw * cell + (c - 1) * gap;
  const height = kh * cell;
  const shown = Math.min(filters.count, MAX_PICTURES);
  const figures: string[] = [];
  for (let f = 0; f < shown; f++) {
    const scale = filterScale(filters, f);
    const cells: string[] = [];
    for (let ch = 0; ch < c; ch++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const w = filterWeight(filters, f, ky, kx, ch);
          const [r, g, b] = weightColor(w, scale);
          const x = ch * (kw * cell + gap) + kx * cell;
          cells.push(
            `<rect x="${x}" y="${ky * cell}" width="${cell}" height="${cell}" fill="rgb(${r},${g},${b})"><title>w[f=${f},ky=${ky},kx=${kx},c=${ch}] = ${escapeXml(formatNumber(w))}</title></rect>`,
          );
        }
      }
    }
    const label = `filter ${f}: ${dims([kh, kw])}${c > 1 ? ` × ${c} channels` : ''}, largest |w| ${formatNumber(scale)}`;
    figures.push(
      `<figure class="filter" data-filter="${f}" data-scale="${scale}"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}">` +
        `<title>${escapeXml(label)}</title>${cells.join('')}<rect x="0" y="0" width="${width}" height="${height}" fill="none" stroke="${COLORS.grid}"/></svg>` +
        `<figcaption>${f}</figcaption></figure>`,
    );
  }
  return figures.join('');
}

/** The filters section: each filter's kh × kw weights per input channel, coloured on the filter's own scale. */
export function filtersSection(filters: ConvFilters): string {
  const [kh, kw] = filters.kernelSize;
  const c = filters.channels;
  const shown = Math.min(filters.count, MAX_PICTURES);
  const more = filters.count > shown ? ` The first ${shown} of ${filters.count} are drawn.` : '';
  return (
    `<section class="conv-filters"><h2>First-layer filters</h2><p>The ${filters.count} filters of layer ${filters.layer + 1} (conv2d), each ${dims([kh, kw])}` +
    `${c > 1 ? ` over ${c} input channels, drawn side by side` : ''}: blue weights are positive, orange negative, white zero, each filter on its ` +
    `own scale (its largest |w| is the strongest colour). Hover a cell for its weight.${more}</p><div class="pictures">${filterFigures(filters)}</div></section>`
  );
}

/** The pixels of an image-shaped map are drawn this many CSS pixels wide, at least (nearest-neighbour). */
const MAP_PX = 56;

/** The feature-maps section: the sample, then each conv and pool layer's output, one gray image per channel. */
export function featureMapsSection(sample: ConvPictures['sample']): string {
  const rows = sample.maps.map((map) => {
    const [h, w, c] = map.shape;
    const zoom = Math.max(1, Math.ceil(MAP_PX / Math.max(h, w)));
    const shown = Math.min(c, MAX_PICTURES);
    const images: string[] = [];
    for (let ch = 0; ch < shown; ch++) {
      const what = map.layer < 0 ? `input channel ${ch}` : `layer ${map.layer + 1} channel ${ch}`;
      images.push(
        `<img class="feature-map" data-channel="${ch}" src="${pngDataUri(w, h, 1, mapPixels(map, ch))}" width="${w * zoom}" height="${h * zoom}" alt="${what}" title="${what}">`,
      );
    }
    const name = map.layer < 0 ? 'Input' : `Layer ${map.layer + 1}: ${map.type}`;
    const more = c > shown ? ` (the first ${shown} of ${c} channels)` : '';
    return (
      `<figure class="feature-maps" data-layer="${map.layer}" data-type="${map.type}" data-channels="${c}">` +
      `<figcaption>${escapeXml(name)} → ${dims(map.shape)}${more}</figcaption><div class="pictures">${images.join('')}</div></figure>`
    );
  });
  return (
    `<section class="conv-maps"><h2>Feature maps</h2><p>One sample through the network: ${escapeXml(sample.caption)}. ` +
    `Each layer is drawn on its own scale, its smallest value black and its largest white, so the brightest channels are the ones that respond most.</p>${rows.join('')}</section>`
  );
}

/** CSS for these sections, added to the report's style sheet. */
export const CONV_CSS = `
.pictures { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
figure.filter { text-align: center; font-size: 0.8rem; color: var(--muted); }
figure.filter svg { display: block; }
figure.feature-maps { margin: 0.8rem 0; }
figure.feature-maps figcaption { font-weight: 600; margin-bottom: 4px; }
.pictures .feature-map { image-rendering: crisp-edges; image-rendering: pixelated; border: 1px solid var(--line); }
`;
