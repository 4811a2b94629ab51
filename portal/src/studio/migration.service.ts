import { NotFoundError, UserInputError } from '@motcua/domain';
import type { AuditStore, PortalUser } from '@motcua/db/portal';
import { EngineError } from '../engine/engine-client.js';
import type {
  MigrationPlanDto,
  MigrationValidationDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
  StudioEngine,
} from './studio-engine.js';

export interface MigrationPreview {
  source: ProcessDefinitionDto;
  target: ProcessDefinitionDto;
  plan: MigrationPlanDto;
  validation: MigrationValidationDto;
  instances: ProcessInstanceDto[];
}

export interface MigrationOutcome {
  migrated: string[];
  target: ProcessDefinitionDto;
}

/**
 * Moving chosen running instances of a version to another version of the same procedure with the
 * engine's migration API: `/migration/generate` (activities mapped by id), `/migration/validate`,
 * `/migration/execute`. Instances not chosen stay on their version.
 */
export class MigrationService {
  constructor(
    private readonly engine: StudioEngine,
    private readonly audit: AuditStore,
  ) {}

  private async versions(sourceId: string, targetId: string) {
    const [source, target] = await Promise.all([
      this.engine.definition(sourceId).catch(() => null),
      this.engine.definition(targetId).catch(() => null),
    ]);
    if (!source || !target || source.tenantId || target.tenantId) throw new NotFoundError('Unknown version');
    if (source.key !== target.key)
      throw new UserInputError('Chỉ chuyển được hồ sơ giữa các phiên bản của cùng một thủ tục.');
    if (source.id === target.id) throw new UserInputError('Hãy chọn hai phiên bản khác nhau.');
    return { source, target };
  }

  async preview(sourceId: string, targetId: string): Promise<MigrationPreview> {
    const { source, target } = await this.versions(sourceId, targetId);
    const plan = await this.engine.generateMigration(source.id, target.id);
    const validation = await this.engine.validateMigration(plan);
    const instances = await this.engine.runningInstances(source.id);
    return { source, target, plan, validation, instances };
  }

  async execute(
    user: PortalUser,
    input: { sourceId: string; targetId: string; instanceIds: string[]; note: string },
    ip: string | null,
  ): Promise<MigrationOutcome> {
    const note = input.note.trim();
    if (note.length < 5 || note.length > 1000)
      throw new UserInputError('Hãy ghi lý do chuyển phiên bản (từ 5 đến 1000 ký tự).');
    if (!input.instanceIds.length) throw new UserInputError('Hãy chọn ít nhất một hồ sơ để chuyển.');
    const { source, target } = await this.versions(input.sourceId, input.targetId);
    const running = new Set((await this.engine.runningInstances(source.id)).map((i) => i.id));
    const strangers = input.instanceIds.filter((id) => !running.has(id));
    if (strangers.length)
      throw new UserInputError('Có hồ sơ đã chọn không còn chạy trên phiên bản nguồn. Hãy tải lại trang.');
    const plan = await this.engine.generateMigration(source.id, target.id);
    try {
      await this.engine.executeMigration(plan, input.instanceIds);
    } catch (err) {
      // The migration of the chosen instances is one transaction: any answer is a refusal.
      if (err instanceof EngineError) {
        await this.audit.append({
          actor: user.id,
          action: 'studio.migrate-refused',
          target: source.key,
          detail: {
            source: source.id,
            target: target.id,
            instances: input.instanceIds,
            note,
            engine: err.message.slice(0, 500),
          },
          ip,
        });
        throw new UserInputError(
          `Máy chủ quy trình từ chối chuyển phiên bản; các hồ sơ vẫn ở phiên bản ${source.version}. Lý do: ${err.message}`,
        );
      }
      throw err;
    }
    await this.audit.append({
      actor: user.id,
      action: 'studio.migrate',
      target: source.key,
      detail: {
        source: source.id,
        target: target.id,
        fromVersion: source.version,
        toVersion: target.version,
        instances: input.instanceIds,
        note,
      },
      ip,
    });
    return { migrated: input.instanceIds, target };
  }
}
