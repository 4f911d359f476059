import type { FloatArray } from '../../../src/index.js';
import type { PreparedData } from '../engine/datasets.js';
import { GRID_SIZE, toUnit, type View } from '../engine/view.js';

/**
 * The decision boundary: the network's prediction over the plane of the two inputs as a heat map, with the
 * data on top. Two classes shade from orange (class 0) through white to blue (class 1); more classes take the
 * colour of the likeliest class, paler where the network is less sure.
 */
export const CLASS_COLORS = ['#c2410c', '#0b63a5', '#15803d', '#7e22ce', '#a16207', '#be185d', '#0f766e', '#4338ca', '#57534e', '#b91c1c'];
const SHADES = ['#f7b27a', '#7fb8e3', '#8fd19e', '#cfa6f0', '#ecd27a', '#f0a3c8', '#84d3c9', '#a5a9f0', '#c9c4bf', '#f0a3a3'];

const shadeCache = new Map<string, [number, number, number]>();
function rgb(hex: string): [number, number, number] {
  let c = shadeCache.get(hex);
  if (!c) {
    const n = parseInt(hex.slice(1), 16);
    c = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    shadeCache.set(hex, c);
  }
  return c;
}

let image: { data: ImageData; canvas: HTMLCanvasElement } | null = null;

/**
 * Draws the map. `grid` holds the network's outputs over the grid points of `gridPoints(view)` (computed in
 * the training worker), `width` values per point; null draws the data on a blank plane.
 */
export function drawBoundary(canvas: HTMLCanvasElement, grid: FloatArray | null, width: number, data: PreparedData, view: View, selected: number): void {
  const ctx = canvas.getContext('2d')!;
  if (!image) {
    const off = document.createElement('canvas');
    off.width = off.height = GRID_SIZE;
    image = { data: new ImageData(GRID_SIZE, GRID_SIZE), canvas: off };
  }
  const px = image.data.data;
  const k = width;
  const out = grid && grid.length === GRID_SIZE * GRID_SIZE * k ? grid : null;
  const white: [number, number, number] = [255, 255, 255];
  for (let i = 0; i < GRID_SIZE * GRID_SIZE; i++) {
    let color: [number, number, number] = white;
    let t = 0;
    if (out && k === 1) {
      const p = out[i]!;
      color = rgb(SHADES[p >= 0.5 ? 1 : 0]!);
      t = Math.min(1, Math.abs(p - 0.5) * 2);
    } else if (out) {
      let best = 0;
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = out[i * k + j]!;
        sum += Math.max(0, v);
        if (v > out[i * k + best]!) best = j;
      }
      color = rgb(SHADES[best % SHADES.length]!);
      t = sum > 0 ? Math.min(1, Math.max(0, (out[i * k + best]! / sum - 1 / k) / (1 - 1 / k))) : 0;
    }
    const o = i * 4;
    px[o] = white[0] + (color[0] - white[0]) * t;
    px[o + 1] = white[1] + (color[1] - white[1]) * t;
    px[o + 2] = white[2] + (color[2] - white[2]) * t;
    px[o + 3] = 255;
  }
  image.canvas.getContext('2d')!.putImageData(image.data, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(image.canvas, 0, 0, canvas.width, canvas.height);

  // Axes at zero when they are in view, and the points.
  ctx.strokeStyle = 'rgba(31, 41, 55, 0.35)';
  ctx.lineWidth = 1;
  const [zx, zy] = toCanvas(canvas, view, 0, 0);
  if (zx > 0 && zx < canvas.width) line(ctx, zx, 0, zx, canvas.height);
  if (zy > 0 && zy < canvas.height) line(ctx, 0, zy, canvas.width, zy);

  const radius = data.raw.length > 600 ? 3 : data.raw.length > 200 ? 4 : 5;
  data.raw.forEach(([a, b], i) => {
    const [cx, cy] = toCanvas(canvas, view, a, b);
    ctx.beginPath();
    ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
    ctx.fillStyle = CLASS_COLORS[data.classes[i]! % CLASS_COLORS.length]!;
    ctx.fill();
    ctx.lineWidth = data.isValidation[i] ? 2.5 : 1;
    ctx.strokeStyle = data.isValidation[i] ? '#111827' : '#ffffff';
    ctx.stroke();
  });
  if (selected >= 0 && selected < data.raw.length) {
    const [cx, cy] = toCanvas(canvas, view, ...data.raw[selected]!);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#111827';
    ctx.beginPath();
    ctx.arc(cx, cy, radius + 5, 0, 2 * Math.PI);
    ctx.stroke();
  }

  // Axis labels.
  ctx.fillStyle = '#1f2937';
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(data.inputNames[0] + ' →', canvas.width - ctx.measureText(data.inputNames[0] + ' →').width - 6, canvas.height - 6);
  ctx.save();
  ctx.translate(14, 6 + ctx.measureText(data.inputNames[1] + ' →').width);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(data.inputNames[1] + ' →', 0, 0);
  ctx.restore();
}

function line(ctx: CanvasRenderingContext2D, a: number, b: number, c: number, d: number): void {
  ctx.beginPath();
  ctx.moveTo(a, b);
  ctx.lineTo(c, d);
  ctx.stroke();
}

function toCanvas(canvas: HTMLCanvasElement, view: View, a: number, b: number): [number, number] {
  const [u, v] = toUnit(view, a, b);
  return [u * canvas.width, v * canvas.height];
}

/** The data point nearest a click (in canvas pixels), if within `maxDistance` pixels. */
export function pointAt(canvas: HTMLCanvasElement, view: View, data: PreparedData, clientX: number, clientY: number, maxDistance = 14): number {
  const rect = canvas.getBoundingClientRect();
  const sx = canvas.width / rect.width;
  const sy = canvas.height / rect.height;
  const x = (clientX - rect.left) * sx;
  const y = (clientY - rect.top) * sy;
  let best = -1;
  let bestD = maxDistance * Math.max(sx, sy);
  data.raw.forEach(([a, b], i) => {
    const [cx, cy] = toCanvas(canvas, view, a, b);
    const d = Math.hypot(cx - x, cy - y);
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}
