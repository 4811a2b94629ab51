/**
 * A real incident on a real dossier: an applicant submits a generated procedure, the steps are
 * decided through the engine, and the signing step fails because the stack has no signing key
 * (start the stack with `retry: { retries: 1 }` so the first failure is the incident).
 */
import { PortalClient } from './http-client.js';
import { engineJson, openTask, signIn, until } from './stack-calls.js';
import type { Stack } from './stack.js';

export const INCIDENT_PROCEDURE_KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
export const SIGN_STEP = 'ServiceTask_SignResult';

export interface DossierWithIncident {
  dossierId: string;
  processInstanceId: string;
  incidentId: string;
}

export async function dossierWithIncident(stack: Stack, applicant = 'congdan'): Promise<DossierWithIncident> {
  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);
  const c = await signIn(stack.portal.url, applicant);
  const page = await c.get(`/thu-tuc/${INCIDENT_PROCEDURE_KEY}`);
  const res = await c.postJson(
    `/thu-tuc/${INCIDENT_PROCEDURE_KEY}/nop-ho-so`,
    {
      data: {
        fullName: 'Hoàng Văn Thắng',
        citizenId: '001190054321',
        address: 'Số 2 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội',
        phone: '0912345679',
        email: 'thang.hoang@example.vn',
      },
    },
    PortalClient.csrfIn(page.text),
  );
  if (res.status !== 201) throw new Error(`submit → ${res.status} ${res.text}`);
  const { id } = res.json<{ id: string }>();
  const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
  const complete = async (key: string, variables: Record<string, unknown>) => {
    const task = await openTask(stack.engineUrl, pi!.id, key);
    await engine(`/task/${task.id}/complete`, { method: 'POST', body: JSON.stringify({ variables }) });
  };
  await complete('UserTask_CheckCompleteness', { complete: { value: true, type: 'Boolean' } });
  await complete('UserTask_AppraiseDossier', { recommendation: { value: 'approve', type: 'String' } });
  await complete('UserTask_ApproveDossier', { approved: { value: true, type: 'Boolean' } });
  const incident = await until('the signing incident', async () => {
    const [i] = await engine<Array<{ id: string; activityId: string }>>(
      `/incident?processInstanceId=${pi!.id}`,
    );
    return i;
  });
  return { dossierId: id, processInstanceId: pi!.id, incidentId: incident.id };
}
