/**
 * The portal renders and validates the forms the engine deployed, not the catalogue files (issue 9,
 * "Forms"): a version 2 of procedure 1.009846 deployed through the engine's REST API — as the
 * designer studio will — with a new required field on the application form and on the completeness
 * check's form shows to applicants and to the desk at once, without a restart, and is validated on
 * the server (missing → the Vietnamese message, nothing started); the new application starts
 * version 2; a task of an instance started on version 1 still renders and validates version 1's form.
 * Real engine, workers and portal on SQLite and MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { FORM_MESSAGES } from '@motcua/forms';
import { loadPublishedCatalogue, type PublishedEntry } from '@motcua/processes';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn } from './support/stack-calls.js';

const dialects = await testDatabases();
jest.setTimeout(180_000);

const APPLY = `/thu-tuc/${PROCEDURE_KEY}`;
const NEW_FIELD = 'employerTaxCode';
const NEW_TASK_FIELD = 'receiptRegisterNo';

interface Definition {
  id: string;
  version: number;
}

/** The skeleton procedure's files with a required field added to two of its forms. */
function version2Files(entry: PublishedEntry): Array<{ name: string; content: string }> {
  const forms = structuredClone(entry.forms);
  const add = (formId: string, component: Record<string, unknown>) => {
    const form = forms[formId]!;
    form.components = [...form.components, component];
  };
  add(entry.startFormId, {
    type: 'textfield',
    id: 'Field_EmployerTaxCode',
    key: NEW_FIELD,
    label: 'Mã số thuế của cơ sở',
    validate: { required: true, maxLength: 14 },
  });
  add(entry.taskForms.UserTask_CheckCompleteness!, {
    type: 'textfield',
    id: 'Field_ReceiptRegisterNo',
    key: NEW_TASK_FIELD,
    label: 'Số vào sổ tiếp nhận',
    validate: { required: true },
  });
  return [
    { name: entry.bpmnFileName, content: entry.bpmnXml },
    ...Object.entries(forms).map(([id, schema]) => ({
      name: entry.formFileNames[id] ?? `${id}.form`,
      content: JSON.stringify(schema, null, 2),
    })),
  ];
}

