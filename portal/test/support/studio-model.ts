/**
 * Edits of procedure 1.009846's model that a designer makes in the studio, as text, for the tests
 * that drive the studio's API without a browser: a user task inserted between the appraisal and
 * the leader's approval.
 */
export const NEW_TASK_ID = 'UserTask_ReviewLegalBasis';
export const NEW_TASK_NAME = 'Rà soát căn cứ pháp lý';

/** Inserts the new user task after the appraisal; `candidateGroups` null leaves it without one. */
export function withReviewTask(xml: string, options: { candidateGroups: string | null }): string {
  const groups = options.candidateGroups ? ` camunda:candidateGroups="${options.candidateGroups}"` : '';
  const task = `<bpmn:userTask id="${NEW_TASK_ID}" name="${NEW_TASK_NAME}"${groups}
      camunda:formRef="most-chung-chi-nhan-vien-buc-xa-appraise-dossier" camunda:formRefBinding="deployment">
      <bpmn:incoming>Flow_AppraiseToApprove</bpmn:incoming>
      <bpmn:outgoing>Flow_ReviewToApprove</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_ReviewToApprove" sourceRef="${NEW_TASK_ID}" targetRef="UserTask_ApproveDossier" />
    `;
  const out = xml
    .replace(
      '<bpmn:sequenceFlow id="Flow_AppraiseToApprove" sourceRef="UserTask_AppraiseDossier" targetRef="UserTask_ApproveDossier" />',
      `<bpmn:sequenceFlow id="Flow_AppraiseToApprove" sourceRef="UserTask_AppraiseDossier" targetRef="${NEW_TASK_ID}" />\n    ${task}`,
    )
    .replace(
      /(<bpmn:userTask id="UserTask_ApproveDossier"[\s\S]*?<bpmn:incoming>)Flow_AppraiseToApprove(<\/bpmn:incoming>)/,
      '$1Flow_ReviewToApprove$2',
    )
    .replace(
      '</bpmndi:BPMNPlane>',
      `<bpmndi:BPMNShape id="${NEW_TASK_ID}_di" bpmnElement="${NEW_TASK_ID}"><dc:Bounds x="760" y="280" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_ReviewToApprove_di" bpmnElement="Flow_ReviewToApprove"><di:waypoint x="860" y="320" /><di:waypoint x="890" y="320" /><di:waypoint x="890" y="240" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>`,
    );
  if (out === xml || !out.includes('Flow_ReviewToApprove</bpmn:incoming>'))
    throw new Error('the model of 1.009846 changed: update withReviewTask');
  return out;
}
