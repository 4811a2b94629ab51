/**
 * Camunda Modeler's "Deploy" and "Start instance" buttons, request for request (Camunda Modeler 5,
 * `app/lib/zeebe-api`'s Camunda 7 sibling `CamundaAPI`): a connection check, the version probe, a
 * multipart deployment of the diagram with its linked form, and a start by definition id. Each
 * call is validated against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { ContractClient } from './contract-client.js';
import { CONTRACT_KEY, REVIEW_FORM, reviewProcess, START_FORM } from './fixtures.js';
import { OpenApiContract } from './openapi-contract.js';

const contract = new OpenApiContract();
const dialects = await testDatabases();

describe.each(dialects)('Camunda Modeler deploy sequence on $dialect', (factory) => {
  let engine: RunningEngine;
  let drop: () => Promise<void>;
  let api: ContractClient;
  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({ dbUrl: db.url, port: 0, clock: new TestClock() });
    api = new ContractClient(engine.url, contract, { accept: 'application/json' });
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('checks the connection, probes the version, deploys with a form and starts by id', async () => {
    // 1. "Test connection" / before deploying: an empty deployment page.
    expect((await api.get('/deployment', { query: { maxResults: 0 } })).body).toEqual([]);
    // 2. The version decides which features the Modeler offers.
    expect((await api.get('/version')).body.version).toMatch(/^7\.\d+/);
    // 3. The deployment: diagram plus attached form, deploy-changed-only, source "Camunda Modeler".
    const deploy = () =>
      api.call('POST', '/deployment/create', {
        multipart: {
          fields: {
            'deployment-name': 'Quy trình thử',
            'deploy-changed-only': 'true',
            'deployment-source': 'Camunda Modeler',
          },
          files: {
            'contract-review.bpmn': reviewProcess(),
            'review.form': REVIEW_FORM,
            'start.form': START_FORM,
          },
        },
      });
    const first = await deploy();
    expect(first.body).toMatchObject({ name: 'Quy trình thử', source: 'Camunda Modeler' });
    const [definition] = Object.values(first.body.deployedProcessDefinitions) as {
      id: string;
      key: string;
    }[];
    expect(definition!.key).toBe(CONTRACT_KEY);
    // Deploying the unchanged diagram again creates no new version.
    const again = await deploy();
    expect(again.body.deployedProcessDefinitions).toBeNull();
    // 4. "Start instance" with the definition id from the deployment answer.
    const started = await api.post(`/process-definition/${definition!.id}/start`, {
      businessKey: 'modeler-1',
      variables: { applicant: { value: 'Trần Thị B', type: 'String' } },
    });
    expect(started.body).toMatchObject({
      definitionId: definition!.id,
      businessKey: 'modeler-1',
      ended: false,
    });
  });
});
