import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One uploaded file of a dossier's document (thành phần hồ sơ). Its bytes are in the file storage
 * (`file_object`/`file_content`, stored once per sha256); this row says whose it is and what it is.
 *
 * Life of a row: `staged` (uploaded while the applicant fills the application or answers a
 * supplement, bound to no dossier yet, `expires_at` set) → `current` (bound to the dossier when the
 * application or the supplement is sent) → `replaced` (a supplement round replaced the document;
 * the row and its file stay, for officers). Rows are never updated otherwise, and a bound row is
 * never deleted.
 */
@Entity({ name: 'dossier_attachment' })
@Index('idx_dossier_attachment_owner_scope', ['ownerId', 'scope'])
export class DossierAttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The dossier it belongs to; null while staged. */
  @Index('idx_dossier_attachment_dossier')
  @Column({ name: 'dossier_id', type: 'varchar', length: 64, nullable: true })
  dossierId!: string | null;

  /** The portal user who uploaded it (the applicant, or the desk officer who scanned it). */
  @Column({ name: 'owner_id', type: 'varchar', length: 64 })
  ownerId!: string;

  /** What the staged upload is for: `apply:<procedure>`, `desk:<procedure>`, `supplement:<dossier>`. */
  @Column({ type: 'varchar', length: 200 })
  scope!: string;

  /** Index of the document in the procedure's catalogue list (`requiredDocuments`). */
  @Column({ type: 'integer' })
  slot!: number;

  /** The document's name as the catalogue gives it, kept so the record outlives catalogue edits. */
  @Column({ name: 'document_name', type: 'varchar', length: 500 })
  documentName!: string;

  @Column({ name: 'file_id', type: 'varchar', length: 64 })
  fileId!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** The media type found in the bytes (never the browser's word). */
  @Column({ name: 'media_type', type: 'varchar', length: 120 })
  mediaType!: string;

  @Column({ name: 'original_name', type: 'varchar', length: 255, nullable: true })
  originalName!: string | null;

  /** `staged`, `current` or `replaced`. */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  /** `applicant` (with the application), `desk` (a scan at the desk), `supplement` (a supplement round). */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  /** The attachment that replaced this one. */
  @Column({ name: 'replaced_by', type: 'varchar', length: 36, nullable: true })
  replacedBy!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'bound_at', type: 'datetime', precision: 3, nullable: true })
  boundAt!: Date | null;

  /** A staged upload not sent by then is deleted (with its file). */
  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;
}
