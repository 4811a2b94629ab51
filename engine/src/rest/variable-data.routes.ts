import type { Context } from 'koa';
import {
  EngineExecution,
  EngineHistoricVariableInstance,
  EngineHistoricVariableUpdate,
  EngineTask,
  EngineVariable,
  type EngineTx,
} from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';
import { modifyVariables } from '../services/process-instance.service.js';
import { modifyTaskVariables, setTaskLocalVariables } from '../services/task-actions.service.js';
import { newBinaryValue, readBinary, type BinaryType } from '../variables/file-value.js';
import type { StoredValue } from '../variables/typed-value.js';
import { fileUpload, multipartOf, sendFile } from './file-response.js';
import { noContent } from './http.js';
import type { RouteDeps } from './rest-context.js';

/**
 * `…/variables/{name}/data`: the bytes of File and Bytes variables, read (GET, binary) and
 * written (POST, multipart `data` + optional `valueType` File|Bytes, Bytes by default) for
 * process instances, executions (local), tasks (visible and local); read-only for variable
 * instances, historic variable instances and historic variable updates.
 */

type Row = { name: string; type: string; textValue: string | null };

const notBinary = (what: string) => invalidRequest(`Value of ${what} is not a binary value.`);

/** Sends the variable's bytes, or answers Camunda's 400 for a variable that has none. */
async function serve(ctx: Context, tx: EngineTx, row: Row, what: string): Promise<void> {
  const data = await readBinary(tx, row.type, row.textValue);
  if (!data) {
    if (row.type === 'File' || row.type === 'Bytes')
      throw notFound(`${what} has no content`, 'InvalidRequestException');
    throw notBinary(what);
  }
  sendFile(ctx, data.content, {
    mimeType: data.type === 'File' ? data.ref.mimeType : null,
    encoding: data.type === 'File' ? data.ref.encoding : null,
    filename: data.type === 'File' ? data.ref.filename : null,
  });
}

/** The uploaded value: the `data` part as File (its name and media type) or Bytes. */
function uploadedValue(ctx: Context, name: string): StoredValue {
  const { fields, files } = multipartOf(ctx);
  const data = files.find((f) => f.fieldname === 'data');
  if (!data) throw invalidRequest(`Cannot set variable ${name}: the multipart part 'data' is missing.`);
  const raw = fields.valueType;
  const requested = typeof raw === 'string' && raw !== '' ? raw.toLowerCase() : 'bytes';
  if (requested !== 'file' && requested !== 'bytes')
    throw invalidRequest(
      `Cannot set variable ${name}: valueType '${String(raw)}' is not supported for binary data (File or Bytes).`,
    );
  const type: BinaryType = requested === 'file' ? 'File' : 'Bytes';
  return newBinaryValue(type, data.buffer, {
    filename: data.originalname || name,
    mimeType: data.mimetype || null,
  });
}

/**
 * Of the task's process instance, the variable the task sees: its own first, then its scope's,
 * then the instance's; never another task's own.
 */
async function taskVariable(tx: EngineTx, task: EngineTask, name: string): Promise<EngineVariable | null> {
  const rows = await tx.find(EngineVariable, { processInstanceId: task.processInstanceId, name });
  const scoped = rows.filter((v) => v.taskId === null);
  return (
    rows.find((v) => v.taskId === task.id) ??
    scoped.find((v) => v.executionId === task.executionId) ??
    scoped.find((v) => v.executionId === task.processInstanceId) ??
    scoped[0] ??
    null
  );
}

async function taskOr404(tx: EngineTx, id: string): Promise<EngineTask> {
  const task = await tx.get(EngineTask, id);
  if (!task) throw notFound(`task ${id} doesn't exist`, 'InvalidRequestException');
  return task;
}

