import type { ElementParse } from './element-parse.js';

/** Parsers of the gateways: exclusive, inclusive, parallel, event-based. */

export function parseExclusiveGateway(p: ElementParse): void {
  const { el, id, base, add, problem } = p;
  const { flows } = p.process;
  if (base.defaultFlow && !base.outgoing.includes(base.defaultFlow)) {
    problem(
      `Exclusive gateway '${id}': default flow '${base.defaultFlow}' is not one of its outgoing flows`,
      el,
    );
  }
  // Camunda's (and Operaton's) parser refuses this, in these words.
  if (base.outgoing.length === 1 && flows.get(base.outgoing[0]!)?.condition)
    problem(
      `Exclusive Gateway '${id}' has only one outgoing sequence flow ('${base.outgoing[0]}'). This is not allowed to have a condition.`,
      el,
    );
  add('exclusiveGateway', 'exclusiveGateway');
}

export function parseInclusiveGateway(p: ElementParse): void {
  const { el, id, base, add, problem } = p;
  if (base.defaultFlow && !base.outgoing.includes(base.defaultFlow))
    problem(
      `Inclusive gateway '${id}': default flow '${base.defaultFlow}' is not one of its outgoing flows`,
      el,
    );
  add('inclusiveGateway', 'inclusiveGateway');
}

export function parseParallelGateway(p: ElementParse): void {
  const { add } = p;
  add('parallelGateway', 'parallelGateway');
}

export function parseEventBasedGateway(p: ElementParse): void {
  const { add } = p;
  add('eventBasedGateway', 'eventBasedGateway');
}
