import multer from '@koa/multer';
import type { Context } from 'koa';
import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineDeployment,
  EngineResource,
  type Where,
} from '@motcua/db';
import type { DeploymentWithDefinitionsDto } from '@motcua/engine-client';
import { deploy } from '../services/deployment.service.js';
import { notFound } from '../runtime/errors.js';
import { decisionDefinitionDto } from './decision-definition.routes.js';
import { drdDto, drdsOf } from './drd.routes.js';
import { deploymentDto, processDefinitionDto } from './dto-mappers.js';
import { paging, parsingMultipart, queryString, sendJson, sortByOf, sortOrderOf } from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

/** Upload limits: a procedure's BPMN, forms and DMN fit easily; anything bigger is refused (400). */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 5 * 1024 * 1024, files: 50, fields: 20, fieldSize: 64 * 1024, parts: 80 },
});

const flag = (v: unknown): boolean => v === 'true' || v === true;
const field = (body: Record<string, unknown>, name: string): string | null => {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : null;
};

export function deploymentRoutes({ router, core }: RouteDeps): void {
  const deployedDecisions = async (deploymentId: string | null) => {
    if (deploymentId === null) return null;
    const rows = await core.query((tx) =>
      tx.find(EngineDecisionDefinition, { deploymentId }, { order: { key: 'ASC' } }),
    );
    const drds = await core.query((tx) => drdsOf(tx, rows));
    return rows.length
      ? Object.fromEntries(rows.map((d) => [d.id, decisionDefinitionDto(d, drds.get(d.id) ?? null)]))
      : null;
  };
  // The DRDs deployed (files of several decisions), as Operaton; null when there are none.
  const deployedDrds = async (deploymentId: string | null) => {
    if (deploymentId === null) return null;
    const rows = await core.query((tx) =>
      tx.find(EngineDecisionRequirementsDefinition, { deploymentId }, { order: { key: 'ASC' } }),
    );
    return rows.length ? Object.fromEntries(rows.map((d) => [d.id, drdDto(d)])) : null;
  };
  router.post('/deployment/create', parsingMultipart(upload.any() as never), async (ctx: Context) => {
    const body = (ctx.request as unknown as { body?: Record<string, unknown> }).body ?? {};
    const files = ((
      ctx as unknown as { files?: { fieldname: string; originalname: string; buffer: Buffer }[] }
    ).files ?? []) as {
      fieldname: string;
      originalname: string;
      buffer: Buffer;
    }[];
    const result = await deploy(core, {
      name: field(body, 'deployment-name'),
      source: field(body, 'deployment-source'),
      tenantId: field(body, 'tenant-id'),
      enableDuplicateFiltering: flag(body['enable-duplicate-filtering']) || flag(body['deploy-changed-only']),
      deployChangedOnly: flag(body['deploy-changed-only']),
      resources: files.map((f) => ({
        name: f.originalname || f.fieldname,
        content: f.buffer.toString('utf8'),
      })),
    });
    const dto: DeploymentWithDefinitionsDto = {
      ...deploymentDto(result.deployment, baseUrlOf(ctx)),
      deployedProcessDefinitions:
        result.definitions === null
          ? null
          : Object.fromEntries(result.definitions.map((d) => [d.id, processDefinitionDto(d)])),
      // Operaton lists the deployment's decisions here (null when there are none).
      deployedDecisionDefinitions: await deployedDecisions(
        result.definitions === null ? null : result.deployment.id,
      ),
      deployedDecisionRequirementsDefinitions: await deployedDrds(
        result.definitions === null ? null : result.deployment.id,
      ),
      deployedCaseDefinitions: null,
    };
    sendJson(ctx, dto);
  });

  // The list and the count (`COUNT(*)` in the database) share the filters.
  const deploymentWhere = (ctx: Context): Where<EngineDeployment> => {
    const nameLike = queryString(ctx, 'nameLike');
    return {
      id: queryString(ctx, 'id'),
      name: nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'name'),
      source: queryString(ctx, 'source'),
    };
  };
  const listDeployments = async (ctx: Context) => {
    const sortBy = sortByOf(ctx, ['id', 'name', 'deploymentTime', 'tenantId'] as const);
    return core.query((tx) =>
      tx.find(EngineDeployment, deploymentWhere(ctx), {
        order: sortBy ? { [sortBy]: sortOrderOf(ctx) } : { deploymentTime: 'ASC', id: 'ASC' },
        ...paging(ctx),
      }),
    );
  };
  router.get('/deployment', async (ctx) => {
    sendJson(
      ctx,
      (await listDeployments(ctx)).map((d) => deploymentDto(d, baseUrlOf(ctx))),
    );
  });
  router.get('/deployment/count', async (ctx) => {
    sendJson(ctx, { count: await core.query((tx) => tx.count(EngineDeployment, deploymentWhere(ctx))) });
  });
  router.get('/deployment/:id', async (ctx) => {
    const d = await core.query((tx) => tx.get(EngineDeployment, ctx.params.id!));
    if (!d) throw notFound(`Deployment with id '${ctx.params.id}' does not exist`, 'InvalidRequestException');
    sendJson(ctx, deploymentDto(d, baseUrlOf(ctx)));
  });
  router.get('/deployment/:id/resources', async (ctx) => {
    const rows = await core.query((tx) =>
      tx.find(EngineResource, { deploymentId: ctx.params.id! }, { order: { name: 'ASC' } }),
    );
    if (rows.length === 0)
      throw notFound(
        `Deployment resources for deployment id '${ctx.params.id}' do not exist.`,
        'InvalidRequestException',
      );
    sendJson(
      ctx,
      rows.map((r) => ({ id: r.id, name: r.name, deploymentId: r.deploymentId })),
    );
  });
  router.get('/deployment/:id/resources/:resourceId', async (ctx) => {
    const r = await core.query((tx) =>
      tx.findOne(EngineResource, { id: ctx.params.resourceId!, deploymentId: ctx.params.id! }),
    );
    if (!r)
      throw notFound(
        `Deployment resource with resource id '${ctx.params.resourceId}' for deployment id '${ctx.params.id}' does not exist.`,
        'InvalidRequestException',
      );
    sendJson(ctx, { id: r.id, name: r.name, deploymentId: r.deploymentId });
  });
  router.get('/deployment/:id/resources/:resourceId/data', async (ctx) => {
    const r = await core.query((tx) =>
      tx.findOne(EngineResource, { id: ctx.params.resourceId!, deploymentId: ctx.params.id! }),
    );
    if (!r)
      throw notFound(
        `Deployment resource with resource id '${ctx.params.resourceId}' for deployment id '${ctx.params.id}' does not exist.`,
        'InvalidRequestException',
      );
    ctx.status = 200;
    ctx.set(
      'Content-Type',
      /\.(form|json)$/i.test(r.name)
        ? 'application/json'
        : /\.(bpmn|xml|dmn)$/i.test(r.name)
          ? 'application/xml'
          : 'application/octet-stream',
    );
    ctx.set('Content-Disposition', `attachment; filename="${r.name.replace(/["\\\r\n]/g, '_')}"`);
    ctx.body = r.content;
  });
}
