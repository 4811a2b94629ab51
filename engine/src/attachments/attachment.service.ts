import { FileTooLargeError } from '@motcua/db';
import { EngineAttachment, EngineTask, type EngineTx } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requireTaskPermission } from '../services/task-authorization.js';
import { logOperation } from '../operation-log/operation-log.js';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';

/**
 * Task attachments (Camunda's TaskService#createAttachment): a link (`url`) or content stored in
 * the shared file storage. Adding and deleting one is logged (AddAttachment / DeleteAttachment),
 * in the same transaction. Served only while the task exists (README).
 */

export interface NewAttachment {
  name: string | null;
  description: string | null;
  type: string | null;
  url: string | null;
  content: { bytes: Buffer; filename: string | null; mimeType: string | null } | null;
}

const MAX_TEXT = 4000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Validates the fields of a new attachment; every problem is a 400. */
export function checkAttachment(a: NewAttachment): NewAttachment {
  if (!a.content && !a.url)
    throw new InvalidArgumentError(
      'No content or url to remote content exists to create the task attachment.',
    );
  if (a.name !== null && a.name.length > 255)
    throw new InvalidArgumentError('attachment-name must have at most 255 characters');
  if (a.type !== null && a.type.length > 255)
    throw new InvalidArgumentError('attachment-type must have at most 255 characters');
  if (a.description !== null && a.description.length > MAX_TEXT)
    throw new InvalidArgumentError(`attachment-description must have at most ${MAX_TEXT} characters`);
  if (a.url !== null) {
    // A link a tasklist renders must not run script: only absolute http(s) URLs.
    let ok: boolean;
    try {
      const u = new URL(a.url);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok || a.url.length > MAX_TEXT)
      throw new InvalidArgumentError(
        `url must be an absolute http or https URL of at most ${MAX_TEXT} characters`,
      );
  }
  return { ...a, name: a.name === null ? null : a.name.replace(CONTROL, '') };
}

/** Camunda logs attachment operations with entity type Attachment and the attachment's name. */
function logAttachment(
  tx: EngineTx,
  now: Date,
  task: EngineTask,
  operationType: string,
  name: string | null,
) {
  return logOperation(tx, now, {
    operationType,
    entityType: 'Attachment',
    category: 'TaskWorker',
    changes: [{ property: 'name', orgValue: null, newValue: name }],
    processDefinitionId: task.processDefinitionId,
    processDefinitionKey: task.processDefinitionKey,
    processInstanceId: task.processInstanceId,
    executionId: task.executionId,
    taskId: task.id,
  });
}

async function taskOr404(tx: EngineTx, taskId: string): Promise<EngineTask> {
  const task = await tx.get(EngineTask, taskId);
  if (!task) throw new NotFoundError(`No task found for task id ${taskId}`);
  return task;
}

export async function createAttachment(
  core: EngineCore,
  taskId: string,
  input: NewAttachment,
  userId: string | null,
): Promise<EngineAttachment> {
  const a = checkAttachment(input);
  return core.command(async ({ tx, now, caller }) => {
    await requireTaskPermission(tx, caller, taskId, 'UPDATE');
    const task = await taskOr404(tx, taskId);
    let fileId: string | null = null;
    if (a.content) {
      try {
        const file = await tx.files().put({
          content: a.content.bytes,
          originalName: a.name ?? a.content.filename,
          mimeType: a.type ?? a.content.mimeType,
        });
        fileId = file.id;
      } catch (err) {
        if (err instanceof FileTooLargeError)
          throw new InvalidArgumentError(`The attachment is too large: ${err.message}`);
        throw err;
      }
    }
    const row: EngineAttachment = {
      id: newId(),
      rev: 1,
      name: a.name,
      description: a.description,
      type: a.type,
      taskId,
      processInstanceId: task.processInstanceId,
      url: a.content ? null : a.url,
      fileId,
      userId,
      createTime: now,
    };
    await tx.insert(EngineAttachment, row);
    await logAttachment(tx, now, task, 'AddAttachment', row.name);
    return row;
  });
}

export async function listAttachments(core: EngineCore, taskId: string): Promise<EngineAttachment[]> {
  return core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'READ');
    await taskOr404(tx, taskId);
    return tx.find(EngineAttachment, { taskId }, { order: { createTime: 'ASC', id: 'ASC' } });
  });
}

export async function getAttachment(
  core: EngineCore,
  taskId: string,
  attachmentId: string,
): Promise<EngineAttachment> {
  const rows = await listAttachments(core, taskId);
  const a = rows.find((r) => r.id === attachmentId);
  if (!a)
    throw new NotFoundError(
      `Task attachment with id ${attachmentId} does not exist for task id '${taskId}'.`,
    );
  return a;
}

/** The stored content of an attachment; 404 for a link-only attachment. */
export async function attachmentContent(
  core: EngineCore,
  taskId: string,
  attachmentId: string,
): Promise<{ attachment: EngineAttachment; content: Buffer; filename: string | null }> {
  return core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'READ');
    await taskOr404(tx, taskId);
    const a = await tx.findOne(EngineAttachment, { id: attachmentId, taskId });
    const file = a?.fileId ? await tx.files().read(a.fileId) : null;
    if (!a || !file)
      throw new NotFoundError(
        `Attachment content for attachment with id '${attachmentId}' does not exist for task id '${taskId}'.`,
      );
    return { attachment: a, content: file.content, filename: file.file.originalName };
  });
}

/** Deletes the attachment and its stored file (the bytes go when no other file shares them). */
export async function deleteAttachment(
  core: EngineCore,
  taskId: string,
  attachmentId: string,
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requireTaskPermission(tx, caller, taskId, 'UPDATE');
    const task = await tx.get(EngineTask, taskId);
    const a = task ? await tx.findOne(EngineAttachment, { id: attachmentId, taskId }) : null;
    if (!task || !a)
      throw new NotFoundError(
        `Deletion is not possible. No attachment exists for task id '${taskId}' and attachment id '${attachmentId}'.`,
      );
    await tx.remove(EngineAttachment, a);
    if (a.fileId) await tx.files().delete(a.fileId);
    await logAttachment(tx, now, task, 'DeleteAttachment', a.name);
  });
}
