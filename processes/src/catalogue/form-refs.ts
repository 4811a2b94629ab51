/**
 * Reads the `camunda:formRef` of the start event and of each user task from a BPMN file. The
 * catalogue does this at load time without a full BPMN parser (the engine owns parsing); the
 * processes tests cross-check the result against bpmn-moddle.
 */
export interface FormRefs {
  startFormId: string | null;
  /** taskDefinitionKey (user task id) → form id. */
  taskForms: Record<string, string>;
}

const ELEMENT = /<(?:[A-Za-z][\w-]*:)?(startEvent|userTask)\b([^>]*)>/g;

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*"([^"]*)"`).exec(attrs);
  return m?.[1];
}

export function readFormRefs(bpmnXml: string): FormRefs {
  const refs: FormRefs = { startFormId: null, taskForms: {} };
  for (const m of bpmnXml.matchAll(ELEMENT)) {
    const [, kind, attrs = ''] = m;
    const formRef = attribute(attrs, 'camunda:formRef');
    const id = attribute(attrs, 'id');
    if (!formRef) continue;
    if (kind === 'startEvent') refs.startFormId = formRef;
    else if (id) refs.taskForms[id] = formRef;
  }
  return refs;
}
