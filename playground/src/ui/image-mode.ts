import type { Network } from '../../../src/index.js';
import { filterFigures } from '../../../src/report/conv-sections.js';
import { firstFilters, mapPixels, type FeatureMap } from '../../../src/report/feature-maps.js';
import { layerSummary, reportLayers } from '../../../src/report/layer-table.js';
import { formatPercent } from '../../../src/report/charts.js';
import { IMAGE_SIZE, imageAt, viewDrawing, type DrawingView, type PreparedImages } from '../engine/images.js';
import { byId } from './dom.js';

/** The pen's width in pad pixels: about one and a half image pixels, as thick as the generated shapes' strokes. */
const PEN = 16;

/**
 * The image mode's page: a pad to draw on with the mouse, a finger or a pen (Pointer Events), Clear and
 * Example buttons, the class probabilities, and the feature maps of every conv and pool layer, redrawn
 * whenever the drawing or the weights change. The pad is read as the model reads an image
 * (`imageFromImageData`: averaged down to 16 × 16); the network is the page's copy of the worker's.
 */
export class ImageMode {
  /** The drawing as the network saw it last (null until drawn with a network). */
  view: DrawingView | null = null;
  private readonly pad = byId<HTMLCanvasElement>('pad');
  private readonly ctx = this.pad.getContext('2d', { willReadFrequently: true })!;
  private last: [number, number] | null = null;
  private example = 0;
  private images: PreparedImages | null = null;
  /** The feature maps' layout (shapes), so the canvases are rebuilt only when the network changes. */
  private layout = '';

  constructor(private readonly changed: () => void) {
    this.blank();
    const pad = this.pad;
    pad.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      pad.setPointerCapture(event.pointerId);
      this.last = this.at(event);
      this.stroke(this.last, this.last);
      event.preventDefault();
    });
    pad.addEventListener('pointermove', (event) => {
      if (!this.last) return;
      // Every point the browser merged into this event, so a fast stroke stays smooth.
      for (const e of event.getCoalescedEvents?.() ?? [event]) {
        const next = this.at(e);
        this.stroke(this.last, next);
        this.last = next;
      }
    });
    for (const end of ['pointerup', 'pointercancel'] as const) pad.addEventListener(end, () => (this.last = null));
    byId('clear').addEventListener('click', () => this.clear());
    byId('example').addEventListener('click', () => this.showExample());
  }

  /** A new setup: its images (for the examples); the drawing stays. */
  setImages(images: PreparedImages): void {
    this.images = images;
    this.example = 0;
  }

  /** Blank pad (black, as the images' background). */
  clear(): void {
    this.blank();
    this.changed();
  }

  private blank(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.pad.width, this.pad.height);
  }

  /** Paints the next held-out image of the set on the pad, each pixel a square block (so it reads back as itself). */
  showExample(): void {
    const images = this.images;
    if (!images) return;
    const held = images.data.validation?.rows ?? images.data.train.rows;
    const image = imageAt(images, held[this.example++ % held.length]!);
    const small = document.createElement('canvas');
    small.width = small.height = IMAGE_SIZE;
    const data = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
    image.pixels.forEach((v, i) => data.data.set([v, v, v, 255], 4 * i));
    small.getContext('2d')!.putImageData(data, 0, 0);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(small, 0, 0, this.pad.width, this.pad.height);
    this.changed();
  }

  /** Reads the pad and draws what the network makes of it. */
  render(network: Network, images: PreparedImages): void {
    const view = viewDrawing(network, images, this.ctx.getImageData(0, 0, this.pad.width, this.pad.height));
    this.view = view;
    const list = byId('probabilities');
    list.innerHTML = view.probabilities
      .map((p, i) => {
        const label = images.labels[i]!;
        return (
          `<li data-class="${label}" data-value="${p}"${i === view.predicted ? ' class="predicted"' : ''}><span class="name">${label}</span>` +
          `<span class="bar"><span style="width: ${(100 * p).toFixed(1)}%"></span></span><span class="p">${formatPercent(p)}</span></li>`
        );
      })
      .join('');
    list.dataset.predicted = images.labels[view.predicted];
    this.drawMaps(view.maps);
    const filters = firstFilters(network);
    const layers = reportLayers(network);
    const items = layers.map((l) => `<li>${l.type}${l.detail ? `: ${l.detail}` : ''} → ${l.outputShape.join(' × ')}</li>`).join('');
    byId('diagram').innerHTML =
      `<p class="hint">${layerSummary(network.inputShape, layers)}:</p><ol class="layers">${items}</ol>` +
      (filters ? `<p class="hint">First-layer filters (blue +, orange −):</p><div class="filters">${filterFigures(filters)}</div>` : '');
  }

  /** One canvas per channel of each map, each on its layer's scale (black lowest, white highest). */
  private drawMaps(maps: FeatureMap[]): void {
    const box = byId('feature-maps');
    const layout = maps.map((m) => m.shape.join('x')).join(',');
    if (layout !== this.layout) {
      this.layout = layout;
      box.replaceChildren(
        ...maps.map((map) => {
          const figure = document.createElement('figure');
          figure.className = 'map-layer';
          Object.assign(figure.dataset, { layer: String(map.layer), type: map.type, channels: String(map.shape[2]) });
          const caption = document.createElement('figcaption');
          caption.textContent = `${map.layer < 0 ? 'Input' : `Layer ${map.layer + 1}: ${map.type}`} → ${map.shape.join(' × ')}`;
          const row = document.createElement('div');
          row.className = 'maps';
          for (let c = 0; c < map.shape[2]; c++) {
            const canvas = document.createElement('canvas');
            [canvas.height, canvas.width] = map.shape;
            canvas.title = `${map.layer < 0 ? 'input' : `layer ${map.layer + 1}`} channel ${c}`;
            row.append(canvas);
          }
          figure.append(caption, row);
          return figure;
        }),
      );
    }
    maps.forEach((map, m) => {
      const canvases = box.children[m]!.querySelectorAll('canvas');
      canvases.forEach((canvas, c) => {
        const gray = mapPixels(map, c);
        const data = new ImageData(canvas.width, canvas.height);
        gray.forEach((v, i) => data.data.set([v, v, v, 255], 4 * i));
        canvas.getContext('2d')!.putImageData(data, 0, 0);
      });
    });
  }

  /** A pointer's place in pad pixels (the pad is drawn larger than its pixels). */
  private at(event: PointerEvent): [number, number] {
    const box = this.pad.getBoundingClientRect();
    return [((event.clientX - box.left) * this.pad.width) / box.width, ((event.clientY - box.top) * this.pad.height) / box.height];
  }

  private stroke(from: [number, number], to: [number, number]): void {
    const ctx = this.ctx;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    this.changed();
  }
}
