import { createHash } from 'node:crypto';
import { FileStore, type DataSource } from '@motcua/db';
import { issueResultNumber, type DossierLifeStore } from '@motcua/db/workers';
import { findProcedureByCode, TOPICS, type CatalogueEntry } from '@motcua/processes';
import { vietnamWallClock } from '@motcua/domain';
import type { EngineClient } from '@motcua/engine-client';
import { requireDossierId, stringVar } from '../deadline/task-variables.js';
import { formatDateVn, renderResultPdf } from '../documents/result-pdf.js';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { signPdf, verifyPdfSignature } from './pades.js';
import type { DocumentSigner } from './token-signer.js';

export interface SignResultDeps {
  ds: DataSource;
  life: DossierLifeStore;
  catalogue: CatalogueEntry[];
  /** The signing key; undefined = signing not configured (every task fails, then an incident). */
  signer: DocumentSigner | undefined;
  /** The engine's REST API, for the File variable. */
  engine: EngineClient;
  clock?: () => Date;
}

/** Name of the File variable holding the signed result (the applicant downloads it). */
export const RESULT_DOCUMENT_VARIABLE = 'resultDocument';
const DEFAULT_SERIES = 'KQ';

/** The stored file of a process instance's signed result: one fixed id, so a redelivery finds it. */
function signedFileId(processInstanceId: string): string {
  return `signed-result-${createHash('sha256').update(processInstanceId).digest('hex').slice(0, 48)}`;
}

/**
 * `signing.sign-result` (`ServiceTask_SignResult`, before the result is returned) — the electronic
 * result: issues the result number (the same one `dossier.return-result` then returns: numbers are
 * once per process instance), renders the result document (dossier code, applicant, procedure,
 * number, date, issuing unit), signs it as PAdES with the key in the PKCS#11 token, keeps the
 * signed PDF in the workers' database, sets it as the File variable `resultDocument` on the
 * process instance, and records the number and the SHA-256 in the dossier's history and as a
 * document the applicant sees.
 *
 * Idempotent: the signed file has a fixed id per process instance; a redelivery finds it and
 * re-sends the same bytes without signing again. A token or PIN problem, a missing configuration
 * or a signature that does not verify is a technical failure (retries, then an incident): a
 * result is never returned unsigned.
 */
export function signResultHandler(deps: SignResultDeps): TopicHandler {
  const clock = deps.clock ?? (() => new Date());
  const files = new FileStore(deps.ds);
  return defineHandler(
    TOPICS.signResult,
    async ({ task, logger }) => {
      const vars = task.variables;
      const dossierId = requireDossierId(task);
      const code = stringVar(vars.procedureCode) ?? '';
      const entry = findProcedureByCode(deps.catalogue, code);
      if (!entry) throw new Error(`Procedure "${code}" is not in the catalogue: no result document to sign`);
      const dossierCode = stringVar(vars.dossierCode) ?? dossierId;
      const now = clock();
      const issued = await issueResultNumber(deps.ds, {
        processInstanceId: task.processInstanceId,
        series: entry.metadata.resultNumberSeries ?? DEFAULT_SERIES,
        period: String(vietnamWallClock(now).getUTCFullYear()),
        at: now,
      });
      const resultName = entry.metadata.result?.nameVi;
      const fileId = signedFileId(task.processInstanceId);
      const filename = `ket-qua-${issued.resultNumber}.pdf`;

      let stored = await files.read(fileId);
      if (!stored) {
        if (!deps.signer)
          throw new Error(
            'Signing is not configured (SIGNING_TOKEN_LABEL, SIGNING_KEY_LABEL, SIGNING_PIN): the result cannot be returned unsigned',
          );
        const unsigned = await renderResultPdf({
          dossierCode,
          applicantName: stringVar(vars.fullName) ?? stringVar(vars.organizationName) ?? '(không ghi)',
          procedureName: entry.nameVi,
          ...(resultName ? { resultName } : {}),
          resultNumber: issued.resultNumber,
          issuedAt: issued.issuedAt,
          issuingUnit: entry.agencyVi,
        });
        const signed = await signPdf(unsigned, deps.signer, {
          signingTime: issued.issuedAt,
          documentDate: issued.issuedAt,
          reason: `Ký số kết quả giải quyết hồ sơ ${dossierCode}`,
          location: 'Việt Nam',
        });
        // Our own check before anything leaves: a signature that does not verify is a failure.
        const check = verifyPdfSignature(signed);
        if (!check.valid)
          throw new Error(
            `The signed result does not verify (${JSON.stringify({ ...check, certificate: undefined })})`,
          );
        await files.put({ id: fileId, content: signed, mimeType: 'application/pdf', originalName: filename });
        // Two deliveries racing: the first stored file wins, both go on with its bytes.
        stored = await files.read(fileId);
        if (!stored) throw new Error(`Signed result ${fileId} was not stored`);
        logger.info(
          { dossierCode, resultNumber: issued.resultNumber, sha256: stored.file.sha256 },
          'result signed',
        );
      } else {
        logger.info({ dossierCode, resultNumber: issued.resultNumber }, 'result already signed: redelivery');
      }
      const sha256 = stored.file.sha256;
      const signedBy = verifyPdfSignature(stored.content).subject.replace(/\n/g, ', ');

      // The engine keeps the bytes in its own file storage (on ours and on Operaton alike);
      // setting the same bytes again on a redelivery is harmless.
      await deps.engine.setFileVariable(task.processInstanceId, RESULT_DOCUMENT_VARIABLE, {
        content: stored.content,
        filename,
        mimeType: 'application/pdf',
      });
      const detail = { resultNumber: issued.resultNumber, sha256, fileName: filename, signedBy };
      await deps.life.addDocument({
        eventKey: `signed-result:${task.processInstanceId}`,
        dossierId,
        processInstanceId: task.processInstanceId,
        kind: 'signed-result',
        titleVi: `${resultName ?? 'Kết quả giải quyết thủ tục hành chính'} (bản điện tử đã ký số)`,
        body: [
          `${entry.agencyVi} cấp kết quả số ${issued.resultNumber} ngày ${formatDateVn(issued.issuedAt)} cho hồ sơ ${dossierCode}.`,
          `Tệp ${filename} được ký số (PAdES); mã băm SHA-256: ${sha256}.`,
        ].join('\n'),
        createdAt: issued.issuedAt,
      });
      await deps.life.appendHistory({
        eventKey: `signed-result:${task.processInstanceId}`,
        dossierId,
        processInstanceId: task.processInstanceId,
        kind: 'result-signed',
        textVi: `Kết quả số ${issued.resultNumber} đã được ký số (SHA-256 ${sha256.slice(0, 16)}…).`,
        actor: 'system',
        detail,
        at: issued.issuedAt,
      });
      return {
        resultNumber: issued.resultNumber,
        resultIssuedAt: issued.issuedAt,
        resultDocumentSha256: sha256,
        resultSignedAt: issued.issuedAt,
      };
    },
    { lockDurationMs: 60_000 },
  );
}
