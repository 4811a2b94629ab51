import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the officers' dossier list filters on, cached on the dossier row from the engine (as the
 * status already is): the legal due date (`due_date`, `YYYY-MM-DD`: the appointment date, or the
 * apology letter's new one), the decision (`outcome`: approved / refused) and the applicant's name
 * (from the submitted form, for the search). The indexes serve the list's shapes: every query is
 * limited to the officer's procedures (`procedure_key IN …`) and ordered by submission time,
 * filtered by due date (near due / overdue) or status. Table API only (SQLite and MySQL).
 */
export class PortalDossierOfficerList1765000500000 implements MigrationInterface {
  name = 'PortalDossierOfficerList1765000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('dossier', [
      new TableColumn({ name: 'due_date', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'outcome', type: 'varchar', length: '20', isNullable: true }),
      new TableColumn({ name: 'applicant_name', type: 'varchar', length: '200', isNullable: true }),
    ]);
    await q.createIndices('dossier', [
      new TableIndex({
        name: 'idx_dossier_procedure_submitted',
        columnNames: ['procedure_key', 'submitted_at'],
      }),
      new TableIndex({ name: 'idx_dossier_procedure_due', columnNames: ['procedure_key', 'due_date'] }),
      new TableIndex({ name: 'idx_dossier_procedure_status', columnNames: ['procedure_key', 'status_code'] }),
    ]);
    // Existing dossiers: the applicant's name from the submitted data (once; new rows get it on insert).
    const rows = (await q.query('SELECT id, submitted_data FROM dossier')) as Array<{
      id: string;
      submitted_data: string;
    }>;
    for (const r of rows) {
      const name = nameOf(safeJson(r.submitted_data));
      if (name) await q.query('UPDATE dossier SET applicant_name = ? WHERE id = ?', [name, r.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'idx_dossier_procedure_submitted',
      'idx_dossier_procedure_due',
      'idx_dossier_procedure_status',
    ])
      await q.dropIndex('dossier', name);
    for (const name of ['due_date', 'outcome', 'applicant_name']) await q.dropColumn('dossier', name);
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A frozen copy of applicantNameOf (applicant-name.ts) as it was when this migration was written. */
function nameOf(data: Record<string, unknown>): string | null {
  for (const key of ['fullName', 'organizationName', 'applicantName']) {
    const v = data[key];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
  }
  return null;
}
