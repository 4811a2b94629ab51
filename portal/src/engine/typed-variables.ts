/** Camunda typed variables: `@motcua/engine-client`'s helpers, under the portal's older import path. */
export {
  fromTypedValue,
  toTypedValue,
  toTypedVariables,
  type TypedValue,
  type TypedVariables,
} from '@motcua/engine-client';
