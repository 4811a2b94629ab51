import type { Context } from 'koa';
import type { EngineTx } from '@motcua/db/engine';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { newBinaryValue, type BinaryType } from '../variables/file-value.js';
import { readVariableData, type VariableData, type VariableRow } from '../services/variable-data.service.js';
import {
  fromDto,
  fromDtoMap,
  toDto,
  VariableValueError,
  type StoredValue,
} from '../variables/typed-value.js';
import { variableMap } from './dto-mappers.js';
import { fileUpload, multipartOf, sendFile } from './file-response.js';
import { noContent, optStringArray, readJson, sendJson } from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import type { EngineCore } from '../engine-core.js';
import type { Caller } from '../identity/authorization.service.js';

/**
 * The variables sub-resource of Camunda's REST API (`/process-instance/{id}/variables`,
 * `/execution/{id}/localVariables`, `/task/{id}/variables`, `/task/{id}/localVariables`), mounted
 * once per scope from how that scope reads and writes its variables:
 *
 *   GET    {path}                     the scope's variables, by name
 *   GET    {path}/{varName}           one, 404 if absent
 *   PUT    {path}/{varName}           sets one
 *   DELETE {path}/{varName}           removes one
 *   POST   {path}                     `modifications` and `deletions` in one command
 *   GET    {path}/{varName}/data      the bytes of a File/Bytes variable
 *   POST   {path}/{varName}/data      sets one from a multipart upload (`data`, `valueType`)
 */

export type { VariableRow } from '../services/variable-data.service.js';

export interface VariableScope {
  /** The sub-resource's path, e.g. `/task/:id/localVariables`. */
  path: string;
  /** The scope in answers: `${noun} variable with name … does not exist`, `Value of ${noun} variable …`. */
  noun: string;
  /** The scope's variables in name order; throws the owner's 404. `engine` runs as the caller. */
  list(engine: EngineCore, id: string): Promise<VariableRow[]>;
  /** One variable for `/data`, inside the reading transaction; throws the owner's 404. */
  readOne(tx: EngineTx, id: string, name: string, caller: Caller): Promise<VariableRow | null>;
  /** Sets `modifications` and removes `deletions` in one command. */
  write(
    engine: EngineCore,
    id: string,
    modifications: ReadonlyMap<string, StoredValue>,
    deletions: string[],
  ): Promise<void>;
  /** Removes one variable; by default `write` with the one deletion. */
  remove?(engine: EngineCore, id: string, name: string): Promise<void>;
  /** The 400 message of PUT's invalid typed value. */
  putError(id: string, name: string, message: string): string;
  /** The 400 message of POST's invalid modifications. */
  modifyError(id: string, message: string): string;
  /** When POST cannot delete in this scope: the 400 message, checked before the modifications. */
  deletionsUnsupported?: string;
}

/** Camunda's 400 for a typed value it cannot read, in the scope's words. */
function typed<T>(fn: () => T, message: (detail: string) => string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof VariableValueError) throw new InvalidArgumentError(message(err.message));
    throw err;
  }
}

/** Sends the variable's bytes, or answers Camunda's 400/404 for a variable that has none. */
export function sendVariableData(ctx: Context, { row, data }: VariableData, what: string): void {
  if (!data) {
    if (row.type === 'File' || row.type === 'Bytes') throw new NotFoundError(`${what} has no content`);
    throw new InvalidArgumentError(`Value of ${what} is not a binary value.`);
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
  if (!data)
    throw new InvalidArgumentError(`Cannot set variable ${name}: the multipart part 'data' is missing.`);
  const raw = fields.valueType;
  const requested = typeof raw === 'string' && raw !== '' ? raw.toLowerCase() : 'bytes';
  if (requested !== 'file' && requested !== 'bytes')
    throw new InvalidArgumentError(
      `Cannot set variable ${name}: valueType '${String(raw)}' is not supported for binary data (File or Bytes).`,
    );
  const type: BinaryType = requested === 'file' ? 'File' : 'Bytes';
  return newBinaryValue(type, data.buffer, {
    filename: data.originalname || name,
    mimeType: data.mimetype || null,
  });
}

/** Mounts the variables sub-resource of one scope. */
export function variablesResource({ router, core }: RouteDeps, scope: VariableScope): void {
  const { path, noun } = scope;
  const absent = (name: string) => new NotFoundError(`${noun} variable with name ${name} does not exist`);

  router.get(path, async (ctx) => {
    sendJson(ctx, variableMap(await scope.list(engineOf(core, ctx), ctx.params.id!)));
  });
  router.get(`${path}/:varName`, async (ctx) => {
    const v = (await scope.list(engineOf(core, ctx), ctx.params.id!)).find(
      (x) => x.name === ctx.params.varName,
    );
    if (!v) throw absent(ctx.params.varName!);
    sendJson(ctx, toDto({ type: v.type as StoredValue['type'], text: v.textValue }));
  });
  router.put(`${path}/:varName`, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    const body = await readJson(ctx);
    const value = typed(
      () => fromDto(varName, body),
      (detail) => scope.putError(id, varName, detail),
    );
    await scope.write(engineOf(core, ctx), id, new Map([[varName, value]]), []);
    noContent(ctx);
  });
  router.delete(`${path}/:varName`, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    if (scope.remove) await scope.remove(engineOf(core, ctx), id, varName);
    else await scope.write(engineOf(core, ctx), id, new Map(), [varName]);
    noContent(ctx);
  });
  router.post(path, async (ctx) => {
    const id = ctx.params.id!;
    const body = await readJson(ctx);
    if (scope.deletionsUnsupported !== undefined && (optStringArray(body, 'deletions') ?? []).length)
      throw new InvalidArgumentError(scope.deletionsUnsupported);
    const modifications = typed(
      () => fromDtoMap(body.modifications),
      (detail) => scope.modifyError(id, detail),
    );
    await scope.write(engineOf(core, ctx), id, modifications, optStringArray(body, 'deletions') ?? []);
    noContent(ctx);
  });

  router.get(`${path}/:varName/data`, async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    const v = await readVariableData(engineOf(core, ctx), (tx, caller) =>
      scope.readOne(tx, id, varName, caller),
    );
    if (!v) throw absent(varName);
    sendVariableData(ctx, v, `${noun} variable ${varName}`);
  });
  router.post(`${path}/:varName/data`, fileUpload(core), async (ctx) => {
    const { id, varName } = ctx.params as { id: string; varName: string };
    await scope.write(engineOf(core, ctx), id, new Map([[varName, uploadedValue(ctx, varName)]]), []);
    noContent(ctx);
  });
}
