import type { ElementParse } from './element-parse.js';
import {
  parseCallActivity,
  parseManualTask,
  parseOtherActivity,
  parseReceiveTask,
  parseScriptTask,
  parseSubProcess,
  parseTask,
  parseUserTask,
} from './parse-activities.js';
import {
  parseBoundaryEvent,
  parseEndEvent,
  parseIntermediateCatchEvent,
  parseIntermediateThrowEvent,
  parseStartEvent,
} from './parse-events.js';
import {
  parseEventBasedGateway,
  parseExclusiveGateway,
  parseInclusiveGateway,
  parseParallelGateway,
} from './parse-gateways.js';

/**
 * The parser of each BPMN element type: adding an element kind means adding its parser to its
 * family's module and a line here (and its behaviour in `runtime/behaviours/`). Any other type is
 * read by `parseOtherActivity` (service, send and business-rule tasks) or refused there.
 */
const ELEMENT_PARSERS: Readonly<Record<string, (p: ElementParse) => void>> = {
  'bpmn:StartEvent': parseStartEvent,
  'bpmn:EndEvent': parseEndEvent,
  'bpmn:ExclusiveGateway': parseExclusiveGateway,
  'bpmn:InclusiveGateway': parseInclusiveGateway,
  'bpmn:ParallelGateway': parseParallelGateway,
  'bpmn:UserTask': parseUserTask,
  'bpmn:BoundaryEvent': parseBoundaryEvent,
  'bpmn:IntermediateCatchEvent': parseIntermediateCatchEvent,
  'bpmn:IntermediateThrowEvent': parseIntermediateThrowEvent,
  'bpmn:EventBasedGateway': parseEventBasedGateway,
  'bpmn:ManualTask': parseManualTask,
  'bpmn:Task': parseTask,
  'bpmn:ScriptTask': parseScriptTask,
  'bpmn:SubProcess': parseSubProcess,
  'bpmn:CallActivity': parseCallActivity,
  'bpmn:ReceiveTask': parseReceiveTask,
};

export function parseElement(p: ElementParse): void {
  (ELEMENT_PARSERS[p.el.$type] ?? parseOtherActivity)(p);
}
