/** The BPMN modeler of the studio: Camunda 7 properties panel, behaviours, minimap, token simulation. */
import * as ModelerModule from 'bpmn-js/lib/Modeler.js';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import MinimapModule from 'diagram-js-minimap';
import TokenSimulationModule from 'bpmn-js-token-simulation';
import LintModule from 'bpmn-js-bpmnlint';
import packedLintConfig from '../../studio-lint/generated/packed-config.mjs';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import { TranslateViModule } from './translate-vi.js';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';

/** What the studio uses of bpmn-js's Modeler (its typings are CommonJS-shaped under NodeNext). */
export interface ModelerApi {
  importXML(xml: string): Promise<unknown>;
  saveXML(options: { format: boolean }): Promise<{ xml?: string }>;
  get(name: string): unknown;
}
const BpmnModeler = (ModelerModule as unknown as { default: new (options: object) => ModelerApi }).default;

export interface BpmnEditor {
  modeler: ModelerApi;
  saveXml(): Promise<string>;
  /** Marks the elements a check found problems with (and clears the old marks). */
  markProblems(errors: string[], warnings: string[]): void;
}

export async function createBpmnEditor(
  canvas: HTMLElement,
  properties: HTMLElement,
  xml: string,
  onChange: () => void,
): Promise<BpmnEditor> {
  const modeler = new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      CamundaBehaviorsModule,
      MinimapModule,
      TokenSimulationModule,
      LintModule,
      TranslateViModule,
    ],
    // Live lint: bpmnlint's recommended rules and motcua's, the same config the server checks
    // with before a deploy (bpmnlint-plugin-motcua, packed at build time).
    linting: { active: true, bpmnlint: packedLintConfig },
    moddleExtensions: { camunda: camundaModdle },
    // Closed at first: open, it covers part of the diagram; its button opens it.
    minimap: { open: false },
  });
  await modeler.importXML(xml);
  (modeler.get('canvas') as { zoom(z: string): void }).zoom('fit-viewport');
  (modeler.get('eventBus') as { on(e: string, cb: () => void): void }).on('commandStack.changed', onChange);
  let marked: string[] = [];
  return {
    modeler,
    async saveXml() {
      const { xml: out } = await modeler.saveXML({ format: true });
      return out!;
    },
    markProblems(errors, warnings) {
      const canvasApi = modeler.get('canvas') as {
        addMarker(id: string, m: string): void;
        removeMarker(id: string, m: string): void;
      };
      const registry = modeler.get('elementRegistry') as { get(id: string): unknown };
      for (const id of marked) {
        if (!registry.get(id)) continue;
        canvasApi.removeMarker(id, 'studio-error');
        canvasApi.removeMarker(id, 'studio-warning');
      }
      marked = [];
      for (const [ids, marker] of [
        [errors, 'studio-error'],
        [warnings, 'studio-warning'],
      ] as const)
        for (const id of ids)
          if (registry.get(id)) {
            canvasApi.addMarker(id, marker);
            marked.push(id);
          }
    },
  };
}
