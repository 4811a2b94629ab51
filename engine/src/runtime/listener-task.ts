import type { EngineTask } from '@motcua/db/engine';
import type { ExecutionFacade, TaskFacade } from '../expressions/methods.js';

/**
 * The task as a task listener expression sees it (`${task.name}`, `${task.setVariable(…)}`):
 * its fields as they are at the event, and its `setVariable(…)` calls collected in `writes`
 * (applied on the task's execution after the expression, like `execution.setVariable(…)`).
 */
export function taskFacade(task: EngineTask, writes: NonNullable<ExecutionFacade['writes']>): TaskFacade {
  return {
    __task: true,
    id: task.id,
    name: task.name,
    description: task.description,
    assignee: task.assignee,
    owner: task.owner,
    taskDefinitionKey: task.taskDefinitionKey,
    priority: task.priority,
    dueDate: task.dueDate,
    followUpDate: task.followUpDate,
    processInstanceId: task.processInstanceId,
    executionId: task.executionId,
    writes,
  };
}
