import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

interface IndexChange {
  table: string;
  /** Composite index: columns in the order the queries filter (equality first), then sort. */
  add: { name: string; columns: string[] }[];
  /** Single-column indexes the new ones start with, so they only cost writes. */
  drop?: string[];
}

/**
 * Indexes for the list and count queries at ministry scale (issue 17): 100 000 open tasks and
 * millions of history rows. Each composite index follows its query's shape — equality columns
 * first, then the sort column — so a page is read in order and stops after `maxResults` rows, and
 * counts are answered from the index alone. `engine/test/query-plans/` proves every shape uses them.
 */
const CHANGES: IndexChange[] = [
  {
    // Candidate semi-joins: `taskId IN (SELECT taskId … WHERE groupId IN (…) AND type = 'candidate')`
    // read only the index (covering).
    table: 'eng_identity_link',
    add: [
      { name: 'idx_eng_identity_link_group', columns: ['groupId', 'type', 'taskId'] },
      { name: 'idx_eng_identity_link_user', columns: ['userId', 'type', 'taskId'] },
    ],
    drop: ['idx_eng_identity_link_1', 'idx_eng_identity_link_2'],
  },
  {
    // The inbox: unassigned (assignee IS NULL) or one assignee's tasks, in due/created/priority order.
    table: 'eng_task',
    add: [
      { name: 'idx_eng_task_assignee_due', columns: ['assignee', 'dueDate'] },
      { name: 'idx_eng_task_assignee_created', columns: ['assignee', 'created'] },
      { name: 'idx_eng_task_assignee_priority', columns: ['assignee', 'priority'] },
      { name: 'idx_eng_task_definition', columns: ['processDefinitionKey', 'taskDefinitionKey'] },
      { name: 'idx_eng_task_execution', columns: ['executionId'] },
    ],
    drop: ['idx_eng_task_1'],
  },
  {
    table: 'eng_execution',
    add: [
      { name: 'idx_eng_execution_pi_definition', columns: ['isProcessInstance', 'processDefinitionKey'] },
      { name: 'idx_eng_execution_super', columns: ['superProcessInstanceId'] },
    ],
  },
  {
    // fetchAndLock: one topic's tasks in creation (or priority, creation) order.
    table: 'eng_external_task',
    add: [
      { name: 'idx_eng_external_task_fetch', columns: ['topicName', 'createTime'] },
      { name: 'idx_eng_external_task_priority', columns: ['topicName', 'priority', 'createTime'] },
    ],
  },
  {
    // Job acquisition: active jobs (suspended = false) due by now, earliest first.
    table: 'eng_job',
    add: [{ name: 'idx_eng_job_acquire', columns: ['suspended', 'dueDate'] }],
  },
  {
    table: 'eng_incident',
    add: [{ name: 'idx_eng_incident_time', columns: ['incidentTimestamp'] }],
  },
  {
    table: 'eng_hi_procinst',
    add: [
      { name: 'idx_eng_hi_procinst_key_start', columns: ['processDefinitionKey', 'startTime'] },
      { name: 'idx_eng_hi_procinst_start', columns: ['startTime'] },
      { name: 'idx_eng_hi_procinst_super', columns: ['superProcessInstanceId'] },
    ],
    drop: ['idx_eng_hi_procinst_1'],
  },
  {
    // The workers' history follower: one element's activities, newest first; "still running" ones.
    table: 'eng_hi_actinst',
    add: [
      { name: 'idx_eng_hi_actinst_activity_start', columns: ['activityId', 'startTime'] },
      { name: 'idx_eng_hi_actinst_activity_end', columns: ['activityId', 'endTime', 'startTime'] },
      { name: 'idx_eng_hi_actinst_task', columns: ['taskId'] },
    ],
    drop: ['idx_eng_hi_actinst_1'],
  },
  {
    table: 'eng_hi_taskinst',
    add: [
      { name: 'idx_eng_hi_taskinst_assignee_end', columns: ['assignee', 'endTime'] },
      { name: 'idx_eng_hi_taskinst_definition', columns: ['processDefinitionKey', 'taskDefinitionKey'] },
      { name: 'idx_eng_hi_taskinst_end', columns: ['endTime'] },
    ],
  },
  {
    table: 'eng_hi_varinst',
    add: [{ name: 'idx_eng_hi_varinst_pi_name', columns: ['processInstanceId', 'name'] }],
    drop: ['idx_eng_hi_varinst_0'],
  },
  {
    table: 'eng_hi_detail',
    add: [
      { name: 'idx_eng_hi_detail_pi_time', columns: ['processInstanceId', 'time'] },
      { name: 'idx_eng_hi_detail_time', columns: ['time'] },
    ],
    drop: ['idx_eng_hi_detail_0'],
  },
  {
    table: 'eng_hi_op_log',
    add: [
      { name: 'idx_eng_hi_op_log_user', columns: ['userId', 'timestamp'] },
      { name: 'idx_eng_hi_op_log_entity', columns: ['entityType', 'timestamp'] },
    ],
  },
  {
    table: 'eng_hi_incident',
    add: [{ name: 'idx_eng_hi_incident_time', columns: ['createTime'] }],
  },
  {
    table: 'eng_hi_ext_task_log',
    add: [{ name: 'idx_eng_hi_ext_task_log_time', columns: ['timestamp'] }],
  },
  {
    // The portal: an applicant's dossiers newest first; started dossiers still without a code.
    table: 'dossier',
    add: [
      { name: 'idx_dossier_applicant_submitted', columns: ['applicant_id', 'submitted_at'] },
      { name: 'idx_dossier_state_code', columns: ['engine_state', 'dossier_code', 'submitted_at'] },
    ],
    drop: ['idx_dossier_applicant'],
  },
  {
    // The audit page: entries of some actions, newest first.
    table: 'audit_entry',
    add: [{ name: 'idx_audit_action_id', columns: ['action', 'id'] }],
    drop: ['idx_audit_action'],
  },
  {
    // A dossier's timeline and documents in order; a group's notifications newest first.
    table: 'dossier_history',
    add: [{ name: 'idx_dossier_history_dossier_at', columns: ['dossier_id', 'at'] }],
    drop: ['idx_dossier_history_dossier'],
  },
  {
    table: 'staff_notification',
    add: [{ name: 'idx_staff_notification_group_created', columns: ['recipient_group', 'created_at'] }],
    drop: ['idx_staff_notification_group'],
  },
  {
    table: 'dossier_document',
    add: [{ name: 'idx_dossier_document_dossier_created', columns: ['dossier_id', 'created_at'] }],
    drop: ['idx_dossier_document_dossier'],
  },
];

