/*
 * The job log (issue 5, `GET /history/job-log`): one row per job event — created, failed (with the
 * exception message and the stack-trace-like text the executor recorded), successful, deleted —
 * written by the store as jobs are inserted and removed, and by the job executor for runs.
 * Written once, never updated: no `rev`.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('eng_hi_job_log')
export class EngineHistoricJobLog {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'datetime', precision: 3 }) timestamp!: Date;
  @Column({ type: 'varchar', length: 64 }) jobId!: string;
  @Column({ type: 'datetime', precision: 3, nullable: true }) jobDueDate!: Date | null;
  @Column({ type: 'integer' }) jobRetries!: number;
  @Column({ type: 'integer' }) jobPriority!: number;
  @Column({ type: 'text', nullable: true }) jobExceptionMessage!: string | null;
  /** Only on failure rows; `mediumtext` on MySQL (see the migration). */
  @Column({ type: 'text', nullable: true }) jobExceptionStacktrace!: string | null;
  @Column({ type: 'varchar', length: 600 }) jobDefinitionId!: string;
  @Column({ type: 'varchar', length: 64 }) jobDefinitionType!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) jobDefinitionConfiguration!: string | null;
  @Column({ type: 'varchar', length: 255 }) activityId!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) executionId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) processInstanceId!: string | null;
  @Column({ type: 'varchar', length: 255 }) processDefinitionId!: string;
  @Column({ type: 'varchar', length: 255 }) processDefinitionKey!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) tenantId!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) hostname!: string | null;
  /** created, failed, successful or deleted. */
  @Column({ type: 'varchar', length: 16 }) state!: string;
}

export const JOB_LOG_ENTITIES = [EngineHistoricJobLog];
