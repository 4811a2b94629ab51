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
