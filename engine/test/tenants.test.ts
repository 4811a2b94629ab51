import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// Two provincial departments as tenants, an officer and a group as members; statuses and words
// as observed on Operaton 1.0.3.
describe.each(dialects)('tenants on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    for (const [id, name] of [
      ['so-khcn-hn', 'Sở KH&CN Hà Nội'],
      ['so-khcn-hcm', 'Sở KH&CN TP.HCM'],
    ])
      expect((await h.api.post('/tenant/create', { id, name })).status).toBe(204);
    await h.api.ok(
      h.api.post('/user/create', {
        profile: { id: 'canbo-hn', firstName: 'Lan', lastName: 'Nguyễn', email: 'lan@so.vn' },
        credentials: { password: 'mat-khau-dai-9' },
      }),
    );
    await h.api.ok(h.api.post('/group/create', { id: 'tham-dinh', name: 'Thẩm định' }));
  });

  it('creates, reads, lists, counts and updates tenants', async () => {
    expect(await h.api.ok(h.api.get('/tenant/so-khcn-hn'))).toEqual({
      id: 'so-khcn-hn',
      name: 'Sở KH&CN Hà Nội',
    });
    expect(await h.api.ok(h.api.get('/tenant?sortBy=name&sortOrder=desc'))).toEqual([
      { id: 'so-khcn-hcm', name: 'Sở KH&CN TP.HCM' },
      { id: 'so-khcn-hn', name: 'Sở KH&CN Hà Nội' },
    ]);
    expect(await h.api.ok(h.api.get('/tenant/count?nameLike=%25HCM%25'))).toEqual({ count: 1 });
    expect(
      (await h.api.put('/tenant/so-khcn-hn', { id: 'so-khcn-hn', name: 'Sở KH và CN Hà Nội' })).status,
    ).toBe(204);
    expect((await h.api.ok(h.api.get('/tenant/so-khcn-hn'))).name).toBe('Sở KH và CN Hà Nội');

    const dup = await h.api.post('/tenant/create', { id: 'so-khcn-hn', name: 'x' });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ type: 'BadUserRequestException', message: 'The tenant already exists' });
    const noId = await h.api.post('/tenant/create', { name: 'x' });
    expect(noId.status).toBe(500);
    expect(noId.body).toMatchObject({ type: 'NullValueException', message: 'tenantId is null' });
    expect((await h.api.post('/tenant/create', { id: 'a b' })).status).toBe(500);
    const missing = await h.api.get('/tenant/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Tenant with id nope does not exist');
    expect((await h.api.put('/tenant/nope', { id: 'nope', name: 'x' })).status).toBe(404);
  });

  it('adds and removes user and group members; queries by member, with the groups of a user', async () => {
    const put = (path: string) => h.api.call('PUT', path);
    expect((await put('/tenant/so-khcn-hn/user-members/canbo-hn')).status).toBe(204);
    expect((await put('/tenant/so-khcn-hcm/group-members/tham-dinh')).status).toBe(204);
    const again = await put('/tenant/so-khcn-hn/user-members/canbo-hn');
    expect(again.status).toBe(500);
    const unknownUser = await put('/tenant/so-khcn-hn/user-members/nobody');
    expect(unknownUser.body).toMatchObject({
      type: 'NullValueException',
      message: "No user found with id 'nobody'.: user is null",
    });
    expect((await put('/tenant/nope/group-members/tham-dinh')).body.message).toBe(
      "No tenant found with id 'nope'.: tenant is null",
    );

    const ids = async (q: string) =>
      (await h.api.ok(h.api.get(`/tenant?${q}`))).map((t: { id: string }) => t.id);
    expect(await ids('userMember=canbo-hn')).toEqual(['so-khcn-hn']);
    expect(await ids('groupMember=tham-dinh')).toEqual(['so-khcn-hcm']);
    await h.api.call('PUT', '/group/tham-dinh/members/canbo-hn');
    expect(await ids('userMember=canbo-hn&includingGroupsOfUser=true&sortBy=id&sortOrder=asc')).toEqual([
      'so-khcn-hcm',
      'so-khcn-hn',
    ]);

    expect((await h.api.call('DELETE', '/tenant/so-khcn-hn/user-members/canbo-hn')).status).toBe(204);
    expect((await h.api.call('DELETE', '/tenant/so-khcn-hn/user-members/canbo-hn')).status).toBe(204);
    expect(await ids('userMember=canbo-hn')).toEqual([]);

    // Every change is in the operation log (category Admin), as Operaton writes it.
    const log = await h.api.ok(h.api.get('/history/user-operation?entityType=TenantMembership'));
    expect(
      log.map((e: { operationType: string; property: string; newValue: string }) => [
        e.operationType,
        e.property,
        e.newValue,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['Create', 'userId', 'canbo-hn'],
        ['Create', 'groupId', 'tham-dinh'],
        ['Delete', 'userId', 'canbo-hn'],
      ]),
    );
  });

  it('deletes a tenant with its memberships; an unknown one is a no-op; OPTIONS lists the links', async () => {
    expect((await h.api.call('DELETE', '/tenant/so-khcn-hcm')).status).toBe(204);
    expect((await h.api.get('/tenant/so-khcn-hcm')).status).toBe(404);
    expect(await h.api.ok(h.api.get('/tenant?groupMember=tham-dinh'))).toEqual([]);
    expect((await h.api.call('DELETE', '/tenant/nope')).status).toBe(204);
    const log = await h.api.ok(h.api.get('/history/user-operation?entityType=Tenant&operationType=Delete'));
    expect(log).toEqual([
      expect.objectContaining({ property: 'tenantId', newValue: 'so-khcn-hcm', category: 'Admin' }),
    ]);

    const rels = async (path: string) =>
      (await h.api.ok(h.api.call('OPTIONS', path))).links.map((l: { rel: string }) => l.rel);
    expect(await rels('/tenant')).toEqual(['list', 'count', 'create']);
    expect(await rels('/tenant/so-khcn-hn')).toEqual(['self', 'delete', 'update']);
    expect(await rels('/tenant/so-khcn-hn/user-members')).toEqual(['delete', 'create']);
    expect(await rels('/tenant/so-khcn-hn/group-members')).toEqual(['delete', 'create']);
  });
});
