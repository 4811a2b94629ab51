import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { UserInputError } from '@motcua/domain';

/**
 * Parses BPMN 2.0 XML on the server with bpmn-moddle and the Camunda 7 descriptor (so `camunda:`
 * attributes are read), after the size and entity guards. The moddle tree is kept loosely typed:
 * callers read what they need with `get()` and `$type`.
 */
export interface ModdleNode {
  $type: string;
  id?: string;
  name?: string;
  get(name: string): unknown;
  [key: string]: unknown;
}

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

/** Largest BPMN file the studio accepts (the generated procedures are under 40 KB). */
export const MAX_BPMN_BYTES = 2 * 1024 * 1024;
/** Largest DMN file. */
export const MAX_DMN_BYTES = 1024 * 1024;
/** Largest form-js schema (as JSON text) and number of forms per procedure. */
export const MAX_FORM_BYTES = 256 * 1024;
export const MAX_FORMS = 40;

/** A file the studio refuses, with the Vietnamese reason shown to the designer. */
export class StudioInputError extends UserInputError {}

/**
 * Refuses XML that is too large or declares a DOCTYPE (and with it any entity, internal or
 * external): BPMN and DMN never need one, and refusing it closes XXE and entity expansion before
 * any parser sees the text.
 */
export function guardXml(xml: string, what: 'BPMN' | 'DMN', maxBytes: number): void {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes)
    throw new StudioInputError(
      `Tệp ${what} quá lớn (tối đa ${Math.round(maxBytes / 1024)} KB). Không có gì bị mất: bản nháp vẫn giữ nguyên.`,
    );
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new StudioInputError(
      `Tệp ${what} có khai báo DOCTYPE/ENTITY, không được chấp nhận vì lý do an toàn.`,
    );
}

/** Guards, then parses; a file bpmn-moddle cannot read gets a Vietnamese message. */
export async function parseBpmn(xml: string): Promise<ModdleNode> {
  guardXml(xml, 'BPMN', MAX_BPMN_BYTES);
  const moddle = new BpmnModdle({ camunda });
  try {
    const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
    return rootElement;
  } catch (err) {
    throw new StudioInputError(
      `Tệp BPMN không đọc được: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
}

/** Every flow element of the definitions' processes, sub-processes included. */
export function flowElements(definitions: ModdleNode): ModdleNode[] {
  const out: ModdleNode[] = [];
  const walk = (container: ModdleNode) => {
    for (const el of (container.get('flowElements') as ModdleNode[] | undefined) ?? []) {
      out.push(el);
      if (el.get('flowElements')) walk(el);
    }
  };
  for (const root of (definitions.get('rootElements') as ModdleNode[]) ?? [])
    if (root.$type === 'bpmn:Process') walk(root);
  return out;
}

/** The processes of the definitions. */
export function processesOf(definitions: ModdleNode): ModdleNode[] {
  return ((definitions.get('rootElements') as ModdleNode[]) ?? []).filter((r) => r.$type === 'bpmn:Process');
}
