import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Decision history (`GET /history/decision-instance`): instances, their inputs and outputs. */
export class EngineDecisionHistory1764000300100 implements MigrationInterface {
  name = 'EngineDecisionHistory1764000300100';

  async up(qr: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'varchar', length: '64', isPrimary: true };
    const value = [
      { name: 'type', type: 'varchar', length: '32' },
      { name: 'textValue', type: 'text', isNullable: true },
      { name: 'createTime', type: 'datetime', precision: 3 },
      { name: 'position', type: 'integer' },
    ];
    await qr.createTable(
      new Table({
        name: 'eng_hi_decision_inst',
        columns: [
          id,
          { name: 'decisionDefinitionId', type: 'varchar', length: '255' },
          { name: 'decisionDefinitionKey', type: 'varchar', length: '255' },
          { name: 'decisionDefinitionName', type: 'varchar', length: '255', isNullable: true },
          { name: 'evaluationTime', type: 'datetime', precision: 3 },
          { name: 'processDefinitionId', type: 'varchar', length: '255', isNullable: true },
          { name: 'processDefinitionKey', type: 'varchar', length: '255', isNullable: true },
          { name: 'processInstanceId', type: 'varchar', length: '64', isNullable: true },
          { name: 'activityId', type: 'varchar', length: '255', isNullable: true },
          { name: 'activityInstanceId', type: 'varchar', length: '64', isNullable: true },
          { name: 'rootDecisionInstanceId', type: 'varchar', length: '64', isNullable: true },
          { name: 'collectResultValue', type: 'double', isNullable: true },
          { name: 'userId', type: 'varchar', length: '255', isNullable: true },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_hi_decision_inst_0', columnNames: ['decisionDefinitionKey'] }),
          new TableIndex({ name: 'idx_eng_hi_decision_inst_1', columnNames: ['processInstanceId'] }),
          new TableIndex({ name: 'idx_eng_hi_decision_inst_2', columnNames: ['evaluationTime'] }),
        ],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_hi_decision_in',
        columns: [
          id,
          { name: 'decisionInstanceId', type: 'varchar', length: '64' },
          { name: 'clauseId', type: 'varchar', length: '255' },
          { name: 'clauseName', type: 'varchar', length: '255', isNullable: true },
          ...value,
        ],
        indices: [new TableIndex({ name: 'idx_eng_hi_decision_in_0', columnNames: ['decisionInstanceId'] })],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_hi_decision_out',
        columns: [
          id,
          { name: 'decisionInstanceId', type: 'varchar', length: '64' },
          { name: 'clauseId', type: 'varchar', length: '255' },
          { name: 'clauseName', type: 'varchar', length: '255', isNullable: true },
          { name: 'ruleId', type: 'varchar', length: '255', isNullable: true },
          { name: 'ruleOrder', type: 'integer', isNullable: true },
          { name: 'variableName', type: 'varchar', length: '255' },
          ...value,
        ],
        indices: [new TableIndex({ name: 'idx_eng_hi_decision_out_0', columnNames: ['decisionInstanceId'] })],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_hi_decision_out', true);
    await qr.dropTable('eng_hi_decision_in', true);
    await qr.dropTable('eng_hi_decision_inst', true);
  }
}
