// Scenario (d) of issue 15: history queries over 1 000 000 finished instances — what an officer's
// and an admin's views ask: finished instances of a procedure and of all procedures, newest first,
// paged, with counts (the studio counts a definition's finished instances); one instance found by
// its business key; the activity instances and tasks of one instance; an officer's finished tasks.
// Target: p95 <= 200 ms on MariaDB. The rows come from data-scale-seed.mjs (historyFills).
import { finishedBusinessKey, finishedInstanceId, procedureKey, userName } from './data-scale-names.mjs';

export const HISTORY_TARGET_MS = 200;

/** The queries; `definitionId` is the engine's own id of procedure 2 (ids differ between engines). */
export function historyQueries({ history, definitionId }) {
  const K = procedureKey(2);
  const j = Math.floor(history * 0.37);
  const PI = finishedInstanceId(j);
  const U = userName(7);
  return [
    {
      name: 'finished of a procedure, newest ended, page 1',
      path: `/history/process-instance?processDefinitionKey=${K}&finished=true&sortBy=endTime&sortOrder=desc&firstResult=0&maxResults=50`,
    },
    {
      name: 'finished of a procedure count',
      path: `/history/process-instance/count?processDefinitionKey=${K}&finished=true`,
    },
    {
      name: 'finished of a definition count (studio)',
      path: `/history/process-instance/count?processDefinitionId=${encodeURIComponent(definitionId)}&finished=true`,
    },
    {
      name: 'all finished, newest started, page 1',
      path: '/history/process-instance?finished=true&sortBy=startTime&sortOrder=desc&firstResult=0&maxResults=50',
    },
    {
      name: 'all finished, newest started, page 20',
      path: '/history/process-instance?finished=true&sortBy=startTime&sortOrder=desc&firstResult=950&maxResults=50',
    },
    { name: 'all finished count', path: '/history/process-instance/count?finished=true' },
    {
      name: 'instance by business key',
      path: `/history/process-instance?processInstanceBusinessKey=${finishedBusinessKey(j)}`,
    },
    {
      name: 'activity instances of an instance',
      path: `/history/activity-instance?processInstanceId=${PI}&sortBy=startTime&sortOrder=asc`,
    },
    {
      name: 'tasks of an instance',
      path: `/history/task?processInstanceId=${PI}&sortBy=startTime&sortOrder=asc`,
    },
    {
      name: "officer's finished tasks, newest, page 1",
      path: `/history/task?taskAssignee=${U}&finished=true&sortBy=endTime&sortOrder=desc&firstResult=0&maxResults=50`,
    },
    { name: "officer's finished task count", path: `/history/task/count?taskAssignee=${U}&finished=true` },
  ];
}
