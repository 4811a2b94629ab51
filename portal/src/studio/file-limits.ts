import { UserInputError } from '@motcua/domain';

/*
 * Limits on what the studio stores and deploys. The BPMN itself is parsed and linted by
 * lintDeployment (studio-lint/), which refuses a DOCTYPE too; these guards hold the draft's files
 * before anything is saved.
 */

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
