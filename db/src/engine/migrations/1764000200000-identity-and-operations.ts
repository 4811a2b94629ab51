import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

const id = (length = '64'): TableColumnOptions => ({ name: 'id', type: 'varchar', length, isPrimary: true });
const rev: TableColumnOptions = { name: 'rev', type: 'integer' };
const v = (name: string, length = '255', isNullable = true): TableColumnOptions => ({
  name,
  type: 'varchar',
  length,
  isNullable,
});
const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const time = (name: string): TableColumnOptions => ({ name, type: 'datetime', precision: 3 });

/** Identity (users, groups, memberships, authorizations), task filters, comments, user-operation log. */
export class EngineIdentityAndOperations1764000200000 implements MigrationInterface {
  name = 'EngineIdentityAndOperations1764000200000';

  async up(qr: QueryRunner): Promise<void> {
    // `text` stops at 64 KB on MySQL: filter queries, log values and comments stay well below.
    await qr.createTable(
      new Table({
        name: 'eng_user',
        columns: [id(), rev, v('firstName'), v('lastName'), v('email'), v('passwordHash', '255', false)],
      }),
      true,
    );
    await qr.createTable(new Table({ name: 'eng_group', columns: [id(), rev, v('name'), v('type')] }), true);
    await qr.createTable(
      new Table({
        name: 'eng_membership',
        columns: [id('140'), v('userId', '64', false), v('groupId', '64', false)],
        indices: [new TableIndex({ name: 'idx_eng_membership_0', columnNames: ['userId'] })],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_authorization',
        columns: [
          id(),
          rev,
          int('type'),
          v('userId', '64'),
          v('groupId', '64'),
          int('resourceType'),
          v('resourceId', '255', false),
          v('permissions', '1000', false),
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_authorization_0', columnNames: ['resourceType', 'resourceId'] }),
        ],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_filter',
        columns: [
          id(),
          rev,
          v('resourceType', '32', false),
          v('name', '255', false),
          v('owner'),
          text('query', false),
          text('properties'),
        ],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_comment',
        columns: [
          id(),
          v('taskId', '64', false),
          v('processInstanceId', '64'),
          v('userId', '64'),
          time('time'),
          text('message', false),
        ],
        indices: [new TableIndex({ name: 'idx_eng_comment_0', columnNames: ['taskId'] })],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_hi_op_log',
        columns: [
          id(),
          v('operationId', '64', false),
          v('userId', '64'),
          time('timestamp'),
          v('operationType', '64', false),
          v('entityType', '64', false),
          v('category', '64', false),
          v('property'),
          text('orgValue'),
          text('newValue'),
          v('deploymentId', '64'),
          v('processDefinitionId'),
          v('processDefinitionKey'),
          v('processInstanceId', '64'),
          v('executionId', '64'),
          v('taskId', '64'),
          v('externalTaskId', '64'),
          v('incidentId', '64'),
          text('annotation'),
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_hi_op_log_0', columnNames: ['processInstanceId'] }),
          new TableIndex({ name: 'idx_eng_hi_op_log_1', columnNames: ['taskId'] }),
          new TableIndex({ name: 'idx_eng_hi_op_log_2', columnNames: ['timestamp'] }),
        ],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of [
      'eng_hi_op_log',
      'eng_comment',
      'eng_filter',
      'eng_authorization',
      'eng_membership',
      'eng_group',
      'eng_user',
    ])
      await qr.dropTable(t, true);
  }
}
