/** A variable value that does not fit its declared type, or an unknown type (REST 400). */
export class VariableValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VariableValueError';
  }
}
