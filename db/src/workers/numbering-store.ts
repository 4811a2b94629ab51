import type { DataSource } from 'typeorm';
import { formatDossierCode, vietnamDayStamp } from '@motcua/domain';
import { DossierCodeAssignmentEntity, ResultNumberAssignmentEntity } from './number-assignment.entity.js';
import { isDuplicateKeyError, nextSequence } from './sequence-counter.js';

/** A dossier code as the receipt worker sees it. */
export interface DossierCodeAssignment {
  processInstanceId: string;
  dossierCode: string;
  unitCode: string;
  /** yyMMdd in Vietnam time. */
  day: string;
  sequence: number;
  /** When the code was first assigned = when the dossier was received. */
  assignedAt: Date;
  /** True when this process instance already had its code (a redelivered task). */
  existing: boolean;
}

export interface ResultNumberAssignment {
  processInstanceId: string;
  resultNumber: string;
  series: string;
  period: string;
  sequence: number;
  issuedAt: Date;
  existing: boolean;
}

function toDossierCode(e: DossierCodeAssignmentEntity, existing: boolean): DossierCodeAssignment {
  return {
    processInstanceId: e.processInstanceId,
    dossierCode: e.dossierCode,
    unitCode: e.unitCode,
    day: e.day,
    sequence: Number(e.sequence),
    assignedAt: new Date(e.assignedAt),
    existing,
  };
}

function toResultNumber(e: ResultNumberAssignmentEntity, existing: boolean): ResultNumberAssignment {
  return {
    processInstanceId: e.processInstanceId,
    resultNumber: e.resultNumber,
    series: e.series,
    period: e.period,
    sequence: Number(e.sequence),
    issuedAt: new Date(e.issuedAt),
    existing,
  };
}

/**
 * Gives a process instance its dossier code `<unit>-<yyMMdd>-<5-digit daily sequence>`, once.
 * A second call for the same instance returns the first code (at-least-once delivery); the daily
 * sequence is drawn from `dossier_code_counter` and never reused, even when this call then fails.
 */
export async function assignDossierCode(
  ds: DataSource,
  input: { processInstanceId: string; unitCode: string; at: Date },
): Promise<DossierCodeAssignment> {
  if (Number.isNaN(input.at.getTime())) throw new Error('Receipt time is not a valid date');
  const repo = ds.getRepository(DossierCodeAssignmentEntity);
  const found = await repo.findOneBy({ processInstanceId: input.processInstanceId });
  if (found) return toDossierCode(found, true);

  const day = vietnamDayStamp(input.at);
  const sequence = await nextSequence(ds, {
    table: 'dossier_code_counter',
    key: [
      ['unit_code', input.unitCode],
      ['day', day],
    ],
  });
  const row = repo.create({
    processInstanceId: input.processInstanceId,
    dossierCode: formatDossierCode(input.unitCode, input.at, sequence),
    unitCode: input.unitCode,
    day,
    sequence,
    assignedAt: input.at,
  });
  try {
    await repo.insert(row);
    return toDossierCode(row, false);
  } catch (err) {
    // A concurrent delivery of the same task won: its code stands, our sequence is skipped.
    if (!isDuplicateKeyError(err)) throw err;
    const winner = await repo.findOneBy({ processInstanceId: input.processInstanceId });
    if (!winner) throw err;
    return toDossierCode(winner, true);
  }
}

/**
 * Issues a result number `<series>-<period>-<6 digits>` (e.g. `CCNV-2026-000042`) to a process
 * instance, once; same guarantees as `assignDossierCode`.
 */
export async function issueResultNumber(
  ds: DataSource,
  input: { processInstanceId: string; series: string; period: string; at: Date },
): Promise<ResultNumberAssignment> {
  if (!/^[A-Z0-9]{1,40}$/.test(input.series) || !/^\d{1,8}$/.test(input.period)) {
    throw new Error(`Invalid result-number series "${input.series}" or period "${input.period}"`);
  }
  if (Number.isNaN(input.at.getTime())) throw new Error('Issue time is not a valid date');
  const repo = ds.getRepository(ResultNumberAssignmentEntity);
  const found = await repo.findOneBy({ processInstanceId: input.processInstanceId });
  if (found) return toResultNumber(found, true);

  const sequence = await nextSequence(ds, {
    table: 'result_number_counter',
    key: [
      ['series', input.series],
      ['period', input.period],
    ],
  });
  if (sequence > 999_999)
    throw new Error(`Result-number series ${input.series}-${input.period} is exhausted`);
  const row = repo.create({
    processInstanceId: input.processInstanceId,
    resultNumber: `${input.series}-${input.period}-${String(sequence).padStart(6, '0')}`,
    series: input.series,
    period: input.period,
    sequence,
    issuedAt: input.at,
  });
  try {
    await repo.insert(row);
    return toResultNumber(row, false);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const winner = await repo.findOneBy({ processInstanceId: input.processInstanceId });
    if (!winner) throw err;
    return toResultNumber(winner, true);
  }
}
