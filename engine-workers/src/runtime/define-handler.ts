import type { Logger } from '@motcua/domain';

/** What a handler sees of a locked external task: ids and the variables it was fetched with. */
export interface ExternalTaskInfo {
  id: string;
  topicName: string;
  processInstanceId: string;
  processDefinitionKey: string;
  activityId: string;
  businessKey: string | null;
  /** Retries left as the engine reports them; null until the first failure. */
  retries: number | null;
  /** Deserialised values (Date for Date, parsed JSON for Json). */
  variables: Record<string, unknown>;
}

export interface HandlerContext {
  task: ExternalTaskInfo;
  /** A child logger carrying topic, workerId, externalTaskId, processInstanceId, activityId. */
  logger: Logger;
}

/** Variables to complete the task with (undefined values are left out). */
export type HandlerResult = Record<string, unknown> | void;

export interface HandlerOptions {
  /** Lock duration for this topic in ms (default: the runtime's). */
  lockDurationMs?: number;
  /** Variable names to fetch (default: all). */
  variables?: string[];
}

export interface TopicHandler {
  topic: string;
  handle(ctx: HandlerContext): Promise<HandlerResult>;
  options: HandlerOptions;
}

/**
 * The worker contract: `fn` returns the variables to complete with; it throws a `BusinessError`
 * (@motcua/domain) for a business outcome modelled in BPMN (→ bpmnError with its code, message and
 * variables); anything else it throws is a technical failure (→ failure, retries counting down
 * with exponential backoff, an incident at 0).
 */
export function defineHandler(
  topic: string,
  fn: (ctx: HandlerContext) => Promise<HandlerResult> | HandlerResult,
  options: HandlerOptions = {},
): TopicHandler {
  if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(topic)) throw new Error(`Topic "${topic}" is not <family>.<action>`);
  return { topic, handle: async (ctx) => fn(ctx), options };
}
