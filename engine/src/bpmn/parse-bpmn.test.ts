import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { BpmnParseError, parseBpmn } from './parse-bpmn.js';

const fixture = readFileSync(new URL('./fixtures/skeleton-like.bpmn', import.meta.url), 'utf8');

const wrap = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
  ${extra}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

async function problemsOf(xml: string): Promise<string[]> {
  try {
    await parseBpmn('test.bpmn', xml);
  } catch (err) {
    if (err instanceof BpmnParseError) return err.problems.map((p) => p.message);
    throw err;
  }
  return [];
}

describe('BPMN parsing into executable models', () => {
  it('builds the model of executable processes only', async () => {
    const models = await parseBpmn('skeleton-like.bpmn', fixture);
    expect(models.map((m) => m.key)).toEqual(['skeleton-like']);
    const m = models[0]!;
    expect(m).toMatchObject({
      name: 'Cấp chứng chỉ',
      versionTag: 'v1',
      historyTimeToLive: 180,
      initialId: 'StartEvent_Submitted',
    });
    expect(m.nodes.get('ServiceTask_Receive')).toMatchObject({
      kind: 'externalTask',
      activityType: 'serviceTask',
      externalTask: { topic: 'dossier.receive', priority: '10' },
      outgoing: ['Flow_2'],
    });
    expect(m.nodes.get('BoundaryEvent_Rejected')).toMatchObject({
      kind: 'errorBoundaryEvent',
      errorBoundary: { attachedTo: 'ServiceTask_Receive', errorCode: 'DOSSIER_REJECTED' },
    });
    expect(m.boundaryEvents.get('ServiceTask_Receive')).toEqual(['BoundaryEvent_Rejected']);
    expect(m.nodes.get('UserTask_Check')?.userTask).toMatchObject({
      candidateGroups: 'mot-cua',
      formRef: 'check',
      formRefBinding: 'latest',
    });
    expect(m.nodes.get('Gateway_Complete')).toMatchObject({
      kind: 'exclusiveGateway',
      defaultFlow: 'Flow_No',
      outgoing: ['Flow_Yes', 'Flow_No'],
    });
    expect(m.flows.get('Flow_Yes')?.condition).toBe('${complete}');
    expect(m.nodes.get('EndEvent_Done')?.activityType).toBe('noneEndEvent');
  });

  it.each<[string, string, RegExp]>([
    [
      'a timer without a time',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" /><bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
      /Timer event 't' needs exactly one of timeDate, timeDuration or timeCycle/,
    ],
    [
      'a script task',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:scriptTask id="x" />',
      /Element 'x' is a script task: scripts are not run by this engine/,
    ],
    [
      'a Java service task',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:serviceTask id="x" camunda:class="a.B" />',
      /'x' \(bpmn:ServiceTask\) uses camunda:class \(a Java class\), which this engine does not run/,
    ],
    [
      'an external task without topic',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:serviceTask id="x" camunda:type="external" />',
      /External task 'x' has no camunda:topic/,
    ],
    [
      'a cron year',
      '<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 8 * * ? 2030</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
      /Cron expression contains 7 parts but we expect one of \[6\]/,
    ],
    [
      'a listener',
      '<bpmn:startEvent id="s"><bpmn:extensionElements><camunda:executionListener event="start" class="a.B" /></bpmn:extensionElements></bpmn:startEvent>',
      /an execution listener with camunda:class is not run by this engine; only expression listeners are/,
    ],
    [
      'a message start event without a message',
      '<bpmn:startEvent id="s"><bpmn:messageEventDefinition /></bpmn:startEvent>',
      /Element 's' waits for a message but references no bpmn:message with a name/,
    ],
    [
      'a complex gateway',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="g" /><bpmn:complexGateway id="g" />',
      /Element 'g' of type bpmn:ComplexGateway is not supported/,
    ],
    [
      'a timer boundary event',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:userTask id="x" /><bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>',
      /Timer event 'b' needs exactly one of timeDate, timeDuration or timeCycle/,
    ],
    [
      'an error boundary on a receive task',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:receiveTask id="x" /><bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>',
      /error boundary events are supported on external tasks, user tasks, subprocesses and call activities only/,
    ],
    ['no start event', '<bpmn:userTask id="x" />', /has no none start event/],
    ['two start events', '<bpmn:startEvent id="s1" /><bpmn:startEvent id="s2" />', /has 2 none start events/],
    [
      'a timer boundary on a gateway',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:exclusiveGateway id="x" /><bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
      /timer and message boundary events are supported on user, external and receive tasks/,
    ],
    [
      'a bad duration',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>5 minutes</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
      /timeDuration '5 minutes' is not an ISO 8601 duration/,
    ],
    [
      'a script condition',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"><bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression" language="javascript">true</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:endEvent id="e" />',
      /condition language 'javascript' is not supported/,
    ],
    [
      'a bad expression',
      '<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" /><bpmn:userTask id="x" camunda:assignee="${a +}" />',
      /Invalid camunda:assignee on 'x'/,
    ],
    [
      'a dangling element',
      '<bpmn:startEvent id="s" /><bpmn:userTask id="x" />',
      /'x' has no incoming sequence flow/,
    ],
  ])('refuses %s, naming it', async (_what, body, expected) => {
    const problems = await problemsOf(wrap(body));
    expect(problems.join('\n')).toMatch(expected);
  });

  it('refuses unparsable XML and a non-BPMN root', async () => {
    await expect(
      parseBpmn(
        'x.bpmn',
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process',
      ),
    ).rejects.toThrow(BpmnParseError);
    await expect(parseBpmn('x.bpmn', '<html></html>')).rejects.toThrow(BpmnParseError);
  });

  it('does not resolve external entities', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"><bpmn:process id="p" name="&x;" isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process></bpmn:definitions>`;
    const models = await parseBpmn('xxe.bpmn', xxe).catch(() => []);
    for (const m of models) expect(m.name ?? '').not.toContain('root:');
  });
  it('reads Operaton-namespaced extensions as Camunda ones', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:operaton="http://operaton.org/schema/1.0/bpmn" id="D" targetNamespace="t">
      <bpmn:process id="op" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" />
      <bpmn:serviceTask id="x" operaton:type="external" operaton:topic="op.topic" /><bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="u" />
      <bpmn:userTask id="u" operaton:candidateGroups="mot-cua" /></bpmn:process></bpmn:definitions>`;
    const [m] = await parseBpmn('op.bpmn', xml);
    expect(m!.nodes.get('x')?.externalTask?.topic).toBe('op.topic');
    expect(m!.nodes.get('u')?.userTask?.candidateGroups).toBe('mot-cua');
  });
});
