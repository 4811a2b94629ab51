import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the last server-side check of a draft found (`unchecked` until one ran). */
export type DraftCheckStatus = 'unchecked' | 'passed' | 'failed';

/**
 * A designer's draft of a procedure: the BPMN, its form-js forms and its fee table (DMN), saved on
 * the server so it survives a failed deploy and a restart. `rev` is the optimistic-concurrency
 * counter: a save names the revision it started from, and a stale one is refused.
 * Large text is `text` here; the migration makes it `mediumtext` on MySQL (64 KB limit of `text`).
 */
@Entity({ name: 'studio_draft' })
export class StudioDraftEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'procedure_key', type: 'varchar', length: 200 })
  procedureKey!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ name: 'bpmn_xml', type: 'text' })
  bpmnXml!: string;

  /** JSON object: form id → form-js schema. */
  @Column({ name: 'forms_json', type: 'text' })
  formsJson!: string;

  @Column({ name: 'dmn_xml', type: 'text', nullable: true })
  dmnXml!: string | null;

  /** The engine's process definition the draft was opened from, if any. */
  @Column({ name: 'base_definition_id', type: 'varchar', length: 200, nullable: true })
  baseDefinitionId!: string | null;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId!: string;

  @Column({ name: 'author_name', type: 'varchar', length: 200 })
  authorName!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'integer' })
  rev!: number;

  @Column({ name: 'check_status', type: 'varchar', length: 20 })
  checkStatus!: DraftCheckStatus;

  @Column({ name: 'check_errors', type: 'integer' })
  checkErrors!: number;

  @Column({ name: 'check_warnings', type: 'integer' })
  checkWarnings!: number;

  /** The process definition the last successful deploy of this draft created. */
  @Column({ name: 'deployed_definition_id', type: 'varchar', length: 200, nullable: true })
  deployedDefinitionId!: string | null;
}
