import { NeuriteError, describe } from './errors.js';

/** A `{ name, ...options }` object that recreates a function or algorithm (as its `toJSON()` returns). */
export interface Spec {
  name: string;
  [option: string]: unknown;
}

/**
 * Names → factories: the one table that maps strings (model files, the command line) to classes, for one
 * kind of thing (activations, losses, initializers). The core otherwise passes the objects themselves around.
 */
export class Registry<T> {
  constructor(
    private readonly kind: string,
    private readonly isInstance: (value: unknown) => boolean,
    private readonly factories: Record<string, (spec: Spec) => T>,
  ) {}

  register(name: string, factory: (spec: Spec) => T): void {
    this.factories[name] = factory;
  }

  names(): string[] {
    return Object.keys(this.factories);
  }

  /** An object of the kind passes through; a name or a spec is built by its factory. */
  resolve(value: T | string | Spec): T {
    if (typeof value === 'object' && value !== null && this.isInstance(value)) return value as T;
    const spec: Spec = typeof value === 'string' ? { name: value } : (value as Spec);
    const name = spec?.name;
    const factory = typeof name === 'string' && Object.hasOwn(this.factories, name) ? this.factories[name] : undefined;
    if (!factory) {
      throw new NeuriteError('INVALID_ARGUMENT', `Unknown ${this.kind} ${describe(name ?? value)}; expected one of: ${this.names().join(', ')}`, {
        field: this.kind,
        expected: this.names(),
        actual: name ?? value,
      });
    }
    return factory(spec);
  }
}
