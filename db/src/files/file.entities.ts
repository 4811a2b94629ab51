import { Column, Entity, PrimaryColumn } from 'typeorm';

/*
 * The file storage shared by the engine (File/Bytes variables, task attachments) and, later, the
 * portal (dossier uploads). Content is stored once per sha256; each upload is a `file_object`
 * pointing at its content with its own name and media type. The content column is `blob` here;
 * the migration makes it `longblob` on MySQL/MariaDB, where `blob` stops at 64 KiB.
 */

/** The bytes of a file, once per distinct content (sha256, lower-case hex). Never updated. */
@Entity('file_content')
export class FileContentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'integer' }) size!: number;
  @Column({ type: 'blob' }) content!: Buffer;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

/** One stored file: its content, the name it was uploaded with and its media type. Immutable. */
@Entity('file_object')
export class FileObjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'integer' }) size!: number;
  @Column({ type: 'varchar', length: 255 }) mimeType!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) originalName!: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

/**
 * A task attachment (Camunda's `ACT_GE_ATTACHMENT`): either a link (`url`) or stored content
 * (`fileId` → `file_object`). Kept after the task ends, as Camunda keeps attachments; indices
 * (task, file) are in the migration.
 */
@Entity('eng_attachment')
export class EngineAttachment {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'integer' }) rev!: number;
  @Column({ type: 'varchar', length: 255, nullable: true }) name!: string | null;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) type!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) taskId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) processInstanceId!: string | null;
  @Column({ type: 'text', nullable: true }) url!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) fileId!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) userId!: string | null;
  @Column({ type: 'datetime', precision: 3 }) createTime!: Date;
}
