export {
  compileExpression,
  evaluateCondition,
  isExpression,
  resolverOf,
  ExpressionError,
} from './evaluate.js';
export type { Resolver, CompiledExpression } from './evaluate.js';
