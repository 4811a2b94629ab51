/**
 * The process diagram on an officer's dossier page: bpmn-js NavigatedViewer (+ minimap) with the
 * current step(s) and the path taken marked. Its data comes from the portal (same origin, the
 * page's own access check): `data-src` on #process-diagram → `{ xml, active, visited, ended }`.
 * Markers are CSS classes (`motcua-current`, `motcua-visited`, `motcua-path`); the overlay is an
 * element, never an HTML string, so the strict CSP holds. The bpmn.io watermark stays visible.
 */
import * as NavigatedViewerModule from 'bpmn-js/lib/NavigatedViewer.js';
import MinimapModule from 'diagram-js-minimap';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';
import './process-diagram/diagram.css';

interface DiagramData {
  xml: string;
  active: string[];
  visited: string[];
  ended: boolean;
}

/** The part of the viewer's API used here (bpmn-js is CommonJS-typed under NodeNext: read `default`). */
interface ViewerApi {
  importXML(xml: string): Promise<unknown>;
  get<T>(service: string): T;
}
const NavigatedViewer = (NavigatedViewerModule as unknown as { default: new (options: object) => ViewerApi })
  .default;

interface ShapeLike {
  id: string;
  type: string;
  businessObject: { sourceRef?: { id: string }; targetRef?: { id: string } };
}

/** Vietnamese for the few texts the viewer and minimap show (diagram-js's `translate` service). */
const VI: Record<string, string> = {
  'Open minimap': 'Mở bản đồ thu nhỏ',
  'Close minimap': 'Đóng bản đồ thu nhỏ',
};
const TranslateViModule = {
  translate: [
    'value',
    (template: string, replacements: Record<string, string> = {}) =>
      (VI[template] ?? template).replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`),
  ],
};

const mount = document.getElementById('process-diagram');
const status = document.getElementById('process-diagram-status');

function say(text: string): void {
  if (status) status.textContent = text;
}

function badge(text: string): HTMLElement {
  const el = document.createElement('span');
  el.className = 'motcua-current-badge';
  el.textContent = text;
  return el;
}

async function draw(container: HTMLElement): Promise<void> {
  const res = await fetch(container.dataset.src!, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const data = (await res.json()) as DiagramData;
  const viewer = new NavigatedViewer({
    container,
    additionalModules: [MinimapModule, TranslateViModule],
    minimap: { open: false },
  });
  await viewer.importXML(data.xml);
  const canvas = viewer.get<{
    zoom(level: string): void;
    resized(): void;
    addMarker(id: string, marker: string): void;
  }>('canvas');
  const registry = viewer.get<{
    get(id: string): unknown;
    filter(fn: (e: ShapeLike) => boolean): ShapeLike[];
  }>('elementRegistry');
  const overlays = viewer.get<{
    add(id: string, type: string, o: { position: Record<string, number>; html: HTMLElement }): void;
  }>('overlays');
  const visited = new Set(data.visited);
  for (const id of visited) if (registry.get(id)) canvas.addMarker(id, 'motcua-visited');
  // The engine keeps no sequence-flow history: a flow counts as taken when both ends were visited.
  const taken = registry.filter(
    (e) =>
      e.type === 'bpmn:SequenceFlow' &&
      visited.has(e.businessObject.sourceRef?.id ?? '') &&
      visited.has(e.businessObject.targetRef?.id ?? ''),
  );
  for (const flow of taken) canvas.addMarker(flow.id, 'motcua-path');
  const current = data.active.filter((id) => registry.get(id));
  for (const id of current) {
    canvas.addMarker(id, 'motcua-current');
    overlays.add(id, 'motcua-status', {
      position: { top: -14, left: 0 },
      html: badge(data.ended ? 'Kết thúc' : 'Đang xử lý'),
    });
  }
  canvas.zoom('fit-viewport');
  // A phone turned, a window resized: fit the process to the new width again.
  let pending: number | undefined;
  window.addEventListener('resize', () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => {
      canvas.resized();
      canvas.zoom('fit-viewport');
    }, 150);
  });
  container.dataset.ready = 'true';
  say(
    data.ended
      ? 'Hồ sơ đã kết thúc; nơi kết thúc được tô đậm. Danh sách các bước ở bên dưới.'
      : `Bước đang xử lý được tô đậm (${current.length}). Kéo để di chuyển, cuộn để phóng to. Danh sách các bước ở bên dưới.`,
  );
}

if (mount) {
  draw(mount).catch(() => {
    say('Không hiển thị được sơ đồ quy trình. Danh sách các bước ở bên dưới vẫn đầy đủ.');
  });
}