describe.each(dialects)('deployed forms on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  const entry = loadPublishedCatalogue().find((e) => e.key === PROCEDURE_KEY)!;
  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);
  const instanceCount = async () =>
    (await engine<unknown[]>(`/process-instance?processDefinitionKey=${PROCEDURE_KEY}`)).length;
  const definitionOf = async (pi: string) =>
    (await engine<{ definitionId: string }>(`/process-instance/${pi}`)).definitionId;
  const apply = async (c: PortalClient, data: Record<string, unknown>) => {
    const page = await c.get(APPLY);
    expect(page.status).toBe(200);
    const documents = await documentsFor(c, PROCEDURE_KEY, page.text);
    return {
      page,
      res: await c.postJson(`${APPLY}/nop-ho-so`, { data, documents }, PortalClient.csrfIn(page.text)),
    };
  };
  /** Claims the task and opens its page (the form shows to the assignee). */
  const claimAndOpen = async (c: PortalClient, taskId: string) => {
    const before = await c.get(`/can-bo/cong-viec/${taskId}`);
    expect(before.status).toBe(200);
    const claim = await c.postForm(`/can-bo/cong-viec/${taskId}/nhan`, {
      _csrf: PortalClient.csrfIn(before.text),
    });
    expect(claim.status).toBe(302);
    return c.get(`/can-bo/cong-viec/${taskId}`);
  };
  const processOf = async (dossierId: string) =>
    (await engine<Array<{ id: string }>>(`/process-instance?businessKey=${dossierId}`))[0]!.id;

  beforeAll(async () => {
    stack = await startStack(factory, { catalogue: [entry] });
    url = stack.portal.url;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows and validates a newly deployed version at once; a version-1 task keeps version 1', async () => {
    const applicant = await signIn(url, 'congdan');
    const v1 = await engine<Definition>(`/process-definition/key/${PROCEDURE_KEY}`);
    expect(v1.version).toBe(1);

    // A dossier on version 1, waiting at the completeness check.
    const first = await apply(applicant, validApplication());
    expect(first.page.text).not.toContain(NEW_FIELD);
    expect(first.page.text).toContain('data-definition-version="1"');
    expect(first.res.status).toBe(201);
    const piV1 = await processOf(first.res.json<{ id: string }>().id);
    expect(await definitionOf(piV1)).toBe(v1.id);
    const taskV1 = await openTask(stack.engineUrl, piV1, 'UserTask_CheckCompleteness');

    // Version 2 through the engine REST API, as the designer studio deploys.
    const body = new FormData();
    body.set('deployment-name', PROCEDURE_KEY);
    body.set('deployment-source', 'test-designer');
    body.set('enable-duplicate-filtering', 'true');
    for (const f of version2Files(entry))
      body.append(f.name, new Blob([f.content], { type: 'application/octet-stream' }), f.name);
    const deployed = await fetch(`${stack.engineUrl}/deployment/create`, { method: 'POST', body });
    expect(deployed.status).toBe(200);
    const v2 = await engine<Definition>(`/process-definition/key/${PROCEDURE_KEY}`);
    expect(v2.version).toBe(2);

    // The applicant sees the new field at once (no restart)…
    const page = await applicant.get(APPLY);
    expect(page.text).toContain(`"key":"${NEW_FIELD}"`);
    expect(page.text).toContain('data-definition-version="2"');
    // …and the server validates it: missing → the Vietnamese message, nothing started.
    const before = await instanceCount();
    const missing = await applicant.postJson(
      `${APPLY}/nop-ho-so`,
      { data: validApplication(), documents: await documentsFor(applicant, PROCEDURE_KEY, page.text) },
      PortalClient.csrfIn(page.text),
    );
    expect(missing.status).toBe(400);
    expect(missing.json<{ errors: Array<{ field: string; message: string }> }>().errors).toEqual([
      expect.objectContaining({ field: NEW_FIELD, message: FORM_MESSAGES.required }),
    ]);
    expect(await instanceCount()).toBe(before);
    // With it, the application starts version 2, exactly the version whose form was validated.
    const second = await applicant.postJson(
      `${APPLY}/nop-ho-so`,
      {
        data: validApplication({ [NEW_FIELD]: '0101234567' }),
        documents: await documentsFor(applicant, PROCEDURE_KEY, page.text),
      },
      PortalClient.csrfIn(page.text),
    );
    expect(second.status).toBe(201);
    const piV2 = await processOf(second.json<{ id: string }>().id);
    expect(await definitionOf(piV2)).toBe(v2.id);

    // The desk's intake uses the same deployed form.
    const officer = await signIn(url, 'canbo');
    const desk = await officer.get(`/can-bo/tiep-nhan/${PROCEDURE_KEY}`);
    expect(desk.status).toBe(200);
    expect(desk.text).toContain(`"key":"${NEW_FIELD}"`);

    // The version-1 task renders version 1's form and validates against it: the new field is
    // unknown there; without it the task completes.
    const taskPage = await claimAndOpen(officer, taskV1.id);
    expect(taskPage.status).toBe(200);
    expect(taskPage.text).toContain('"key":"complete"');
    expect(taskPage.text).not.toContain(NEW_TASK_FIELD);
    const csrf = PortalClient.csrfIn(taskPage.text);
    const done = `/can-bo/cong-viec/${taskV1.id}/hoan-thanh`;
    const extra = await officer.postJson(
      done,
      { data: { complete: true, completenessNote: '', [NEW_TASK_FIELD]: 'TN-01' } },
      csrf,
    );
    expect(extra.status).toBe(400);
    expect(extra.json<{ errors: Array<{ field: string; message: string }> }>().errors).toEqual([
      expect.objectContaining({ field: NEW_TASK_FIELD, message: FORM_MESSAGES.unknownField }),
    ]);
    expect(
      (await officer.postJson(done, { data: { complete: true, completenessNote: '' } }, csrf)).status,
    ).toBe(200);

    // The version-2 task renders version 2's form and requires the new field.
    const taskV2 = await openTask(stack.engineUrl, piV2, 'UserTask_CheckCompleteness');
    const taskPage2 = await claimAndOpen(officer, taskV2.id);
    expect(taskPage2.text).toContain(`"key":"${NEW_TASK_FIELD}"`);
    const without = await officer.postJson(
      `/can-bo/cong-viec/${taskV2.id}/hoan-thanh`,
      { data: { complete: true, completenessNote: '' } },
      PortalClient.csrfIn(taskPage2.text),
    );
    expect(without.status).toBe(400);
    expect(without.json<{ errors: Array<{ field: string; message: string }> }>().errors).toEqual([
      expect.objectContaining({ field: NEW_TASK_FIELD, message: FORM_MESSAGES.required }),
    ]);
    // The engine still has it waiting (nothing completed).
    expect((await engine<unknown[]>(`/task?processInstanceId=${piV2}`)).length).toBe(1);

    // The applicant's dossier page labels the version-2 data with version 2's form.
    const mine = await applicant.get(`/ho-so/${second.json<{ id: string }>().id}`);
    expect(mine.text).toContain('Mã số thuế của cơ sở');
  });
});
