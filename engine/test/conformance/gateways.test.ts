/**
 * Conformance — gateways (issue 3): exclusive (document order, default flow, no way out → the
 * caller gets an error and nothing is committed), parallel fork/join, inclusive fork/join (the
 * join waits only for tokens that can still arrive), event-based (message / timer / signal race).
 * REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { model, models, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('gateways against $name', (target) => {
  const s = useTarget(target, 'conf-gw', () => models('confGw'));

  it('exclusive gateway: the first true condition in document order wins, else the default flow', async () => {
    for (const [amount, expected] of [
      [200, 'Task_Big'], // both conditions hold: the first one wins
      [70, 'Task_Medium'],
      [10, 'Task_Small'], // none holds: the default flow
    ] as const) {
      const pi = await s.start('confGwExclusive', { amount: { value: amount, type: 'Integer' } });
      expect(await s.tasks(pi.id)).toEqual([expected]);
    }
  });

  it('exclusive gateway without a true condition nor a default: an error, nothing committed', async () => {
    // At start: the start call fails and no instance exists.
    const bk = s.key();
    const res = await s.api.post(`/process-definition/${s.definitionIds.get('confGwNoWayOut')}/start`, {
      businessKey: bk,
      variables: {},
    });
    expect(res.status).toBe(200); // the instance waits at Task_Decide
    const pi = res.body.id;
    const t = await s.task(pi, 'Task_Decide');
    const failed = await s.api.post(`/task/${t.id}/complete`, {
      variables: { choice: { value: 3, type: 'Integer' } },
    });
    expect(failed.status).toBe(500);
    expect(failed.body.message).toContain('Gateway_Choice');
    // The completion was rolled back: the task is still open, the variable not set.
    expect(await s.tasks(pi)).toEqual(['Task_Decide']);
    expect((await s.vars(pi)).choice).toBeUndefined();
    expect((await s.history(pi)).state).toBe('ACTIVE');
    // A way out: completes.
    expect(
      (await s.api.post(`/task/${t.id}/complete`, { variables: { choice: { value: 2, type: 'Integer' } } }))
        .status,
    ).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_Two']);
  });

  it('an exclusive gateway whose only outgoing flow has a condition is refused at deployment', async () => {
    const res = await s.api.deploy(
      { 'single-conditional-flow.bpmn': model('refused/single-conditional-flow.bpmn') },
      { 'deployment-name': s.key() },
    );
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('ParseException');
    expect(res.body.message).toContain(
      "Exclusive Gateway 'Gateway_Only' has only one outgoing sequence flow ('F_Only'). This is not allowed to have a condition.",
    );
  });

  it('parallel gateway: fork, and a join that waits for every incoming path', async () => {
    const pi = await s.start('confGwParallel');
    expect(await s.tasks(pi.id)).toEqual(['Task_A', 'Task_B']);
    await s.completeTask(pi.id, 'Task_A');
    expect(await s.tasks(pi.id)).toEqual(['Task_B']);
    await s.completeTask(pi.id, 'Task_B');
    expect(await s.tasks(pi.id)).toEqual(['Task_After']);
    // One historic activity instance of the join per arriving token.
    expect(await s.activity(pi.id, 'Gateway_Join')).toHaveLength(2);
  });

  it('inclusive gateway: forks on every true condition; the join waits for those paths only', async () => {
    const flags = (a: boolean, b: boolean, c: boolean) => ({
      a: { value: a, type: 'Boolean' },
      b: { value: b, type: 'Boolean' },
      c: { value: c, type: 'Boolean' },
    });
    const pi = await s.start('confGwInclusive', flags(true, true, false));
    expect(await s.tasks(pi.id)).toEqual(['Task_A', 'Task_B']);
    await s.completeTask(pi.id, 'Task_A');
    expect(await s.tasks(pi.id)).toEqual(['Task_B']);
    await s.completeTask(pi.id, 'Task_B');
    expect(await s.tasks(pi.id)).toEqual(['Task_After']);
    // None true: the default flow alone, and the join passes it straight on.
    const none = await s.start('confGwInclusive', flags(false, false, false));
    expect(await s.tasks(none.id)).toEqual(['Task_Default']);
    await s.completeTask(none.id, 'Task_Default');
    expect(await s.tasks(none.id)).toEqual(['Task_After']);
  });

  it('inclusive join: a token that can no longer reach it does not block it', async () => {
    const pi = await s.start('confGwInclusiveReach');
    expect(await s.tasks(pi.id)).toEqual(['Task_A', 'Task_Elsewhere']);
    await s.completeTask(pi.id, 'Task_A');
    expect(await s.tasks(pi.id)).toEqual(['Task_After', 'Task_Elsewhere']);
  });

  it('an event-based gateway followed by a receive task is refused at deployment', async () => {
    const res = await s.api.deploy(
      { 'event-gateway-receive.bpmn': model('refused/event-gateway-receive.bpmn') },
      { 'deployment-name': s.key() },
    );
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('ParseException');
    expect(res.body.message).toContain(
      'Event based gateway can only be connected to elements of type intermediateCatchEvent',
    );
  });

  it('event-based gateway: the first event wins, the others are removed', async () => {
    const subscriptions = async (pi: string) =>
      (await s.api.ok(s.api.get(`/event-subscription?processInstanceId=${pi}`)))
        .map((e: { eventType: string }) => e.eventType)
        .sort();
    const byMessage = await s.start('confGwEventBased');
    expect(await subscriptions(byMessage.id)).toEqual(['message', 'signal']);
    expect(await s.timers(byMessage.id)).toHaveLength(1);
    expect(
      (await s.api.post('/message', { messageName: 'conf-gw-go', processInstanceId: byMessage.id })).status,
    ).toBe(204);
    expect(await s.tasks(byMessage.id)).toEqual(['Task_Message']);
    expect(await subscriptions(byMessage.id)).toEqual([]);
    expect(await s.timers(byMessage.id)).toHaveLength(0);

    const byTimer = await s.start('confGwEventBased');
    await s.fireTimer(byTimer.id);
    expect(await s.tasks(byTimer.id)).toEqual(['Task_Timer']);
    expect(await subscriptions(byTimer.id)).toEqual([]);

    const bySignal = await s.start('confGwEventBased');
    expect((await s.api.post('/signal', { name: 'conf-gw-alert' })).status).toBe(204);
    expect(await s.tasks(bySignal.id)).toEqual(['Task_Signal']);
    expect(await s.timers(bySignal.id)).toHaveLength(0);
    const [timerCatch] = await s.activity(bySignal.id, 'Catch_Timer');
    expect(timerCatch).toBeUndefined(); // never entered: the gateway only armed it
  });
});
