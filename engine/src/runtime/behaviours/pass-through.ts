import type { ElementBehaviour } from './element-behaviour.js';
import { leave } from '../token-flow.js';

/** Start events, none throw events, link catch events, tasks without work: the token goes straight on. */
export const passesThrough: ElementBehaviour = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    await leave(ctx, model, exec, node, { actInst });
  },
};
