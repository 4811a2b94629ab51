import type { Context } from 'koa';
import type { DeploymentWithDefinitionsDto } from '@motcua/engine-client';
import { deploy, type DeploymentResult } from '../services/deployment.service.js';
import {
  countDeployments,
  deployedDecisions,
  deployedDrds,
  deploymentResource,
  deploymentResources,
  getDeployment,
  listDeployments,
  redeploy,
  registeredDeploymentIds,
} from '../services/deployment-query.service.js';
import { deleteDeployment } from '../services/process-admin.service.js';
import { decisionDefinitionDto } from './decision-definition.routes.js';
import { drdDto } from './drd.routes.js';
import { deploymentDto, processDefinitionDto } from './dto-mappers.js';
import { noContent, optString, optStringArray, queryBool, readJson, sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { multipartParser } from './multipart.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

/** Upload limits: a procedure's BPMN, forms and DMN fit easily; anything bigger is refused (400). */
const upload = multipartParser(() => ({
  limits: { fileSize: 5 * 1024 * 1024, files: 50, fields: 20, fieldSize: 64 * 1024, parts: 80 },
}));

const flag = (v: unknown): boolean => v === 'true' || v === true;
const field = (body: Record<string, unknown>, name: string): string | null => {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : null;
};

/**
 * `/deployment`: deploying (multipart), the query, one deployment, its resources and their
 * content, redeploying, deleting, and the registered deployments.
 */
export function deploymentRoutes({ router, core }: RouteDeps): void {
  // Operaton lists the deployment's decisions and DRDs; null when there are none.
  // The decisions and DRDs just deployed are part of the deployment's answer: read unchecked.
  const decisionsOf = async (deploymentId: string) => {
    const rows = await deployedDecisions(core, deploymentId);
    return rows.length
      ? Object.fromEntries(rows.map((d) => [d.definition.id, decisionDefinitionDto(d.definition, d.drd)]))
      : null;
  };
  const drdsOfDeployment = async (deploymentId: string) => {
    const rows = await deployedDrds(core, deploymentId);
    return rows.length ? Object.fromEntries(rows.map((d) => [d.id, drdDto(d)])) : null;
  };
  router.get('/deployment/registered', async (ctx) => {
    sendJson(ctx, await registeredDeploymentIds(engineOf(core, ctx)));
  });
  router.delete('/deployment/:id', async (ctx) => {
    await deleteDeployment(engineOf(core, ctx), ctx.params.id!, {
      cascade: queryBool(ctx, 'cascade') ?? false,
    });
    noContent(ctx);
  });
  router.post('/deployment/create', upload, async (ctx: Context) => {
    const body = (ctx.request as unknown as { body?: Record<string, unknown> }).body ?? {};
    const files = ((
      ctx as unknown as { files?: { fieldname: string; originalname: string; buffer: Buffer }[] }
    ).files ?? []) as {
      fieldname: string;
      originalname: string;
      buffer: Buffer;
    }[];
    const result = await deploy(engineOf(core, ctx), {
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
    const deployed = result.definitions === null ? null : result.deployment.id;
    const dto: DeploymentWithDefinitionsDto = {
      ...deploymentDto(result.deployment, baseUrlOf(ctx)),
      deployedProcessDefinitions: definitionsOf(result),
      deployedDecisionDefinitions: deployed === null ? null : await decisionsOf(deployed),
      deployedDecisionRequirementsDefinitions: deployed === null ? null : await drdsOfDeployment(deployed),
      deployedCaseDefinitions: null,
    };
    sendJson(ctx, dto);
  });
  router.get('/deployment', async (ctx) => {
    sendJson(
      ctx,
      (await listDeployments(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))).map((d) =>
        deploymentDto(d, baseUrlOf(ctx)),
      ),
    );
  });
  router.get('/deployment/count', async (ctx) => {
    sendJson(ctx, { count: await countDeployments(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.get('/deployment/:id', async (ctx) => {
    sendJson(ctx, deploymentDto(await getDeployment(engineOf(core, ctx), ctx.params.id!), baseUrlOf(ctx)));
  });
  router.get('/deployment/:id/resources', async (ctx) => {
    const rows = await deploymentResources(engineOf(core, ctx), ctx.params.id!);
    sendJson(
      ctx,
      rows.map((r) => ({ id: r.id, name: r.name, deploymentId: r.deploymentId })),
    );
  });
  router.get('/deployment/:id/resources/:resourceId', async (ctx) => {
    const r = await deploymentResource(engineOf(core, ctx), ctx.params.id!, ctx.params.resourceId!);
    sendJson(ctx, { id: r.id, name: r.name, deploymentId: r.deploymentId });
  });
  router.get('/deployment/:id/resources/:resourceId/data', async (ctx) => {
    const r = await deploymentResource(engineOf(core, ctx), ctx.params.id!, ctx.params.resourceId!);
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
  router.post('/deployment/:id/redeploy', async (ctx) => {
    const body = await readJson(ctx);
    const result = await redeploy(engineOf(core, ctx), ctx.params.id!, {
      resourceIds: optStringArray(body, 'resourceIds'),
      resourceNames: optStringArray(body, 'resourceNames'),
      source: optString(body, 'source'),
    });
    sendJson(ctx, {
      ...deploymentDto(result.deployment, baseUrlOf(ctx)),
      deployedProcessDefinitions: definitionsOf(result),
      deployedDecisionDefinitions: null,
      deployedDecisionRequirementsDefinitions: null,
      deployedCaseDefinitions: null,
    });
  });
}

const definitionsOf = (result: DeploymentResult) =>
  result.definitions === null
    ? null
    : Object.fromEntries(result.definitions.map((d) => [d.id, processDefinitionDto(d)]));
