import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

/**
 * The engine's first schema: repository (deployments, resources, definitions), runtime
 * (executions, tasks, identity links, external tasks, variables, incidents) and history.
 * Written with the Table API so the same class runs on SQLite and MySQL/MariaDB.
 */
export class EngineSchema1764000000000 implements MigrationInterface {
  name = 'EngineSchema1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    // `text` is 64 KB on MySQL: BPMN files and variable values need more.
    const big = qr.connection.driver.options.type === 'mysql' ? 'mediumtext' : 'text';
    const id = (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: '64', isPrimary: true });
    const ref = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: '64',
      isNullable: nullable,
    });
    const str = (name: string, nullable = false, length = '255'): TableColumnOptions => ({
      name,
      type: 'varchar',
      length,
      isNullable: nullable,
    });
    const text = (name: string, nullable = true): TableColumnOptions => ({
      name,
      type: big,
      isNullable: nullable,
    });
    const int = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable: nullable,
    });
    const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });
    const time = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'datetime',
      precision: 3,
      isNullable: nullable,
    });
    const rev = int('rev');

    const table = async (
      name: string,
      columns: TableColumnOptions[],
      indices: { columns: string[]; unique?: boolean }[] = [],
    ) => {
      await qr.createTable(new Table({ name, columns }), true);
      for (const [i, idx] of indices.entries()) {
        await qr.createIndex(
          name,
          new TableIndex({
            name: `idx_${name}_${i}`,
            columnNames: idx.columns,
            isUnique: idx.unique ?? false,
          }),
        );
      }
    };

    await table(
      'eng_deployment',
      [id(), str('name', true), str('source', true), ref('tenantId', true), time('deploymentTime')],
      [{ columns: ['name'] }],
    );
    await table(
      'eng_resource',
      [id(), ref('deploymentId'), str('name'), text('content', false)],
      [{ columns: ['deploymentId'] }],
    );
    await table(
      'eng_process_definition',
      [
        { name: 'id', type: 'varchar', length: '255', isPrimary: true },
        str('definitionKey'),
        int('version'),
        str('name', true),
        ref('deploymentId'),
        str('resourceName'),
        str('versionTag', true),
        ref('tenantId', true),
        bool('suspended'),
        bool('startableInTasklist'),
        int('historyTimeToLive', true),
      ],
      [{ columns: ['definitionKey', 'version'], unique: true }, { columns: ['deploymentId'] }],
    );
    await table(
      'eng_execution',
      [
        id(),
        rev,
        ref('processInstanceId'),
        ref('parentId', true),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        str('businessKey', true),
        ref('superProcessInstanceId', true),
        str('activityId', true),
        ref('activityInstanceId', true),
        bool('isProcessInstance'),
        bool('isConcurrent'),
        bool('isActive'),
        time('startTime'),
        ref('tenantId', true),
      ],
      [
        { columns: ['processInstanceId'] },
        { columns: ['businessKey'] },
        { columns: ['processDefinitionKey'] },
      ],
    );
    await table(
      'eng_task',
      [
        id(),
        rev,
        str('name', true),
        text('description'),
        ref('executionId'),
        ref('processInstanceId'),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        str('businessKey', true),
        str('taskDefinitionKey'),
        ref('activityInstanceId'),
        str('assignee', true),
        str('owner', true),
        int('priority'),
        time('created'),
        time('lastUpdated', true),
        time('dueDate', true),
        time('followUpDate', true),
        str('formKey', true, '1000'),
        str('formRefKey', true),
        str('formRefBinding', true, '32'),
        int('formRefVersion', true),
        bool('suspended'),
        ref('tenantId', true),
      ],
      [
        { columns: ['processInstanceId'] },
        { columns: ['assignee'] },
        { columns: ['created'] },
        { columns: ['dueDate'] },
      ],
    );
    await table(
      'eng_identity_link',
      [id(), ref('taskId'), str('type', false, '32'), str('userId', true), str('groupId', true)],
      [{ columns: ['taskId'] }, { columns: ['groupId'] }, { columns: ['userId'] }],
    );
    await table(
      'eng_external_task',
      [
        id(),
        rev,
        str('topicName'),
        str('workerId', true),
        time('lockExpirationTime', true),
        int('retries', true),
        text('errorMessage'),
        text('errorDetails'),
        ref('executionId'),
        ref('processInstanceId'),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        str('processDefinitionVersionTag', true),
        str('activityId'),
        ref('activityInstanceId'),
        int('priority'),
        str('businessKey', true),
        ref('tenantId', true),
        time('createTime'),
        bool('suspended'),
      ],
      [{ columns: ['topicName', 'lockExpirationTime'] }, { columns: ['processInstanceId'] }],
    );
    await table(
      'eng_variable',
      [
        id(),
        rev,
        str('name'),
        str('type', false, '32'),
        text('textValue'),
        ref('executionId'),
        ref('processInstanceId'),
        ref('taskId', true),
      ],
      [{ columns: ['processInstanceId', 'name'] }, { columns: ['executionId'] }, { columns: ['name'] }],
    );
    await table(
      'eng_incident',
      [
        id(),
        rev,
        str('incidentType', false, '64'),
        text('incidentMessage'),
        time('incidentTimestamp'),
        ref('executionId'),
        ref('processInstanceId'),
        str('processDefinitionId'),
        str('activityId'),
        ref('configuration', true),
        ref('tenantId', true),
      ],
      [{ columns: ['processInstanceId'] }, { columns: ['configuration'] }],
    );
    await table(
      'eng_hi_procinst',
      [
        id(),
        rev,
        str('businessKey', true),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        str('processDefinitionName', true),
        int('processDefinitionVersion'),
        time('startTime'),
        time('endTime', true),
        str('startActivityId', true),
        str('endActivityId', true),
        str('state', false, '32'),
        ref('superProcessInstanceId', true),
        text('deleteReason'),
        ref('tenantId', true),
      ],
      [{ columns: ['businessKey'] }, { columns: ['processDefinitionKey'] }, { columns: ['endTime'] }],
    );
    await table(
      'eng_hi_actinst',
      [
        id(),
        rev,
        ref('parentActivityInstanceId', true),
        str('activityId'),
        str('activityName', true),
        str('activityType', false, '64'),
        ref('processInstanceId'),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        ref('executionId'),
        ref('taskId', true),
        str('assignee', true),
        time('startTime'),
        time('endTime', true),
        bool('canceled'),
        bool('completeScope'),
        ref('tenantId', true),
      ],
      [{ columns: ['processInstanceId', 'startTime'] }, { columns: ['activityId'] }],
    );
    await table(
      'eng_hi_varinst',
      [
        id(),
        rev,
        str('name'),
        str('type', false, '32'),
        text('textValue'),
        ref('processInstanceId'),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        ref('executionId'),
        ref('activityInstanceId'),
        ref('taskId', true),
        time('createTime'),
        str('state', false, '32'),
        ref('tenantId', true),
      ],
      [{ columns: ['processInstanceId'] }, { columns: ['name'] }],
    );
    await table(
      'eng_hi_detail',
      [
        id(),
        ref('variableInstanceId'),
        str('name'),
        str('type', false, '32'),
        text('textValue'),
        ref('processInstanceId'),
        ref('executionId'),
        ref('activityInstanceId', true),
        ref('taskId', true),
        time('time'),
        int('revision'),
      ],
      [{ columns: ['processInstanceId'] }, { columns: ['variableInstanceId'] }],
    );
    await table(
      'eng_hi_taskinst',
      [
        id(),
        rev,
        str('taskDefinitionKey'),
        str('name', true),
        ref('processInstanceId'),
        str('processDefinitionId'),
        str('processDefinitionKey'),
        ref('executionId'),
        ref('activityInstanceId'),
        str('assignee', true),
        time('startTime'),
        time('endTime', true),
        str('deleteReason', true),
        ref('tenantId', true),
      ],
      [{ columns: ['processInstanceId'] }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of [
      'eng_hi_taskinst',
      'eng_hi_detail',
      'eng_hi_varinst',
      'eng_hi_actinst',
      'eng_hi_procinst',
      'eng_incident',
      'eng_variable',
      'eng_external_task',
      'eng_identity_link',
      'eng_task',
      'eng_execution',
      'eng_process_definition',
      'eng_resource',
      'eng_deployment',
    ]) {
      await qr.dropTable(t, true);
    }
  }
}