/**
 * Variable filters (`processVariables`, `variables=name_eq_value`) find the instances holding a
 * value through (name, textValue). textValue is a MEDIUMTEXT on MariaDB, which indexes only a
 * prefix (the first 191 characters; a longer value is still compared in full on the row);
 * SQLite indexes the whole value. The index replaces the one on name alone.
 */
async function variableValueIndex(qr: QueryRunner): Promise<void> {
  const mysql = qr.connection.driver.options.type === 'mysql';
  await qr.query(
    mysql
      ? 'CREATE INDEX idx_eng_variable_name_value ON eng_variable (name, textValue(191))'
      : 'CREATE INDEX idx_eng_variable_name_value ON eng_variable (name, textValue)',
  );
  await qr.dropIndex('eng_variable', 'idx_eng_variable_2');
}

export class QueryIndexes1765000100000 implements MigrationInterface {
  name = 'QueryIndexes1765000100000';

  async up(qr: QueryRunner): Promise<void> {
    for (const change of CHANGES) {
      for (const idx of change.add)
        await qr.createIndex(change.table, new TableIndex({ name: idx.name, columnNames: idx.columns }));
      for (const name of change.drop ?? []) await qr.dropIndex(change.table, name);
    }
    await variableValueIndex(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('eng_variable', 'idx_eng_variable_name_value');
    await qr.createIndex(
      'eng_variable',
      new TableIndex({ name: 'idx_eng_variable_2', columnNames: ['name'] }),
    );
    for (const change of [...CHANGES].reverse()) {
      for (const idx of [...change.add].reverse()) await qr.dropIndex(change.table, idx.name);
    }
    // The single-column indexes come back as they were.
    const restore: [string, string, string[]][] = [
      ['eng_identity_link', 'idx_eng_identity_link_1', ['groupId']],
      ['eng_identity_link', 'idx_eng_identity_link_2', ['userId']],
      ['eng_task', 'idx_eng_task_1', ['assignee']],
      ['eng_hi_procinst', 'idx_eng_hi_procinst_1', ['processDefinitionKey']],
      ['eng_hi_actinst', 'idx_eng_hi_actinst_1', ['activityId']],
      ['eng_hi_varinst', 'idx_eng_hi_varinst_0', ['processInstanceId']],
      ['eng_hi_detail', 'idx_eng_hi_detail_0', ['processInstanceId']],
      ['dossier', 'idx_dossier_applicant', ['applicant_id']],
      ['audit_entry', 'idx_audit_action', ['action']],
      ['dossier_history', 'idx_dossier_history_dossier', ['dossier_id']],
      ['staff_notification', 'idx_staff_notification_group', ['recipient_group']],
      ['dossier_document', 'idx_dossier_document_dossier', ['dossier_id']],
    ];
    for (const [table, name, columns] of restore)
      await qr.createIndex(table, new TableIndex({ name, columnNames: columns }));
  }
}
