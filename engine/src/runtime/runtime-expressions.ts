import { compileExpression, ExpressionError, isExpression } from '../expressions/index.js';
import { ProcessEngineError } from './errors.js';

/** Expressions evaluated by the runtime: failures become Camunda's ProcessEngineExceptions. */

/** Expression failures become ProcessEngineExceptions with Camunda's message. */
export function evaluate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ExpressionError) throw new ProcessEngineError(err.message);
    throw err;
  }
}

export function evalText(
  text: string | null,
  resolve: Parameters<ReturnType<typeof compileExpression>['evaluate']>[0],
): unknown {
  if (text === null) return null;
  if (!isExpression(text)) return text;
  return evaluate(() => compileExpression(text).evaluate(resolve));
}
