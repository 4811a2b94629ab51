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

/**
 * Deploys every procedure of the catalogue (its BPMN and its `.form` files) to the engine, one
 * deployment per procedure, with duplicate filtering so an unchanged procedure keeps its version.
 * Not `deploy-changed-only`: the forms are bound `deployment`, so a new version must carry every
 * form with it (a changed form alone also makes a new process version, which then uses it).
 * Retries while the engine is not up yet (it may start after the portal).
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
