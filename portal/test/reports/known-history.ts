import { randomUUID } from 'node:crypto';
import { type DataSource } from '@motcua/db';
import { sqlInstant, type PortalStores } from '@motcua/db/portal';
import type { ReportDimensions } from '../../src/reports/report-dimensions.js';

/**
 * A known dossier history for the report tests (November 2026, Vietnam time). Every figure the
 * tests expect is worked out by hand from this list in report-indicators.test.ts.
 *
 * Procedures: `proc-a` (unit U1, field F1, toàn trình), `proc-b` (U1, F2, một phần), `proc-c`
 * (U2, F1, online level unknown).
 */
export const TEST_DIMENSIONS: ReportDimensions = (() => {
  const procedures = [
    {
      key: 'proc-a',
      code: '1.000001',
      nameVi: 'Thủ tục A',
      unitCode: 'U1',
      unitVi: 'Cục Một',
      fieldVi: 'Lĩnh vực F1',
      onlineLevel: 'toan-trinh' as const,
    },
    {
      key: 'proc-b',
      code: '1.000002',
      nameVi: 'Thủ tục B',
      unitCode: 'U1',
      unitVi: 'Cục Một',
      fieldVi: 'Lĩnh vực F2',
      onlineLevel: 'mot-phan' as const,
    },
    {
      key: 'proc-c',
      code: '1.000003',
      nameVi: 'Thủ tục C',
      unitCode: 'U2',
      unitVi: 'Cục Hai',
      fieldVi: 'Lĩnh vực F1',
      onlineLevel: null,
    },
  ];
  return {
    procedures,
    byKey: new Map(procedures.map((p) => [p.key, p])),
    units: new Map([
      ['U1', 'Cục Một'],
      ['U2', 'Cục Hai'],
    ]),
    fields: ['Lĩnh vực F1', 'Lĩnh vực F2'],
  };
})();

/** `keyPrefix`: the event key's prefix when it is not the kind (`paid-online` for an online payment). */
type Event = [at: string, statusCode: number | null, kind: string, keyPrefix?: string];

interface KnownDossier {
  name: string;
  procedure: 'proc-a' | 'proc-b' | 'proc-c';
  channel: 1 | 2 | 3;
  submitted: string;
  due: string | null;
  events: Event[];
  rating?: [score: number, at: string];
  uploaded?: boolean;
}

const T = (s: string) => `2026-${s}:00+07:00`;

export const KNOWN_DOSSIERS: KnownDossier[] = [
  {
    name: 'D1',
    procedure: 'proc-a',
    channel: 2,
    submitted: T('11-02T09:00'),
    due: '2026-11-10',
    uploaded: true,
    rating: [5, T('11-07T08:00')],
    events: [
      [T('11-02T09:05'), 1, 'completeness-check'],
      [T('11-02T10:00'), 2, 'accepted'],
      [T('11-02T10:00'), 6, 'payment-requested'],
      [T('11-02T11:00'), null, 'paid'],
      [T('11-02T11:30'), 4, 'main-clock-started'],
      [T('11-05T15:00'), 9, 'processed'],
      [T('11-06T09:00'), 10, 'result-returned'],
    ],
  },
  {
    name: 'D2',
    procedure: 'proc-a',
    channel: 1,
    submitted: T('11-03T08:00'),
    due: '2026-11-16',
    rating: [2, T('11-14T08:00')],
    events: [
      [T('11-03T08:30'), 2, 'accepted'],
      [T('11-03T08:30'), 4, 'in-process'],
      [T('11-12T07:00'), 4, 'late'],
      [T('11-13T16:00'), 9, 'processed'],
      [T('11-13T17:00'), 10, 'result-returned'],
    ],
  },
  {
    name: 'D3',
    procedure: 'proc-b',
    channel: 2,
    submitted: T('11-02T14:00'),
    due: '2026-11-19',
    events: [
      [T('11-02T14:10'), 1, 'completeness-check'],
      [T('11-03T09:00'), 5, 'supplement-requested'],
      [T('11-04T08:00'), 1, 'supplemented'],
      [T('11-04T10:00'), 2, 'accepted'],
      [T('11-04T10:00'), 4, 'in-process'],
      [T('11-20T10:00'), 9, 'processed'],
      [T('11-20T11:00'), 10, 'refused'],
    ],
  },
  {
    name: 'D4',
    procedure: 'proc-b',
    channel: 2,
    submitted: T('11-25T08:00'),
    due: '2026-11-27',
    events: [
      [T('11-25T09:00'), 2, 'accepted'],
      [T('11-25T09:00'), 4, 'in-process'],
      [T('12-03T10:00'), 9, 'processed'],
    ],
  },
  {
    name: 'D5',
    procedure: 'proc-c',
    channel: 3,
    submitted: T('11-26T08:00'),
    due: '2026-12-20',
    events: [
      [T('11-26T09:00'), 2, 'accepted'],
      [T('11-26T09:00'), 4, 'in-process'],
    ],
  },
  {
    name: 'D6',
    procedure: 'proc-a',
    channel: 2,
    submitted: T('11-10T08:00'),
    due: null,
    events: [
      [T('11-10T08:00'), 1, 'completeness-check'],
      [T('11-11T08:00'), 3, 'not-accepted'],
    ],
  },
  {
    name: 'D7',
    procedure: 'proc-a',
    channel: 2,
    submitted: T('10-28T08:00'),
    due: '2026-11-05',
    events: [
      [T('10-28T09:00'), 2, 'accepted'],
      [T('10-28T09:00'), 4, 'in-process'],
      [T('11-02T10:00'), 9, 'processed'],
      [T('11-02T11:00'), 10, 'result-returned'],
    ],
  },
  {
    name: 'D8',
    procedure: 'proc-c',
    channel: 1,
    submitted: T('11-05T08:00'),
    due: '2026-11-30',
    events: [
      [T('11-05T08:30'), 2, 'accepted'],
      [T('11-09T08:00'), 7, 'withdrawn'],
    ],
  },
  {
    name: 'D9',
    procedure: 'proc-a',
    channel: 2,
    submitted: T('11-15T08:00'),
    due: '2026-12-10',
    uploaded: true,
    events: [
      [T('11-16T08:00'), 2, 'accepted'],
      [T('11-16T08:00'), 6, 'payment-requested'],
      [T('11-16T09:00'), null, 'paid', 'paid-online'],
      [T('11-16T10:00'), 4, 'in-process'],
    ],
  },
];

