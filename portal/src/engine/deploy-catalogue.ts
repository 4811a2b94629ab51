import type { Logger } from '@motcua/domain';
import type { Catalogue } from '../catalogue/catalogue.js';
import { EngineError, type EngineClient } from './engine-client.js';

export interface DeployOptions {
  /** Give up after this long without a reachable engine. Default 2 minutes. */
  timeoutMs?: number;
  /** Pause between attempts. Default 1 s. */
  retryEveryMs?: number;
  signal?: AbortSignal;
}

/** The deployment source of the designer studio's deployments. */
export const STUDIO_DEPLOYMENT_SOURCE = 'motcua-studio';

/**
 * Whether the latest published version of a key was deployed from the designer studio: then a
 * restart must not put the catalogue's files back over the designer's version.
 */
async function designerVersionInForce(engine: EngineClient, key: string): Promise<boolean> {
  const defs = await engine.call<
    Array<{ key: string; version: number; deploymentId: string; tenantId: string | null }>
  >('GET', `/process-definition?${new URLSearchParams({ key, sortBy: 'version', sortOrder: 'desc' })}`);
  const latest = defs.find((d) => d.key === key && !d.tenantId);
  if (!latest) return false;
  const deployment = await engine.call<{ source: string | null }>(
    'GET',
    `/deployment/${encodeURIComponent(latest.deploymentId)}`,
  );
  return deployment.source === STUDIO_DEPLOYMENT_SOURCE;
}

/**
 * Deploys every procedure of the catalogue (its BPMN and its `.form` files) to the engine, one
 * deployment per procedure, with duplicate filtering so an unchanged procedure keeps its version.
 * Not `deploy-changed-only`: the forms are bound `deployment`, so a new version must carry every
 * form with it (a changed form alone also makes a new process version, which then uses it).
 * Retries while the engine is not up yet (it may start after the portal). A procedure whose latest
 * version a designer deployed from the studio is left as it is.
 */
export async function deployCatalogue(
  engine: EngineClient,
  catalogue: Catalogue,
  logger: Logger,
  options: DeployOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const pause = options.retryEveryMs ?? 1000;
  for (const entry of catalogue.entries) {
    const files = [
      { name: entry.bpmnFileName, content: entry.bpmnXml, contentType: 'text/xml' },
      ...Object.entries(entry.forms).map(([id, schema]) => ({
        name: entry.formFileNames[id] ?? `${id}.form`,
        content: JSON.stringify(schema, null, 2),
        contentType: 'application/json',
      })),
      // A generated procedure's fee table (DMN) and other files deployed with it.
      ...((entry as { extraResources?: Array<{ name: string; content: string; contentType: string }> })
        .extraResources ?? []),
    ];
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) return;
      try {
        if (await designerVersionInForce(engine, entry.key)) {
          logger.info(
            { processDefinitionKey: entry.key },
            'a version deployed from the designer studio is in force; the catalogue files are not redeployed over it',
          );
          break;
        }
        const result = await engine.deploy(entry.key, files);
        const defs = Object.values(result.deployedProcessDefinitions ?? {});
        logger.info(
          { processDefinitionKey: entry.key, deploymentId: result.id, newDefinitions: defs.map((d) => d.id) },
          'procedure deployed',
        );
        break;
      } catch (err) {
        // A model the engine rejects (400) will not deploy by waiting; an absent engine may.
        if (err instanceof EngineError && err.status >= 400 && err.status < 500 && err.status !== 404)
          throw err;
        if (Date.now() > deadline) throw err;
        if (attempt === 1 || attempt % 10 === 0)
          logger.warn(
            { processDefinitionKey: entry.key, err: String(err) },
            'engine not ready for deployment; retrying',
          );
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }
}
