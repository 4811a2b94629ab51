/** The dmn-js Modeler (with its properties panel and the Camunda extension) for the fee table. */
import DmnModeler from 'dmn-js/lib/Modeler';
import {
  CamundaPropertiesProviderModule,
  DmnPropertiesPanelModule,
  DmnPropertiesProviderModule,
} from 'dmn-js-properties-panel';
import camundaDmnModdle from 'camunda-dmn-moddle/resources/camunda.json';

import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn.css';

export interface DmnEditor {
  saveXml(): Promise<string>;
}

export async function createDmnEditor(
  canvas: HTMLElement,
  properties: HTMLElement,
  xml: string,
  onChange: () => void,
): Promise<DmnEditor> {
  const modeler = new DmnModeler({
    container: canvas,
    drd: {
      propertiesPanel: { parent: properties },
      additionalModules: [
        DmnPropertiesPanelModule,
        DmnPropertiesProviderModule,
        CamundaPropertiesProviderModule,
      ],
    },
    common: { keyboard: {} },
    moddleExtensions: { camunda: camundaDmnModdle },
  });
  await modeler.importXML(xml);
  // Open the decision table itself: that is what a designer edits in a fee table.
  const table = modeler.getViews().find((v) => v.type === 'decisionTable');
  if (table) await modeler.open(table);
  // Edits fire on the active view's own event bus; views.changed switches to another one.
  const attach = () => {
    const bus = modeler.getActiveViewer()?.get('eventBus') as
      { on(e: string, cb: () => void): void } | undefined;
    bus?.on('elements.changed', onChange);
  };
  attach();
  modeler.on('views.changed', attach);
  return {
    async saveXml() {
      const { xml: out } = await modeler.saveXML({ format: true });
      return out;
    },
  };
}
