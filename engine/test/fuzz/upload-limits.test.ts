/**
 * Hostile uploads through `/deployment/create` (issue 15, bad input): entity expansion ("billion
 * laughs"), an external entity naming `file:///etc/passwd`, a 50 MB file, elements nested 10 000
 * deep, forms that are not JSON or nested too deep. Each is answered 400 with Camunda's
 * `{type, message}` naming the problem, nothing is deployed, and the engine still deploys and
 * answers afterwards.
 */
import { describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { useEngine } from '../harness.js';
import { bpmn, flow } from '../rest-client.js';
import { deepJson } from './malformed-requests.js';

const dialects = await testDatabases();

const valid = (key: string) =>
  bpmn(key, `<bpmn:startEvent id="start" />${flow('f1', 'start', 'end')}<bpmn:endEvent id="end" />`);

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${valid('laughs').replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace('name="Simple"', 'name="&lol9;"')}`.replace(
  '<bpmn:process id="laughs" isExecutable="true">',
  '<bpmn:process id="laughs" name="&lol9;" isExecutable="true">',
);

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
${valid('xxe').replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace('<bpmn:process id="xxe" isExecutable="true">', '<bpmn:process id="xxe" name="&xxe;" isExecutable="true">')}`;

/** A BPMN process whose documentation holds elements nested `depth` deep. */
const deepBpmn = (key: string, depth: number) =>
  bpmn(
    key,
    `<bpmn:startEvent id="start"><bpmn:extensionElements>${'<camunda:properties>'.repeat(depth)}${'</camunda:properties>'.repeat(depth)}</bpmn:extensionElements></bpmn:startEvent>${flow('f1', 'start', 'end')}<bpmn:endEvent id="end" />`,
  );

const deepDmn = (depth: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="deep" name="deep" namespace="http://motcua.test">
${'<decision id="d" name="d">'.repeat(depth)}${'</decision>'.repeat(depth)}
</definitions>`;

/** A user task inside `depth` nested sub-processes: deep, but a real model. */
const nestedSubProcesses = (key: string, depth: number) => {
  let inner = '<bpmn:userTask id="sp0" />';
  for (let i = 1; i <= depth; i++)
    inner = `<bpmn:subProcess id="sp${i}"><bpmn:startEvent id="s${i}" />${flow(`a${i}`, `s${i}`, `sp${i - 1}`)}${inner}${flow(`b${i}`, `sp${i - 1}`, `e${i}`)}<bpmn:endEvent id="e${i}" /></bpmn:subProcess>`;
  return bpmn(
    key,
    `<bpmn:startEvent id="start" />${flow('f0', 'start', `sp${depth}`)}${inner}${flow('f1', `sp${depth}`, 'end')}<bpmn:endEvent id="end" />`,
  );
};

describe.each(dialects)('hostile uploads on $dialect', (factory) => {
  const h = useEngine(factory);

  /** Deploys `files`, expects a 400 with Camunda's error body, and that nothing was deployed. */
  const refused = async (files: Record<string, string>, message: RegExp) => {
    const before = (await h.api.ok(h.api.get('/deployment/count'))).count as number;
    const res = await h.api.deploy(files, { 'deployment-name': 'hostile' });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/json');
    expect(typeof res.body.type).toBe('string');
    expect(res.body.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toMatch(/root:|\/bin\/|lollollol/);
    expect((await h.api.ok(h.api.get('/deployment/count'))).count).toBe(before);
    expect((await h.api.ok(h.api.get('/deployment?name=hostile'))).length).toBe(0);
    return res.body as { type: string; message: string };
  };

  it('refuses a billion-laughs document (a DOCTYPE with entity declarations) without expanding it', async () => {
    const body = await refused({ 'laughs.bpmn': BILLION_LAUGHS }, /DOCTYPE is not allowed/);
    expect(body.type).toBe('ParseException');
    expect(body.message).toContain("'laughs.bpmn'");
    expect((await h.api.ok(h.api.get('/process-definition/count?key=laughs'))).count).toBe(0);
  });

  it('refuses an external entity naming file:///etc/passwd, in BPMN and in DMN', async () => {
    await refused({ 'xxe.bpmn': EXTERNAL_ENTITY }, /DOCTYPE is not allowed/);
    const dmn = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="x" name="&xxe;" namespace="n"/>`;
    await refused({ 'xxe.dmn': dmn }, /DOCTYPE is not allowed/);
    expect((await h.api.ok(h.api.get('/process-definition/count?key=xxe'))).count).toBe(0);
  });

  it('refuses a 50 MB upload with a clear message', async () => {
    const big = valid('big').replace(
      '</bpmn:definitions>',
      `<!--${'x'.repeat(50 * 1024 * 1024)}--></bpmn:definitions>`,
    );
    const body = await refused({ 'big.bpmn': big }, /Upload refused: File too large/);
    expect(body.type).toBe('InvalidRequestException');
  }, 60_000);

  it('refuses elements nested 10 000 deep in BPMN and DMN, and forms nested 10 000 deep', async () => {
    await refused({ 'deep.bpmn': deepBpmn('deep', 10_000) }, /nested deeper than 200 levels/);
    await refused({ 'deep.dmn': deepDmn(10_000) }, /nested deeper than 200 levels/);
    await refused({ 'deep.form': deepJson(10_000) }, /nested deeper than 1000 levels/);
    // In a deployment with a valid process: the whole deployment is refused.
    await refused(
      { 'ok.bpmn': valid('ok-with-deep'), 'deep.form': deepJson(10_000, '[', ']') },
      /deep\.form/,
    );
    expect((await h.api.ok(h.api.get('/process-definition/count?key=ok-with-deep'))).count).toBe(0);
  });

  it('refuses a form that is not a JSON object', async () => {
    await refused({ 'broken.form': '{"components": [' }, /not valid JSON/);
    await refused({ 'list.form': '[]' }, /must be a form-js JSON object/);
  });

  it('keeps a moderately nested model deployable and the engine healthy afterwards', async () => {
    const dep = await h.api.deploy({
      'nested.bpmn': nestedSubProcesses('nested-ok', 30),
      'f.form': deepJson(50),
    });
    expect(dep.body).toMatchObject({ name: 'test' });
    expect((await h.api.ok(h.api.get('/process-definition/count?key=nested-ok'))).count).toBe(1);
    const started = await h.api.ok(h.api.post('/process-definition/key/nested-ok/start', {}));
    const tasks = await h.api.ok(h.api.get(`/task?processInstanceId=${started.id}`));
    expect(tasks.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['sp0']);
    expect((await h.api.get('/engine')).body).toEqual([{ name: 'default' }]);
  });
});
