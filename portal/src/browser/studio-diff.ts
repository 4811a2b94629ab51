/**
 * Two versions of a process side by side (/thiet-ke/so-sanh): two bpmn-js NavigatedViewers, the
 * elements added and changed marked in the newer, those removed and changed in the older, the two
 * views kept in step. The data (both XMLs, the ids) comes from a JSON data block.
 */
import * as ViewerModule from 'bpmn-js/lib/NavigatedViewer.js';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';

interface ViewerApi {
  importXML(xml: string): Promise<unknown>;
  get(name: string): unknown;
}
interface CanvasApi {
  zoom(level: string): void;
  addMarker(id: string, marker: string): void;
  viewbox(box?: unknown): unknown;
}
interface Data {
  oldXml: string;
  newXml: string;
  added: string[];
  removed: string[];
  changed: string[];
  layoutChanged: string[];
}

const NavigatedViewer = (ViewerModule as unknown as { default: new (o: object) => ViewerApi }).default;

async function open(container: HTMLElement, xml: string, marks: Array<[string[], string]>) {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas') as CanvasApi;
  const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
  canvas.zoom('fit-viewport');
  for (const [ids, marker] of marks) for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
  return viewer;
}

async function main() {
  const data = JSON.parse(document.getElementById('diff-data')!.textContent!) as Data;
  const older = await open(document.getElementById('diff-old')!, data.oldXml, [
    [data.removed, 'diff-removed'],
    [data.changed, 'diff-changed'],
  ]);
  const newer = await open(document.getElementById('diff-new')!, data.newXml, [
    [data.added, 'diff-added'],
    [data.changed, 'diff-changed'],
    [data.layoutChanged, 'diff-layout'],
  ]);
  // Moving or zooming one moves the other; the flag stops the echo.
  let syncing = false;
  const follow = (from: ViewerApi, to: ViewerApi) =>
    (from.get('eventBus') as { on(e: string, cb: () => void): void }).on('canvas.viewbox.changed', () => {
      if (syncing) return;
      syncing = true;
      (to.get('canvas') as CanvasApi).viewbox((from.get('canvas') as CanvasApi).viewbox());
      syncing = false;
    });
  follow(older, newer);
  follow(newer, older);
  document.body.dataset.diffReady = 'true';
}

void main();
