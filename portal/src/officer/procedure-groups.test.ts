import { describe, expect, it } from '@jest/globals';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { candidateGroupsByTask, groupsFor, mayAct } from './procedure-groups.js';

const bpmn = `<bpmn:process id="p">
  <bpmn:userTask id="UserTask_CheckCompleteness" name="Kiểm tra" camunda:candidateGroups="mot-cua" />
  <bpmn:userTask id="UserTask_AppraiseDossier" camunda:candidateGroups="chuyen-vien, tham-dinh" camunda:formRef="f">
  </bpmn:userTask>
  <bpmn:userTask id="UserTask_ApproveDossier" camunda:candidateGroups="lanh-dao"/>
  <bpmn:serviceTask id="ServiceTask_X" camunda:candidateGroups="not-a-user-task" />
</bpmn:process>`;
const entry = { bpmnXml: bpmn } as CatalogueEntry;

describe('procedure groups', () => {
  it('reads the candidate groups of the user tasks only', () => {
    expect(Object.fromEntries(candidateGroupsByTask(bpmn))).toEqual({
      UserTask_CheckCompleteness: ['mot-cua'],
      UserTask_AppraiseDossier: ['chuyen-vien', 'tham-dinh'],
      UserTask_ApproveDossier: ['lanh-dao'],
    });
  });

  it('gives the fee to the desk, the agency reply to the appraisal when there is no consultation step', () => {
    expect(groupsFor(entry, 'record-payment')).toEqual(['mot-cua']);
    expect(groupsFor(entry, 'record-agency-reply')).toEqual(['chuyen-vien', 'tham-dinh']);
    expect(groupsFor(entry, 'view').sort()).toEqual(['chuyen-vien', 'lanh-dao', 'mot-cua', 'tham-dinh']);
  });

  it('lets a user act only through one of those groups', () => {
    expect(mayAct(['lanh-dao'], entry, 'view')).toBe(true);
    expect(mayAct(['lanh-dao'], entry, 'record-payment')).toBe(false);
    expect(mayAct(['phong-khac'], entry, 'view')).toBe(false);
    expect(mayAct(['tham-dinh'], entry, 'record-agency-reply')).toBe(true);
  });
});
