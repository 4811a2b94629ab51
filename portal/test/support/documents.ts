/**
 * Documents (thành phần hồ sơ) for the full-stack tests: a small real PDF, and the uploads an
 * application needs — one file for every document slot of the procedure's page.
 */
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PortalClient } from './http-client.js';

/** A minimal, well-formed one-page PDF (file-type and Chromium's viewer both accept it). */
export function samplePdf(text = 'motcua'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 18 Tf 20 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Uploads one file to a slot; the answer as JSON with its status. */
export async function uploadTo(
  c: PortalClient,
  url: string,
  csrf: string,
  slot: number,
  file: { bytes: Buffer; name: string; type?: string },
) {
  const form = new FormData();
  form.append('slot', String(slot));
  form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
  const res = await c.postMultipart(url, form, csrf);
  return { status: res.status, body: res.json<{ id?: string; message?: string; errors?: unknown[] }>() };
}

/** The document slots of a page (their indexes). */
export function slotsIn(html: string): number[] {
  return [...html.matchAll(/class="doc-slot" data-slot="(\d+)"/g)].map((m) => Number(m[1]));
}

/**
 * Uploads a PDF to every document slot of the procedure's page (`page`: its HTML, the signed-in
 * applicant's) and returns what the application sends as `documents`; {} when it has none.
 */
export async function documentsFor(
  c: PortalClient,
  key: string,
  page: string,
): Promise<Record<string, string[]>> {
  const csrf = PortalClient.csrfIn(page);
  const selection: Record<string, string[]> = {};
  for (const slot of slotsIn(page)) {
    const r = await uploadTo(c, `/thu-tuc/${key}/tai-lieu`, csrf, slot, {
      bytes: samplePdf(`slot ${slot}`),
      name: `tai-lieu-${slot}.pdf`,
    });
    expect(r.status).toBe(201);
    selection[String(slot)] = [r.body.id!];
  }
  return selection;
}

/** In the browser: a PDF into every document slot of the page, waiting until each is listed. */
export async function uploadEverySlot(page: Page): Promise<number> {
  const slots = await page
    .locator('.doc-slot')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.slot!));
  for (const slot of slots) {
    await page.locator(`#doc-file-${slot}`).setInputFiles({
      name: `giay-to-${slot}.pdf`,
      mimeType: 'application/pdf',
      buffer: samplePdf(`giay to ${slot}`),
    });
    await page.locator(`.doc-slot[data-slot="${slot}"] li[data-attachment-id]`).first().waitFor();
  }
  return slots.length;
}
