import { InvalidArgumentError } from '../runtime/errors.js';
import { optBool } from './http.js';

/** `suspended` of a suspension body (definitions, instances); delayed suspension is refused. */
export function suspendedFlag(body: Record<string, unknown>): boolean {
  const s = optBool(body, 'suspended');
  if (s === null) throw new InvalidArgumentError('suspended must be true or false');
  if (body.executionDate !== undefined && body.executionDate !== null)
    throw new InvalidArgumentError('Delayed suspension (executionDate) is not supported by this engine');
  return s;
}
