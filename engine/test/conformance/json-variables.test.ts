/**
 * Conformance — Json variables (issue 11): a `Json` variable sent through REST is kept as sent,
 * read back with `deserializeValue(s)=false` as the same text, listed by the variable-instance and
 * history queries with its type, replaced through REST, passed on task completion, and read in
 * expressions with `S(…)`. Checked against Camunda 7.24 with Spin JSON, the reference that has a
 * JSON dataformat (tools/operaton's Operaton 1.0.3 build has none, so the file is skipped there).
 * REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { models, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

const json = (value: unknown) => ({ value: JSON.stringify(value), type: 'Json' });

describe.each(targets)('Json variables against $name', (target) => {
  const s = useTarget(target, 'conf-json', () => models('confJson'));
  const dossier = { fee: 150, name: 'Trần Thị Lan', files: ['đơn.pdf', 'cccd.pdf'], extra: { note: null } };

  it('kept as sent: read back as text, listed with type Json by the runtime and history queries', async () => {
    if (s.operaton) return; // KNOWN_DIFFERENCE (of the reference build): no Spin JSON dataformat
    const pi = (await s.start('confJsonWait', { dossier: json(dossier) })).id;
    const raw = await s.api.ok(s.api.get(`/process-instance/${pi}/variables/dossier?deserializeValue=false`));
    expect(raw).toEqual({ type: 'Json', value: JSON.stringify(dossier), valueInfo: {} });
    const all = await s.api.ok(s.api.get(`/process-instance/${pi}/variables?deserializeValues=false`));
    expect(all.dossier).toEqual(raw);

    const [instance] = await s.api.ok(
      s.api.get(`/variable-instance?processInstanceIdIn=${pi}&variableName=dossier&deserializeValues=false`),
    );
    expect(instance).toMatchObject({ name: 'dossier', type: 'Json', value: JSON.stringify(dossier) });
    const [historic] = await s.api.ok(
      s.api.get(
        `/history/variable-instance?processInstanceId=${pi}&variableName=dossier&deserializeValues=false`,
      ),
    );
    expect(historic).toMatchObject({ name: 'dossier', type: 'Json', value: JSON.stringify(dossier) });

    // Deserialized (the default), Camunda answers the Jackson bean of its JSON node — flags that
    // carry none of the data; ours answers the text. Clients read Json with deserializeValue=false.
    const deserialized = await s.api.ok(s.api.get(`/process-instance/${pi}/variables/dossier`));
    expect(deserialized.type).toBe('Json');
    if (s.reference) expect(deserialized.value).toMatchObject({ nodeType: 'OBJECT', object: true });
    else expect(deserialized.value).toBe(JSON.stringify(dossier));
  });

  it('replaced through REST, passed on completion, read with S(…) in the next step', async () => {
    if (s.operaton) return; // KNOWN_DIFFERENCE (of the reference build): no Spin JSON dataformat
    const pi = (await s.start('confJsonWait', { dossier: json(dossier) })).id;
    const put = await s.api.put(`/process-instance/${pi}/variables/dossier`, json({ ...dossier, fee: 200 }));
    expect(put.status).toBe(204);
    await s.completeTask(pi, 'Task_Review', { checked: json([1, 2, { a: null }]) });
    expect(await s.tasks(pi)).toEqual(['Task_Done']);
    const vars = await s.api.ok(s.api.get(`/process-instance/${pi}/variables?deserializeValues=false`));
    expect(vars.approvedFee).toEqual({ type: 'Integer', value: 200, valueInfo: {} });
    expect(vars.checked).toEqual({ type: 'Json', value: '[1,2,{"a":null}]', valueInfo: {} });
    expect(vars.summary.type).toBe('String');
    expect(JSON.parse(vars.summary.value)).toEqual({ ...dossier, fee: 200 });
  });
});
