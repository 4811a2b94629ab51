/**
 * Issue 17: a task page is read as a deferred join (the page's ids first, then its rows) and a
 * candidate user's tasks through one semi-join over the union of the user's and the groups' links.
 * Neither may change an answer: pages concatenate to the unpaged list in the same order, ties
 * broken by id in the sort's direction, a task linked to the user and to one of the user's groups
 * (or to the same group twice) appears once, and every count equals its list's length.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

const review = bpmn(
  'tp-review',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}
   <bpmn:userTask id="review" camunda:candidateGroups="\${groups}" camunda:candidateUsers="\${users}"
     camunda:assignee="\${assignee}" camunda:dueDate="\${due}" camunda:priority="\${priority}" />
   ${flow('f1', 'review', 'end')}<bpmn:endEvent id="end" />`,
);

interface Seeded {
  groups: string;
  users: string;
  assignee: string | null;
}

/** 14 tasks: three groups, user `an` on every 4th, two due-date and priority ties per value. */
const SEED: Seeded[] = Array.from({ length: 14 }, (_, i) => ({
  groups: i === 13 ? 'g1, g1' : `g${(i % 3) + 1}`,
  users: i % 4 === 0 ? 'an' : 'binh',
  assignee: i === 5 || i === 9 ? 'lan' : null,
}));
const dueOf = (i: number) => `2026-03-0${(i * 5) % 4 || 4}T00:00:00.000+0000`;

describe.each(dialects)('task pages and candidate users on $dialect', (factory) => {
  const h = useEngine(factory);
  /** seed index → task id */
  const taskIds: string[] = [];

  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'tp-review.bpmn': review }));
    await h.api.ok(
      h.api.post('/user/create', { profile: { id: 'an' }, credentials: { password: 'Tp-Passw0rd!' } }),
    );
    for (const g of ['g1', 'g2', 'g3']) await h.api.ok(h.api.post('/group/create', { id: g, name: g }));
    for (const g of ['g1', 'g2']) await h.api.ok(h.api.put(`/group/${g}/members/an`));
    for (const [i, s] of SEED.entries()) {
      const pi = await h.api.ok(
        h.api.post('/process-definition/key/tp-review/start', {
          variables: {
            groups: { value: s.groups, type: 'String' },
            users: { value: s.users, type: 'String' },
            assignee: { value: s.assignee, type: s.assignee === null ? 'Null' : 'String' },
            due: { value: dueOf(i), type: 'Date' },
            priority: { value: 50 + (i % 3), type: 'Integer' },
          },
        }),
      );
      const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
      taskIds[i] = task.id;
    }
  });

  const ofSeed = (keep: (s: Seeded, i: number) => boolean) =>
    SEED.flatMap((s, i) => (keep(s, i) ? [taskIds[i]!] : [])).sort();
  const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

  it('answers a candidate user once per task: named, through a group, or both, never assigned', async () => {
    const mine = (s: Seeded) => s.assignee === null && (s.users === 'an' || /\bg[12]\b/.test(s.groups));
    const got = idsOf(await h.api.ok(h.api.get('/task?candidateUser=an')));
    expect([...got].sort()).toEqual(ofSeed(mine));
    expect(new Set(got).size).toBe(got.length);
    expect(await h.api.ok(h.api.get('/task/count?candidateUser=an'))).toEqual({ count: got.length });

    const withAssigned = (s: Seeded) => s.users === 'an' || /\bg[12]\b/.test(s.groups);
    const all = idsOf(await h.api.ok(h.api.get('/task?candidateUser=an&includeAssignedTasks=true')));
    expect([...all].sort()).toEqual(ofSeed(withAssigned));
    expect(
      await h.api.ok(h.api.post('/task/count', { candidateUser: 'an', includeAssignedTasks: true })),
    ).toEqual({ count: all.length });

    // Inside an orQuery the union is one criterion among others.
    const body = { orQueries: [{ candidateUser: 'an', assignee: 'lan' }] };
    const either = idsOf(await h.api.ok(h.api.post('/task', body)));
    expect([...either].sort()).toEqual(ofSeed((s) => mine(s) || s.assignee === 'lan'));
    expect(await h.api.ok(h.api.post('/task/count', body))).toEqual({ count: either.length });
  });

  it.each([
    ['dueDate', 'asc', 'candidateGroup=g1'],
    ['dueDate', 'desc', 'candidateUser=an'],
    ['priority', 'desc', 'candidateUser=an&includeAssignedTasks=true'],
    ['created', 'asc', 'processDefinitionKey=tp-review'],
  ])('pages by %s %s (%s) concatenate to the unpaged list', async (sortBy, sortOrder, filter) => {
    const base = `/task?${filter}&sortBy=${sortBy}&sortOrder=${sortOrder}`;
    const whole: Record<string, unknown>[] = await h.api.ok(h.api.get(base));
    expect(whole.length).toBeGreaterThan(4);
    const pages: Record<string, unknown>[] = [];
    for (let first = 0; first < whole.length + 3; first += 3)
      pages.push(...(await h.api.ok(h.api.get(`${base}&firstResult=${first}&maxResults=3`))));
    expect(idsOf(pages as { id: string }[])).toEqual(idsOf(whole as { id: string }[]));
    // Whole rows come back, not only ids.
    expect(pages[0]).toEqual(whole[0]);
    // Sorted by the key, ties by id (lowercase UUIDs: the same order in JS and SQL) in the sort's direction.
    const field = sortBy === 'dueDate' ? 'due' : sortBy;
    const compare = (x: unknown, y: unknown) =>
      typeof x === 'number' ? x - (y as number) : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    const sign = sortOrder === 'asc' ? 1 : -1;
    for (let i = 1; i < pages.length; i++) {
      const [a, b] = [pages[i - 1]!, pages[i]!];
      const byKey = compare(a[field], b[field]);
      expect(sign * (byKey === 0 ? compare(a.id, b.id) : byKey)).toBeLessThan(0);
    }
    const count = await h.api.ok(h.api.get(`/task/count?${filter}`));
    expect(count).toEqual({ count: whole.length });
  });
});
