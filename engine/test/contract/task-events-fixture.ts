/** A review task an officer can send back (BPMN error) or escalate (non-interrupting), for the contract suite. */
export const TASK_EVENTS_KEY = 'contract-task-events';

export const taskEventsProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_task_events" targetNamespace="http://motcua.test">
  <bpmn:error id="Error_Incomplete" errorCode="INCOMPLETE" />
  <bpmn:escalation id="Escalation_Head" escalationCode="HEAD" />
  <bpmn:process id="${TASK_EVENTS_KEY}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="UserTask_Appraise" />
    <bpmn:userTask id="UserTask_Appraise" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="UserTask_Appraise" targetRef="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_1" />
    <bpmn:boundaryEvent id="BoundaryEvent_SendBack" attachedToRef="UserTask_Appraise">
      <bpmn:errorEventDefinition errorRef="Error_Incomplete" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="BoundaryEvent_SendBack" targetRef="UserTask_Supplement" />
    <bpmn:userTask id="UserTask_Supplement" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="UserTask_Supplement" targetRef="EndEvent_2" />
    <bpmn:endEvent id="EndEvent_2" />
    <bpmn:boundaryEvent id="BoundaryEvent_ToHead" attachedToRef="UserTask_Appraise" cancelActivity="false">
      <bpmn:escalationEventDefinition escalationRef="Escalation_Head" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_5" sourceRef="BoundaryEvent_ToHead" targetRef="UserTask_HeadReview" />
    <bpmn:userTask id="UserTask_HeadReview" />
    <bpmn:sequenceFlow id="Flow_6" sourceRef="UserTask_HeadReview" targetRef="EndEvent_3" />
    <bpmn:endEvent id="EndEvent_3" />
  </bpmn:process>
</bpmn:definitions>`;

/** A timer whose run fails (its gateway's conditions name a variable nobody set): a job log with a failure. */
export const FAILING_TIMER_KEY = 'contract-failing-timer';

export const failingTimerProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs_failing_timer" targetNamespace="http://motcua.test">
  <bpmn:process id="${FAILING_TIMER_KEY}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="TimerEvent_Wait" />
    <bpmn:intermediateCatchEvent id="TimerEvent_Wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="TimerEvent_Wait" targetRef="Gateway_Check" />
    <bpmn:exclusiveGateway id="Gateway_Check" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_Check" targetRef="EndEvent_1">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${missingVariable &gt; 1}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_Check" targetRef="EndEvent_2">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${missingVariable &lt; 1}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_2" />
  </bpmn:process>
</bpmn:definitions>`;

/** Started by `POST /condition` when `contractLevel > 5`. */
export const CONDITIONAL_KEY = 'contract-conditional-start';

export const conditionalStartProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs_conditional_start" targetNamespace="http://motcua.test">
  <bpmn:process id="${CONDITIONAL_KEY}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_Condition">
      <bpmn:conditionalEventDefinition>
        <bpmn:condition xsi:type="bpmn:tFormalExpression">\${contractLevel &gt; 5}</bpmn:condition>
      </bpmn:conditionalEventDefinition>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Condition" targetRef="UserTask_Review" />
    <bpmn:userTask id="UserTask_Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="UserTask_Review" targetRef="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

/** Two decisions in one file: a decision requirements definition (DRD) `Defs_contract_drd`. */
export const DRD_KEY = 'Defs_contract_drd';

export const drdDecisions = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${DRD_KEY}" name="Phí và miễn giảm" namespace="http://motcua.test/drd">
  <decision id="contract-drd-fee" name="Phí">
    <informationRequirement id="InformationRequirement_1"><requiredDecision href="#contract-drd-base" /></informationRequirement>
    <decisionTable id="DecisionTable_Fee" hitPolicy="FIRST">
      <input id="Input_Base" label="Mức cơ sở"><inputExpression id="InputExpression_Base" typeRef="integer"><text>base</text></inputExpression></input>
      <output id="Output_Fee" name="fee" typeRef="integer" />
      <rule id="Rule_Fee"><inputEntry id="UnaryTests_Any"><text>-</text></inputEntry><outputEntry id="LiteralExpression_Fee"><text>base * 2</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="contract-drd-base" name="Mức cơ sở">
    <decisionTable id="DecisionTable_Base">
      <input id="Input_Category" label="Loại"><inputExpression id="InputExpression_Category" typeRef="string"><text>category</text></inputExpression></input>
      <output id="Output_Base" name="base" typeRef="integer" />
      <rule id="Rule_Base"><inputEntry id="UnaryTests_Category"><text>-</text></inputEntry><outputEntry id="LiteralExpression_Base"><text>100</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
