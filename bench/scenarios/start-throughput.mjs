// Scenario (b) of issue 15: process starts alone — `concurrency` clients start instances of a
// process that waits at its first user task, as fast as the engine answers.
import { performance } from 'node:perf_hooks';
import { deploy, pool, timedRest } from './timed-rest.mjs';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_BenchIntake" targetNamespace="http://motcua.vn/bench">
  <bpmn:process id="bench-intake" isExecutable="true">
    <bpmn:startEvent id="Submitted"><bpmn:outgoing>To_Intake</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="To_Intake" sourceRef="Submitted" targetRef="Intake" />
    <bpmn:userTask id="Intake" name="Tiếp nhận" camunda:candidateGroups="mot-cua">
      <bpmn:incoming>To_Intake</bpmn:incoming><bpmn:outgoing>To_End</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="To_End" sourceRef="Intake" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>To_End</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

export const deployIntake = (engineUrl) => deploy(engineUrl, 'bench-intake', BPMN);

/** Starts `starts` instances; resolves with starts per second and the start timings. */
export async function startRound({ engineUrl, starts, concurrency, round }) {
  const stats = {};
  const rest = timedRest(engineUrl, stats);
  const t0 = performance.now();
  await pool(starts, concurrency, (i) =>
    rest.post('start', '/process-definition/key/bench-intake/start', {
      businessKey: `${round}-intake-${i}`,
      variables: { applicant: { value: `Trần Thị ${i}`, type: 'String' } },
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { startsPerSecond: starts / seconds, seconds, stats };
}