/** "Now" of the tests: Monday 07/12/2026. */
export const TEST_NOW = new Date(T('12-07T10:00'));

/** The procedures the known history files its dossiers under (default: the test dimensions'). */
export type ProcedureMap = Record<KnownDossier['procedure'], { key: string; code: string }>;

const TEST_PROCEDURES: ProcedureMap = {
  'proc-a': { key: 'proc-a', code: '1.000001' },
  'proc-b': { key: 'proc-b', code: '1.000002' },
  'proc-c': { key: 'proc-c', code: '1.000003' },
};

/** Writes the known history through the stores (and one raw attachment row per uploaded dossier). */
export async function buildKnownHistory(
  ds: DataSource,
  stores: PortalStores,
  procedures: ProcedureMap = TEST_PROCEDURES,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let n = 0;
  for (const k of KNOWN_DOSSIERS) {
    const id = randomUUID();
    ids.set(k.name, id);
    n += 1;
    await stores.dossiers.insertStarting({
      id,
      procedureKey: procedures[k.procedure].key,
      procedureCode: procedures[k.procedure].code,
      applicantId: randomUUID(),
      channel: k.channel,
      submittedAt: new Date(k.submitted),
      submittedData: { fullName: `Người nộp ${k.name}` },
    });
    await stores.dossiers.markStarted(id, `pi-${id}`, 1);
    const last = k.events.filter((e) => e[1] !== null).at(-1)!;
    await stores.dossiers.recordProgress(id, {
      dossierCode: `U-${id.slice(0, 8)}-0000${n}`,
      statusCode: last[1]!,
      dueDate: k.due,
    });
    for (const [at, statusCode, kind, keyPrefix] of k.events)
      await stores.life.appendHistory({
        eventKey: `${keyPrefix ?? kind}:${id}:${at}`,
        dossierId: id,
        processInstanceId: `pi-${id}`,
        statusCode,
        kind,
        textVi: kind,
        actor: 'system',
        at: new Date(at),
      });
    if (k.rating)
      await stores.ratings.record({
        dossierId: id,
        applicantId: randomUUID(),
        procedureCode: procedures[k.procedure].code,
        score: k.rating[0],
        comment: null,
        ratedAt: new Date(k.rating[1]),
      });
    if (k.uploaded)
      await ds.query(
        `INSERT INTO dossier_attachment (id, dossier_id, owner_id, scope, slot, document_name, file_id, sha256, size, media_type, original_name, state, source, replaced_by, created_at, bound_at, expires_at)
         VALUES (?, ?, ?, ?, 0, ?, ?, ?, 10, 'application/pdf', NULL, 'current', 'applicant', NULL, ?, ?, NULL)`,
        [
          randomUUID(),
          id,
          'owner',
          `apply:${k.procedure}`,
          'Đơn đề nghị',
          'file-1',
          'a'.repeat(64),
          sqlInstant(new Date(k.submitted)),
          sqlInstant(new Date(k.submitted)),
        ],
      );
  }
  // A staged upload bound to no dossier never counts.
  await ds.query(
    `INSERT INTO dossier_attachment (id, dossier_id, owner_id, scope, slot, document_name, file_id, sha256, size, media_type, original_name, state, source, replaced_by, created_at, bound_at, expires_at)
     VALUES (?, NULL, 'owner', 'apply:proc-a', 0, 'Đơn', 'file-2', ?, 10, 'application/pdf', NULL, 'staged', 'applicant', NULL, ?, NULL, ?)`,
    [randomUUID(), 'b'.repeat(64), sqlInstant(TEST_NOW), sqlInstant(TEST_NOW)],
  );
  return ids;
}
