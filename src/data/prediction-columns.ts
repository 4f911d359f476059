import { NeuriteError, describe } from '../errors.js';

/** The names of the columns that predictions add to a table (see {@link predictionColumns}). */
export interface PredictionColumns {
  /** The predicted label or value: `predicted_<target>`. */
  predicted: string;
  /** One probability per class, in the labels' order: `p_<label>`; empty for a regression. */
  probabilities: string[];
}

/**
 * The columns that `neurite predict` and the playground append to a table of rows: `predicted_<target>`,
 * then, for a classifier, `p_<label>` for each class. A name the table already has, or that an earlier added
 * column took, gets the first free suffix `_2`, `_3`, …, so a file of predictions can be predicted again
 * without two columns of one name.
 *
 * @param header - the table's column names, in order
 * @param target - the name of the column the model predicts
 * @param labels - the class labels, in the model's output order (none for a regression)
 *
 * @example
 * ```ts
 * import { predictionColumns } from 'neurite/data';
 * console.log(predictionColumns(['petal_length', 'species'], 'species', ['setosa', 'virginica']));
 * // { predicted: 'predicted_species', probabilities: ['p_setosa', 'p_virginica'] }
 * console.log(predictionColumns(['x', 'predicted_y', 'p_a', 'p_b'], 'y', ['a', 'b']));
 * // { predicted: 'predicted_y_2', probabilities: ['p_a_2', 'p_b_2'] }: the file already had predictions
 * console.log(predictionColumns(['area'], 'price').predicted); // 'predicted_price'
 * ```
 */
export function predictionColumns(header: readonly string[], target: string, labels: readonly string[] = []): PredictionColumns {
  requireNames([target], 'target');
  const [predicted, ...probabilities] = appendedColumnNames(header, [`predicted_${target}`, ...requireNames(labels, 'labels').map((label) => `p_${label}`)]);
  return { predicted: predicted!, probabilities };
}

/**
 * The names of columns appended to a table, each made unique: a name already in `header`, or taken by an
 * earlier name in `names`, becomes `name_2`, or `name_3`, … (the first that is free).
 *
 * @example
 * ```ts
 * import { appendedColumnNames } from 'neurite/data';
 * console.log(appendedColumnNames(['a', 'split', 'split_2'], ['split', 'score'])); // ['split_3', 'score']
 * ```
 */
export function appendedColumnNames(header: readonly string[], names: readonly string[]): string[] {
  const taken = new Set(requireNames(header, 'header'));
  return requireNames(names, 'names').map((name) => {
    let candidate = name;
    for (let i = 2; taken.has(candidate); i++) candidate = `${name}_${i}`;
    taken.add(candidate);
    return candidate;
  });
}

/** The names, checked: an array of strings (a target's name: an array of one). */
function requireNames(names: readonly string[], field: string): readonly string[] {
  if (Array.isArray(names) && names.every((name) => typeof name === 'string')) return names;
  throw new NeuriteError('INVALID_ARGUMENT', `${field} must be column names (strings), got ${describe(field === 'target' ? names[0] : names)}`, { field });
}
