import { layoutGraph } from './layout.js';
import { eventSubProcessFlowId, pascalCase, type ProcessGraph } from './process-graph.js';
import { storedName, xmlAttrs, xmlEscape } from './xml.js';

export interface BpmnDocumentInfo {
  key: string;
  name: string;
  /** A comment at the top: what the procedure is and where its facts come from. */
  comment: string;
}

const BPMN_NAMESPACES = {
  'xmlns:bpmn': 'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'xmlns:bpmndi': 'http://www.omg.org/spec/BPMN/20100524/DI',
  'xmlns:dc': 'http://www.omg.org/spec/DD/20100524/DC',
  'xmlns:di': 'http://www.omg.org/spec/DD/20100524/DI',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  'xmlns:camunda': 'http://camunda.org/schema/1.0/bpmn',
};

/** Writes the graph as a BPMN 2.0 document with Camunda 7 extensions and its diagram. */
export function writeBpmn(graph: ProcessGraph, info: BpmnDocumentInfo): string {
  const id = pascalCase(info.key);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!--\n${info.comment.replace(/--/g, '—')}\n-->`,
  ];
  out.push(
    `<bpmn:definitions${xmlAttrs({
      ...BPMN_NAMESPACES,
      id: `Definitions_${id}`,
      targetNamespace: 'https://motcua.gov.vn/bpmn/most',
      exporter: 'motcua generator',
      exporterVersion: '0.1.0',
    })}>`,
  );
  const messages = [...graph.messages, ...graph.eventSubProcesses.map((sp) => sp.message)];
  for (const m of messages) out.push(`  <bpmn:message${xmlAttrs({ id: m.id, name: m.name })} />`);
  for (const e of graph.errors)
    out.push(`  <bpmn:error${xmlAttrs({ id: e.id, name: e.name, errorCode: e.errorCode })} />`);
  out.push(
    `  <bpmn:process${xmlAttrs({ id: info.key, name: storedName(info.name), isExecutable: 'true', 'camunda:historyTimeToLive': 'P3650D' })}>`,
  );
  for (const n of graph.nodes) {
    const attrs: Record<string, string | undefined> = { id: n.id, name: n.name || undefined };
    if (n.attachedTo) {
      attrs.attachedToRef = n.attachedTo;
      if (n.cancelActivity === false) attrs.cancelActivity = 'false';
    }
    const dflt = graph.defaults.get(n.id);
    if (dflt) attrs.default = dflt;
    out.push(`    <bpmn:${n.kind}${xmlAttrs({ ...attrs, ...n.attrs })}>`);
    if (n.extensions) out.push(`      <bpmn:extensionElements>${n.extensions}</bpmn:extensionElements>`);
    for (const f of graph.flows)
      if (f.target === n.id) out.push(`      <bpmn:incoming>${f.id}</bpmn:incoming>`);
    for (const f of graph.flows)
      if (f.source === n.id) out.push(`      <bpmn:outgoing>${f.id}</bpmn:outgoing>`);
    if (n.inner) out.push(`      ${n.inner}`);
    out.push(`    </bpmn:${n.kind}>`);
  }
  for (const f of graph.flows) {
    const attrs = xmlAttrs({ id: f.id, name: f.name, sourceRef: f.source, targetRef: f.target });
    if (!f.condition) out.push(`    <bpmn:sequenceFlow${attrs} />`);
    else
      out.push(
        `    <bpmn:sequenceFlow${attrs}>`,
        `      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${xmlEscape(f.condition)}</bpmn:conditionExpression>`,
        '    </bpmn:sequenceFlow>',
      );
  }
  for (const sp of graph.eventSubProcesses) {
    const flow = eventSubProcessFlowId(sp);
    out.push(
      `    <bpmn:subProcess${xmlAttrs({ id: sp.id, name: sp.name, triggeredByEvent: 'true' })}>`,
      `      <bpmn:startEvent${xmlAttrs({ id: sp.start.id, name: sp.start.name })}>`,
      `        <bpmn:outgoing>${flow}</bpmn:outgoing>`,
      `        <bpmn:messageEventDefinition id="MessageEventDefinition_${pascalCase(sp.message.name)}" messageRef="${sp.message.id}" />`,
      '      </bpmn:startEvent>',
      `      <bpmn:endEvent${xmlAttrs({ id: sp.end.id, name: sp.end.name })}>`,
      `        <bpmn:incoming>${flow}</bpmn:incoming>`,
      '      </bpmn:endEvent>',
      `      <bpmn:sequenceFlow id="${flow}" sourceRef="${sp.start.id}" targetRef="${sp.end.id}" />`,
      '    </bpmn:subProcess>',
    );
  }
  out.push('  </bpmn:process>');

  const layout = layoutGraph(graph);
  out.push(`  <bpmndi:BPMNDiagram id="BPMNDiagram_${id}">`);
  out.push(`    <bpmndi:BPMNPlane id="BPMNPlane_${id}" bpmnElement="${info.key}">`);
  for (const n of graph.nodes) {
    const b = layout.shapes.get(n.id)!;
    const marker = n.kind === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
    out.push(
      `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${marker}>`,
      `        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" />`,
      '      </bpmndi:BPMNShape>',
    );
  }
  for (const sp of graph.eventSubProcesses) {
    for (const [id, expanded] of [
      [sp.id, true],
      [sp.start.id, false],
      [sp.end.id, false],
    ] as const) {
      const b = layout.shapes.get(id)!;
      out.push(
        `      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${expanded ? ' isExpanded="true"' : ''}>`,
        `        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" />`,
        '      </bpmndi:BPMNShape>',
      );
    }
  }
  const flowIds = [...graph.flows.map((f) => f.id), ...graph.eventSubProcesses.map(eventSubProcessFlowId)];
  for (const id of flowIds) {
    out.push(`      <bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">`);
    for (const p of layout.edges.get(id)!) out.push(`        <di:waypoint x="${p.x}" y="${p.y}" />`);
    out.push('      </bpmndi:BPMNEdge>');
  }
  out.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>', '</bpmn:definitions>', '');
  return out.join('\n');
}
