// Scenario (c) of issue 15: an officer's inbox with 100 000 open tasks across 340 deployed
// procedures — candidate groups, sorted by due date (the query) or by creation (the portal's
// inbox, portal/src/inbox/inbox-service.ts: assignee OR groups), paged, with their counts.
// Target: p95 <= 50 ms on MariaDB. The rows come from data-scale-seed.mjs (openTaskFills).
import { groupName, userName } from './data-scale-names.mjs';

export const INBOX_TARGET_MS = 50;

/** The queries, the same REST calls on every engine; `groups` as seeded. */
export function inboxQueries({ groups }) {
  const G = groupName(3);
  const G2 = groupName(Math.min(9, groups - 1));
  const mine = { assignee: userName(7), candidateGroups: [G, G2] };
  return [
    {
      name: 'group, by due date, page 1',
      path: `/task?candidateGroup=${G}&sortBy=dueDate&sortOrder=asc&firstResult=0&maxResults=50`,
    },
    {
      name: 'group, by due date, page 10',
      path: `/task?candidateGroup=${G}&sortBy=dueDate&sortOrder=asc&firstResult=450&maxResults=50`,
    },
    { name: 'group count', path: `/task/count?candidateGroup=${G}` },
    {
      name: 'two groups, by due date, page 1',
      path: `/task?candidateGroups=${G},${G2}&sortBy=dueDate&sortOrder=asc&firstResult=0&maxResults=50`,
    },
    { name: 'two groups count', path: `/task/count?candidateGroups=${G},${G2}` },
    {
      name: 'portal inbox: assignee or groups, by created, page 1',
      path: '/task?firstResult=0&maxResults=50',
      body: { orQueries: [mine], sorting: [{ sortBy: 'created', sortOrder: 'asc' }] },
    },
    { name: 'portal inbox count', path: '/task/count', body: { orQueries: [mine] } },
  ];
}
