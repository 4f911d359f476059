import { tableFromRecords } from '../../../src/data/index.js';
import type { PreparedData } from './datasets.js';

/** The part of the input plane the map shows. */
export interface View {
  /** Raw-input bounds shown: [xMin, xMax, yMin, yMax]. */
  bounds: [number, number, number, number];
}

/** Bounds around the data with a 12% margin on each side. */
export function viewFor(data: PreparedData): View {
  const xs = data.raw.map((r) => r[0]);
  const ys = data.raw.map((r) => r[1]);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const padX = Math.max((x1 - x0) * 0.12, 1e-3);
  const padY = Math.max((y1 - y0) * 0.12, 1e-3);
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  return { bounds: [x0, x1, y0, y1] };
}

/** Where raw inputs (a, b) fall on the map, from (0, 0) at the top left to (1, 1) at the bottom right. */
export function toUnit(view: View, a: number, b: number): [number, number] {
  const [x0, x1, y0, y1] = view.bounds;
  return [(a - x0) / (x1 - x0), (y1 - b) / (y1 - y0)];
}

/** Points per side of the map's prediction grid. */
export const GRID_SIZE = 96;

/** The centres of the grid's cells in raw inputs, row by row from the top left. */
export function gridPoints(view: View, size = GRID_SIZE): Array<[number, number]> {
  const [x0, x1, y0, y1] = view.bounds;
  const points: Array<[number, number]> = [];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) points.push([x0 + ((c + 0.5) / size) * (x1 - x0), y1 - ((r + 0.5) / size) * (y1 - y0)]);
  }
  return points;
}

/** Raw input points → network inputs, through the data's own preprocessing (as `neurite predict` would). */
export function networkInputs(data: PreparedData, points: ReadonlyArray<readonly [number, number]>): number[][] {
  const [a, b] = data.inputNames;
  const table = tableFromRecords(
    points.map(
      ([u, v]) =>
        Object.fromEntries([
          [a, u],
          [b, v],
        ]) as Record<string, number>,
    ),
  );
  return data.preprocessor.transform(table, undefined, { dtype: 'float64' }).toArray();
}
