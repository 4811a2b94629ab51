/**
 * Where the running instances of one process version wait (administration, /quan-tri/quy-trinh/…):
 * bpmn-js NavigatedViewer draws the version and each step with waiting instances gets a badge
 * with their number (and one with its incidents). The data comes from the same-origin JSON at
 * `data-src` on #instance-diagram → `{ xml, counts: [{ activityId, name, instances, incidents }] }`.
 * Badges are elements, never HTML strings, so the strict CSP holds; the table beside the drawing is
 * its text alternative. The bpmn.io watermark stays visible.
 */
import * as NavigatedViewerModule from 'bpmn-js/lib/NavigatedViewer.js';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './process-diagram/diagram.css';

interface CountsData {
  xml: string;
  counts: Array<{ activityId: string; name: string; instances: number; incidents: number }>;
}

interface ViewerApi {
  importXML(xml: string): Promise<unknown>;
  get<T>(service: string): T;
}
const NavigatedViewer = (NavigatedViewerModule as unknown as { default: new (options: object) => ViewerApi })
  .default;

const mount = document.getElementById('instance-diagram');
const status = document.getElementById('instance-diagram-status');

function say(text: string): void {
  if (status) status.textContent = text;
}

function badge(text: string, className: string, title: string): HTMLElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  el.title = title;
  return el;
}

async function draw(container: HTMLElement): Promise<void> {
  const res = await fetch(container.dataset.src!, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const data = (await res.json()) as CountsData;
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(data.xml);
  const canvas = viewer.get<{
    zoom(level: string): void;
    resized(): void;
    addMarker(id: string, m: string): void;
  }>('canvas');
  const registry = viewer.get<{ get(id: string): unknown }>('elementRegistry');
  const overlays = viewer.get<{
    add(id: string, type: string, o: { position: Record<string, number>; html: HTMLElement }): void;
  }>('overlays');
  let shown = 0;
  for (const c of data.counts) {
    if (!registry.get(c.activityId)) continue;
    shown++;
    canvas.addMarker(c.activityId, 'motcua-current');
    overlays.add(c.activityId, 'motcua-count', {
      position: { bottom: 12, right: 12 },
      html: badge(String(c.instances), 'motcua-count-badge', `${c.instances} hồ sơ đang chờ ở bước này`),
    });
    if (c.incidents > 0)
      overlays.add(c.activityId, 'motcua-count', {
        position: { top: -12, left: -8 },
        html: badge(`⚠ ${c.incidents}`, 'motcua-incident-badge', `${c.incidents} sự cố ở bước này`),
      });
  }
  canvas.zoom('fit-viewport');
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
    shown
      ? `Các bước có hồ sơ đang chờ được tô đậm, kèm số hồ sơ (${shown} bước). Kéo để di chuyển, cuộn để phóng to. Bảng bên dưới có cùng số liệu.`
      : 'Không có hồ sơ nào đang chờ ở phiên bản này.',
  );
}

if (mount) {
  draw(mount).catch(() => {
    say('Không hiển thị được sơ đồ quy trình. Bảng bên dưới vẫn đầy đủ số liệu.');
  });
}