export function variableDataRoutes({ router, core }: RouteDeps): void {
  const upload = fileUpload(core);

  // ---- process instances
  router.get('/process-instance/:id/variables/:varName/data', async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await core.query(async (tx) => {
      const pi = await tx.get(EngineExecution, id);
      if (!pi || !pi.isProcessInstance)
        throw notFound(`Process instance with id ${id} does not exist`, 'InvalidRequestException');
      const v = await tx.findOne(EngineVariable, { executionId: id, taskId: null, name: varName });
      if (!v)
        throw notFound(
          `process instance variable with name ${varName} does not exist`,
          'InvalidRequestException',
        );
      await serve(ctx, tx, v, `process instance variable ${varName}`);
    });
  });
  router.post('/process-instance/:id/variables/:varName/data', upload, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await modifyVariables(core, id, new Map([[varName, uploadedValue(ctx, varName)]]), []);
    noContent(ctx);
  });

  // ---- executions: local variables only, as Camunda's getVariableLocal
  router.get('/execution/:id/localVariables/:varName/data', async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await core.query(async (tx) => {
      if (!(await tx.get(EngineExecution, id)))
        throw notFound(`Execution with id ${id} does not exist`, 'InvalidRequestException');
      const v = await tx.findOne(EngineVariable, { executionId: id, taskId: null, name: varName });
      if (!v)
        throw notFound(`execution variable with name ${varName} does not exist`, 'InvalidRequestException');
      await serve(ctx, tx, v, `execution variable ${varName}`);
    });
  });
  router.post('/execution/:id/localVariables/:varName/data', upload, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    const value = uploadedValue(ctx, varName);
    await core.command(async (c) => {
      const exec = await c.execution(id);
      if (!exec) throw notFound(`Execution with id ${id} does not exist`, 'InvalidRequestException');
      await c.setLocalVariables(exec, new Map([[varName, value]]), {
        activityInstanceId: exec.activityInstanceId ?? exec.processInstanceId,
      });
      await logOperation(c.tx, c.now, {
        operationType: 'ModifyVariable',
        entityType: 'Variable',
        category: 'Operator',
        changes: [{ property: varName, orgValue: null, newValue: value.text }],
        processDefinitionId: exec.processDefinitionId,
        processDefinitionKey: exec.processDefinitionKey,
        processInstanceId: exec.processInstanceId,
        executionId: exec.id,
      });
    });
    noContent(ctx);
  });

  // ---- tasks
  router.get('/task/:id/variables/:varName/data', async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await core.query(async (tx) => {
      const v = await taskVariable(tx, await taskOr404(tx, id), varName);
      if (!v) throw notFound(`task variable with name ${varName} does not exist`, 'InvalidRequestException');
      await serve(ctx, tx, v, `task variable ${varName}`);
    });
  });
  router.post('/task/:id/variables/:varName/data', upload, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await modifyTaskVariables(core, id, new Map([[varName, uploadedValue(ctx, varName)]]), []);
    noContent(ctx);
  });
  router.get('/task/:id/localVariables/:varName/data', async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await core.query(async (tx) => {
      const task = await taskOr404(tx, id);
      const v = await tx.findOne(EngineVariable, { taskId: task.id, name: varName });
      if (!v) throw notFound(`task variable with name ${varName} does not exist`, 'InvalidRequestException');
      await serve(ctx, tx, v, `task variable ${varName}`);
    });
  });
  router.post('/task/:id/localVariables/:varName/data', upload, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await setTaskLocalVariables(core, id, new Map([[varName, uploadedValue(ctx, varName)]]), []);
    noContent(ctx);
  });

  // ---- by variable id: runtime, historic instance, historic update
  router.get('/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    await core.query(async (tx) => {
      const v = await tx.get(EngineVariable, id);
      if (!v) throw notFound(`Variable instance with Id '${id}' does not exist.`, 'InvalidRequestException');
      await serve(ctx, tx, v, `variable with id ${id}`);
    });
  });
  router.get('/history/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    await core.query(async (tx) => {
      const v = await tx.get(EngineHistoricVariableInstance, id);
      if (!v)
        throw notFound(
          `Historic variable instance with Id '${id}' does not exist.`,
          'InvalidRequestException',
        );
      await serve(ctx, tx, v, `historic variable instance with id ${id}`);
    });
  });
  router.get('/history/detail/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    await core.query(async (tx) => {
      const v = await tx.get(EngineHistoricVariableUpdate, id);
      if (!v) throw notFound(`Historic detail with Id '${id}' does not exist.`, 'InvalidRequestException');
      await serve(ctx, tx, v, `historic detail with id ${id}`);
    });
  });
}
