/**
 * Conformance — task-local variables (issue 11): a variable set with a task's local-variables API
 * stays on the task — never in its process instance's variables —, is listed with its task id,
 * is what the task's variables API updates under that name, and goes when the task ends (history
 * keeps it with its task id). REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { models, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

const str = (value: string) => ({ value, type: 'String' });

describe.each(targets)('task-local variables against $name', (target) => {
  const s = useTarget(target, 'conf-taskvars', () => models('confTaskVars'));
  const names = (body: Record<string, unknown>) => Object.keys(body).sort();

  it('stay on the task, are read and updated through it, and end with it', async () => {
    const pi = (await s.start('confTaskVarsWait', { dossierCode: str('HS-1') })).id;
    const task = await s.task(pi, 'Task_Review');
    const local = await s.api.post(`/task/${task.id}/localVariables`, {
      modifications: { note: str('thiếu bản sao'), flag: { value: true, type: 'Boolean' } },
    });
    expect(local.status).toBe(204);

    expect(names(await s.api.ok(s.api.get(`/process-instance/${pi}/variables`)))).toEqual(['dossierCode']);
    expect(names(await s.api.ok(s.api.get(`/execution/${pi}/localVariables`)))).toEqual(['dossierCode']);
    expect(names(await s.api.ok(s.api.get(`/task/${task.id}/localVariables`)))).toEqual(['flag', 'note']);
    expect(names(await s.api.ok(s.api.get(`/task/${task.id}/variables`)))).toEqual([
      'dossierCode',
      'flag',
      'note',
    ]);
    const [row] = await s.api.ok(s.api.get(`/variable-instance?processInstanceIdIn=${pi}&variableName=note`));
    expect(row).toMatchObject({ name: 'note', taskId: task.id, value: 'thiếu bản sao' });

    // The task's (non-local) API changes the task's own variable of that name, not the instance's.
    expect((await s.api.put(`/task/${task.id}/variables/note`, str('đủ'))).status).toBe(204);
    expect(await s.api.ok(s.api.get(`/task/${task.id}/localVariables/note`))).toMatchObject({ value: 'đủ' });
    expect(names(await s.api.ok(s.api.get(`/process-instance/${pi}/variables`)))).toEqual(['dossierCode']);
    // …and a new name through it goes to the instance.
    expect((await s.api.put(`/task/${task.id}/variables/checkedBy`, str('canbo'))).status).toBe(204);
    expect(names(await s.api.ok(s.api.get(`/process-instance/${pi}/variables`)))).toEqual([
      'checkedBy',
      'dossierCode',
    ]);

    expect((await s.api.call('DELETE', `/task/${task.id}/localVariables/flag`)).status).toBe(204);
    expect(names(await s.api.ok(s.api.get(`/task/${task.id}/localVariables`)))).toEqual(['note']);

    await s.completeTask(pi, 'Task_Review');
    expect(names(await s.api.ok(s.api.get(`/process-instance/${pi}/variables`)))).toEqual([
      'checkedBy',
      'dossierCode',
    ]);
    const next = await s.task(pi, 'Task_Done');
    expect(await s.api.ok(s.api.get(`/task/${next.id}/localVariables`))).toEqual({});
    const [historic] = await s.api.ok(
      s.api.get(`/history/variable-instance?processInstanceId=${pi}&variableName=note`),
    );
    expect(historic).toMatchObject({ name: 'note', taskId: task.id, value: 'đủ' });
  });
});
