import { NeuriteError, type ErrorDetails } from '../errors.js';

/**
 * A command line that cannot be run as given (an output that would replace an input, two outputs on one
 * file): the CLI prints its one-line message and exits with code 2, as for commander's usage errors.
 */
export class UsageError extends NeuriteError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('INVALID_ARGUMENT', message, details);
    this.name = 'UsageError';
  }
}
