import { NeuriteError, describe } from './errors.js';

/** A `{ name, ...options }` object that recreates a function or algorithm (as its `toJSON()` returns). */
export interface Spec {
  name: string;
  [option: string]: unknown;
}

/**
 * Names → entries: the one table type that maps strings (model files, the command line, `fit`'s options) to
 * what they name, for each kind of thing: activations, losses, initializers, optimizers, schedules, metrics.
 * The core otherwise passes the objects themselves around.
 *
 * A canonical name is the class's name in snake_case (docs/getting-started-library.md, "String names"): `BinaryCrossEntropy`
 * is `'binary_cross_entropy'`. Older names stay readable as aliases (`'binary_crossentropy'`), so model files
 * written before still load; `names()` lists only the canonical ones, which is what writers emit.
 */
export class Registry<E> {
  private readonly entries = new Map<string, E>();
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly kind: string,
    entries: Record<string, E>,
    aliases: Record<string, string> = {},
  ) {
    for (const [name, entry] of Object.entries(entries)) this.entries.set(name, entry);
    for (const [alias, name] of Object.entries(aliases)) this.aliases.set(alias, name);
  }

  /** Adds or replaces an entry; a name that was an alias now names the new entry. */
  register(name: string, entry: E): void {
    this.aliases.delete(name);
    this.entries.set(name, entry);
  }

  /** The canonical names, in the order they were added. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry for a name or an alias, or undefined when the table knows neither. */
  find(name: unknown): E | undefined {
    if (typeof name !== 'string') return undefined;
    if (this.entries.has(name)) return this.entries.get(name);
    const target = this.aliases.get(name);
    return target === undefined ? undefined : this.entries.get(target);
  }

  /** The entry for a name or an alias; anything else is an INVALID_ARGUMENT error listing the known names. */
  get(name: unknown): E {
    const entry = this.find(name);
    if (entry === undefined) {
      throw new NeuriteError('INVALID_ARGUMENT', `Unknown ${this.kind} ${describe(name)}; expected one of: ${this.names().join(', ')}`, {
        field: this.kind,
        expected: this.names(),
        actual: name,
      });
    }
    return entry;
  }

  /** For tables of factories: an object of the kind passes through; a name or a spec is built by its factory. */
  resolve<T>(this: Registry<(spec: Spec) => T>, value: T | string | Spec, isInstance: (value: unknown) => boolean): T {
    if (typeof value === 'object' && value !== null && isInstance(value)) return value as T;
    const spec: Spec = typeof value === 'string' ? { name: value } : (value as Spec);
    return this.get(spec?.name ?? value)(spec);
  }
}
