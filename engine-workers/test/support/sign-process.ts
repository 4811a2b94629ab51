/** A process that only signs the result, returns it and waits (the signing suites' fixture). */
export const SIGN_RESULT_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Sign" targetNamespace="test">
  <bpmn:process id="test-sign-result" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="ServiceTask_SignResult" camunda:type="external" camunda:topic="signing.sign-result"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:serviceTask id="ServiceTask_ReturnResult" camunda:type="external" camunda:topic="dossier.return-result"><bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:userTask id="UserTask_Download"><bpmn:incoming>Flow_3</bpmn:incoming><bpmn:outgoing>Flow_4</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="ServiceTask_SignResult" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="ServiceTask_SignResult" targetRef="ServiceTask_ReturnResult" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="ServiceTask_ReturnResult" targetRef="UserTask_Download" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="UserTask_Download" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;
