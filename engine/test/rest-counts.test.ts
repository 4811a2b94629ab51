/**
 * Issue 17: "never load rows into the process to filter or count them". The counts of users,
 * groups, tenants, authorizations and deployments are `COUNT(*)` in the database with the list's
 * filters, and a group's members / a user's groups are semi-joins. For every filter combination the
 * count equals the length of the unpaged list, paging never changes a count, and the lists answer
 * what the seed says. The candidate-group report is one GROUP BY, checked against its seed.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();

const PASSWORD = 'Count-Passw0rd!';
/** user → groups: nine users over three groups, some in two, one in none. */
const MEMBERS: Record<string, string[]> = {
  an: ['hcm', 'hn'],
  binh: ['hcm'],
  chi: ['hcm'],
  dung: ['hn'],
  em: ['hn', 'dn'],
  giang: ['dn'],
  hoa: [],
  khanh: ['hcm', 'dn'],
  lan: ['hn'],
};
const GROUPS: Record<string, string> = { hcm: 'WORKFLOW', hn: 'WORKFLOW', dn: 'SYSTEM' };

describe.each(dialects)('counts in the database on $dialect', (factory) => {
  const h = useEngine(factory);

  beforeAll(async () => {
    for (const id of Object.keys(MEMBERS))
      await h.api.ok(
        h.api.post('/user/create', {
          profile: {
            id,
            firstName: id === 'an' || id === 'em' ? 'Nguyễn' : 'Trần',
            lastName: id,
            email: `${id}@mc.vn`,
          },
          credentials: { password: PASSWORD },
        }),
      );
    for (const [id, type] of Object.entries(GROUPS))
      await h.api.ok(h.api.post('/group/create', { id, name: `Sở ${id}`, type }));
    for (const [user, groups] of Object.entries(MEMBERS))
      for (const g of groups) await h.api.ok(h.api.put(`/group/${g}/members/${user}`));
    for (const [id, name] of [
      ['t-hcm', 'Thành phố HCM'],
      ['t-hn', 'Hà Nội'],
      ['t-dn', 'Đà Nẵng'],
    ] as const)
      await h.api.ok(h.api.post('/tenant/create', { id, name }));
    await h.api.ok(h.api.put('/tenant/t-hcm/user-members/an'));
    await h.api.ok(h.api.put('/tenant/t-hn/group-members/hn'));
    await h.api.ok(h.api.put('/tenant/t-dn/group-members/dn'));
    for (const [i, user] of ['an', 'binh', 'chi'].entries())
      await h.api.ok(
        h.api.post('/authorization/create', {
          type: 1,
          userId: user,
          groupId: null,
          resourceType: i === 2 ? 6 : 0,
          resourceId: `r${i}`,
          permissions: ['READ'],
        }),
      );
    await h.api.ok(
      h.api.post('/authorization/create', {
        type: 1,
        userId: null,
        groupId: 'hcm',
        resourceType: 0,
        resourceId: '*',
        permissions: ['ALL'],
      }),
    );
  });

  /** The unpaged list and the count of one query; the count must not depend on paging. */
  const listAndCount = async (path: string, query: string) => {
    const sep = query ? '&' : '';
    const list: { id: string }[] = await h.api.ok(h.api.get(`${path}?${query}`));
    const count = (await h.api.ok(h.api.get(`${path}/count?${query}`))).count as number;
    const paged = (await h.api.ok(h.api.get(`${path}/count?${query}${sep}firstResult=1&maxResults=1`)))
      .count as number;
    return { ids: list.map((r) => r.id).sort(), count, paged };
  };

  it.each([
    ['', Object.keys(MEMBERS)],
    ['memberOfGroup=hcm', ['an', 'binh', 'chi', 'khanh']],
    ['memberOfGroup=dn&firstName=Nguy%E1%BB%85n', ['em']],
    ['memberOfGroup=hn&idIn=an,binh,dung', ['an', 'dung']],
    ['firstNameLike=Tr%25&emailLike=%25h%40mc.vn', ['binh', 'khanh']],
    ['memberOfGroup=nobody', []],
  ])('users %s', async (query, expected) => {
    const { ids, count, paged } = await listAndCount('/user', query);
    expect(ids).toEqual([...expected].sort());
    expect(count).toBe(expected.length);
    expect(paged).toBe(expected.length);
  });

  it.each([
    ['', ['dn', 'hcm', 'hn']],
    ['member=an', ['hcm', 'hn']],
    ['member=khanh&type=SYSTEM', ['dn']],
    ['member=em&idIn=hcm,hn', ['hn']],
    ['nameLike=S%E1%BB%9F%20h%25', ['hcm', 'hn']],
    ['member=hoa', []],
  ])('groups %s', async (query, expected) => {
    const { ids, count, paged } = await listAndCount('/group', query);
    expect(ids).toEqual(expected);
    expect(count).toBe(expected.length);
    expect(paged).toBe(expected.length);
    // POST /group/count with the same filters (the body form the admin app sends).
    const body = Object.fromEntries(new URLSearchParams(query));
    if (body.idIn) Object.assign(body, { idIn: body.idIn.split(',') });
    expect(await h.api.ok(h.api.post('/group/count', body))).toEqual({ count: expected.length });
  });

  it.each([
    ['', ['t-dn', 't-hcm', 't-hn']],
    ['userMember=an', ['t-hcm']],
    ['userMember=an&includingGroupsOfUser=true', ['t-hcm', 't-hn']],
    ['groupMember=dn', ['t-dn']],
    ['nameLike=H%25', ['t-hn']],
    ['userMember=hoa&includingGroupsOfUser=true', []],
  ])('tenants %s', async (query, expected) => {
    const { ids, count, paged } = await listAndCount('/tenant', query);
    expect(ids).toEqual(expected);
    expect(count).toBe(expected.length);
    expect(paged).toBe(expected.length);
  });

  it('sorts and pages tenants in the database', async () => {
    const names = async (q: string) =>
      ((await h.api.ok(h.api.get(`/tenant?${q}`))) as { name: string }[]).map((t) => t.name);
    const all = await names('sortBy=id&sortOrder=desc');
    expect(all).toEqual(['Hà Nội', 'Thành phố HCM', 'Đà Nẵng']);
    expect(await names('sortBy=id&sortOrder=desc&firstResult=1&maxResults=1')).toEqual(['Thành phố HCM']);
  });

  it.each([
    ['', 4],
    ['userIdIn=an,binh', 2],
    ['resourceType=0', 3],
    ['resourceType=0&groupIdIn=hcm', 1],
    ['type=1&resourceId=r2', 1],
    ['userIdIn=nobody', 0],
  ])('authorizations %s', async (query, expected) => {
    // Engines grant the admin defaults on their own; count only ours (resource ids r0–r2 and hcm's *).
    const { ids, count, paged } = await listAndCount('/authorization', query);
    const ours = (await h.api.ok(h.api.get(`/authorization?${query}`))) as {
      userId: string | null;
      groupId: string | null;
    }[];
    expect(ids.length).toBe(count);
    expect(paged).toBe(count);
    expect(
      ours.filter((a) => ['an', 'binh', 'chi'].includes(a.userId ?? '') || a.groupId === 'hcm').length,
    ).toBe(expected);
  });

  it('counts deployments with their filters, whatever the paging', async () => {
    for (const name of ['dem-a', 'dem-b', 'khac'])
      await h.api.ok(
        h.api.deploy(
          {
            [`${name}.bpmn`]: bpmn(
              name,
              `<bpmn:startEvent id="s" />${flow('f', 's', 'e')}<bpmn:endEvent id="e" />`,
            ),
          },
          { 'deployment-name': name },
        ),
      );
    for (const [query, expected] of [
      ['nameLike=dem-%25', 2],
      ['name=khac', 1],
      ['', 3],
    ] as const) {
      const { ids, count, paged } = await listAndCount('/deployment', query);
      expect(ids.length).toBe(expected);
      expect(count).toBe(expected);
      expect(paged).toBe(expected);
    }
  });

  it('reports open tasks per candidate group from one GROUP BY, tasks without a group under null', async () => {
    const review = bpmn(
      'cnt-review',
      `<bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}
       <bpmn:userTask id="review" camunda:candidateGroups="\${groups}" camunda:candidateUsers="\${users}" />
       ${flow('f1', 'review', 'end')}<bpmn:endEvent id="end" />`,
    );
    await h.api.ok(h.api.deploy({ 'cnt-review.bpmn': review }));
    const seeds = [
      ['hcm', ''],
      ['hcm, hn', ''],
      ['hn, hn', ''], // the same group twice: one task
      ['', 'an'],
      ['', ''],
      ['dn', 'binh'],
    ];
    for (const [groups, users] of seeds)
      await h.api.ok(
        h.api.post('/process-definition/key/cnt-review/start', {
          variables: { groups: { value: groups, type: 'String' }, users: { value: users, type: 'String' } },
        }),
      );
    expect(await h.api.ok(h.api.get('/task/report/candidate-group-count'))).toEqual([
      { groupName: 'dn', taskCount: 1 },
      { groupName: 'hcm', taskCount: 2 },
      { groupName: 'hn', taskCount: 2 },
      { groupName: null, taskCount: 2 },
    ]);
  });

  it('sums metrics with COUNT(*) in the database, within the date bounds', async () => {
    // Two tasks of the report's instances completed by an, one by binh: two workers.
    const open: { id: string }[] = await h.api.ok(h.api.get('/task?processDefinitionKey=cnt-review'));
    for (const [i, user] of ['an', 'an', 'binh'].entries()) {
      await h.api.ok(h.api.post(`/task/${open[i]!.id}/claim`, { userId: user }));
      await h.api.ok(h.api.post(`/task/${open[i]!.id}/complete`, {}));
    }
    const sum = async (name: string, query = '') =>
      (await h.api.ok(h.api.get(`/metrics/${name}/sum?${query}`))).result as number;
    const count = async (path: string) => (await h.api.ok(h.api.get(path))).count as number;
    const starts = await count('/history/activity-instance/count');
    const ends = await count('/history/activity-instance/count?finished=true');
    expect(starts).toBeGreaterThan(ends);
    expect(ends).toBeGreaterThan(0);
    expect(await sum('activity-instance-start')).toBe(starts);
    expect(await sum('flow-node-instances')).toBe(starts);
    expect(await sum('activity-instance-end')).toBe(ends);
    expect(await sum('root-process-instance-start')).toBe(await count('/history/process-instance/count'));
    expect(await sum('unique-task-workers')).toBe(2);
    // Everything happened at the test clock's T0 (10:00 UTC): a window around it holds it all,
    // a window after it nothing; the end bound is exclusive.
    const at = (hh: string) => encodeURIComponent(`${T0.toISOString().slice(0, 11)}${hh}:00:00.000+0000`);
    expect(await sum('activity-instance-start', `startDate=${at('09')}&endDate=${at('11')}`)).toBe(starts);
    expect(await sum('activity-instance-end', `startDate=${at('09')}&endDate=${at('11')}`)).toBe(ends);
    expect(await sum('unique-task-workers', `startDate=${at('09')}`)).toBe(2);
    expect(await sum('activity-instance-start', `startDate=${at('11')}`)).toBe(0);
    expect(await sum('activity-instance-end', `endDate=${at('10')}`)).toBe(0);
    expect(await sum('unique-task-workers', `startDate=${at('11')}`)).toBe(0);
  });

  it('buckets metrics per interval in the database, newest first', async () => {
    const hour = 3_600_000;
    const startsAtT0 = (await h.api.ok(h.api.get('/history/activity-instance/count'))).count as number;
    // One more instance two hours later: its start event and user task start, the start event ends.
    h.clock.advance(2 * hour);
    await h.api.ok(
      h.api.post('/process-definition/key/cnt-review/start', {
        variables: { groups: { value: 'hcm', type: 'String' }, users: { value: '', type: 'String' } },
      }),
    );
    type Row = { timestamp: string; name: string; value: number; reporter: null };
    const metrics = async (q: string): Promise<Row[]> => h.api.ok(h.api.get(`/metrics?${q}`));
    const ms = (ts: string) => new Date(ts.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).getTime();
    const t0Hour = Math.floor(T0.getTime() / hour) * hour;

    const starts = await metrics('name=activity-instance-start&interval=3600');
    expect(starts.map((r) => [ms(r.timestamp), r.value])).toEqual([
      [t0Hour + 2 * hour, 2],
      [t0Hour, startsAtT0],
    ]);
    expect(starts.every((r) => r.name === 'activity-instance-start' && r.reporter === null)).toBe(true);
    const flow = await metrics('name=flow-node-instances&interval=3600');
    expect(flow.map((r) => [r.name, r.value])).toEqual([
      ['flow-node-instances', 2],
      ['flow-node-instances', startsAtT0],
    ]);

    // Every metric, then a window that leaves out the first hour, then paging.
    const all = await metrics('interval=3600');
    const total = (name: string) => all.filter((r) => r.name === name).reduce((n, r) => n + r.value, 0);
    for (const name of ['root-process-instance-start', 'activity-instance-start', 'activity-instance-end'])
      expect(total(name)).toBe((await h.api.ok(h.api.get(`/metrics/${name}/sum`))).result);
    expect(all.map((r) => ms(r.timestamp))).toEqual(
      [...all.map((r) => ms(r.timestamp))].sort((a, b) => b - a),
    );
    const later = encodeURIComponent(new Date(T0.getTime() + hour).toISOString().replace('Z', '+0000'));
    const windowed = await metrics(`interval=3600&startDate=${later}`);
    expect(windowed.map((r) => [r.name, r.value])).toEqual([
      ['activity-instance-end', 1],
      ['activity-instance-start', 2],
      ['root-process-instance-start', 1],
    ]);
    expect(await metrics('interval=3600&firstResult=1&maxResults=2')).toEqual(all.slice(1, 3));
  });
});
