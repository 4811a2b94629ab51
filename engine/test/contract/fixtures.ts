/** The processes and forms the contract suite deploys: a user task with a deployed form, then a worker step. */
export const CONTRACT_KEY = 'contract-review';

export const REVIEW_FORM = JSON.stringify({
  id: 'Form_ContractReview',
  type: 'default',
  schemaVersion: 16,
  components: [
    { id: 'Field_Approved', key: 'approved', label: 'Đồng ý', type: 'checkbox' },
    { id: 'Field_Note', key: 'note', label: 'Ghi chú', type: 'textfield' },
  ],
});

export const START_FORM = JSON.stringify({
  id: 'Form_ContractStart',
  type: 'default',
  schemaVersion: 16,
  components: [{ id: 'Field_Applicant', key: 'applicant', label: 'Người nộp', type: 'textfield' }],
});

export function reviewProcess(name = 'Contract review'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs_contract" targetNamespace="http://motcua.test">
  <bpmn:error id="Error_Rejected" name="Rejected" errorCode="REJECTED" />
  <bpmn:process id="${CONTRACT_KEY}" name="${name}" isExecutable="true" camunda:versionTag="v1" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="StartEvent_Submitted" camunda:formRef="Form_ContractStart" camunda:formRefBinding="latest" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Submitted" targetRef="UserTask_Review" />
    <bpmn:userTask id="UserTask_Review" name="Xem xét hồ sơ" camunda:candidateGroups="reviewers" camunda:formRef="Form_ContractReview" camunda:formRefBinding="latest" camunda:dueDate="P10D" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="UserTask_Review" targetRef="ServiceTask_Notify" />
    <bpmn:serviceTask id="ServiceTask_Notify" name="Thông báo" camunda:type="external" camunda:topic="contract.notify" />
    <bpmn:boundaryEvent id="BoundaryEvent_Rejected" attachedToRef="ServiceTask_Notify">
      <bpmn:errorEventDefinition errorRef="Error_Rejected" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="ServiceTask_Notify" targetRef="EndEvent_Done" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="BoundaryEvent_Rejected" targetRef="EndEvent_Rejected" />
    <bpmn:endEvent id="EndEvent_Done" />
    <bpmn:endEvent id="EndEvent_Rejected" />
  </bpmn:process>
</bpmn:definitions>`;
}

export const MESSAGE_KEY = 'contract-message';

export const messageProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_msg" targetNamespace="http://motcua.test">
  <bpmn:message id="Message_Paid" name="fee-paid" />
  <bpmn:process id="${MESSAGE_KEY}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="ReceiveTask_Paid" />
    <bpmn:receiveTask id="ReceiveTask_Paid" messageRef="Message_Paid" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="ReceiveTask_Paid" targetRef="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

export const TIMER_KEY = 'contract-timer';

/** A process waiting one hour on a timer: its job is what the /job endpoints see. */
export const timerProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs_timer" targetNamespace="http://motcua.test">
  <bpmn:process id="${TIMER_KEY}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="TimerEvent_Wait" />
    <bpmn:intermediateCatchEvent id="TimerEvent_Wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="TimerEvent_Wait" targetRef="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

export const DECISION_KEY = 'contract-fee';

/** A one-rule-per-category fee table (FEEL unary tests), deployed beside the processes. */
export const feeDecision = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs_fee" name="Lệ phí" namespace="http://motcua.test">
  <decision id="${DECISION_KEY}" name="Lệ phí thẩm định">
    <decisionTable id="DecisionTable_Fee" hitPolicy="UNIQUE">
      <input id="Input_Category" label="Loại hồ sơ">
        <inputExpression id="InputExpression_Category" typeRef="string"><text>category</text></inputExpression>
      </input>
      <output id="Output_Fee" label="Lệ phí" name="fee" typeRef="integer" />
      <rule id="Rule_New">
        <inputEntry id="UnaryTests_New"><text>"new"</text></inputEntry>
        <outputEntry id="LiteralExpression_New"><text>150000</text></outputEntry>
      </rule>
      <rule id="Rule_Renewal">
        <inputEntry id="UnaryTests_Renewal"><text>"renewal"</text></inputEntry>
        <outputEntry id="LiteralExpression_Renewal"><text>75000</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>`;

export const CALLER_KEY = 'contract-caller';

/** Calls the timer process by its key: what `…/static-called-process-definitions` reports. */
export const callerProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_caller" targetNamespace="http://motcua.test">
  <bpmn:process id="${CALLER_KEY}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="CallActivity_Wait" />
    <bpmn:callActivity id="CallActivity_Wait" calledElement="${TIMER_KEY}" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="CallActivity_Wait" targetRef="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;
