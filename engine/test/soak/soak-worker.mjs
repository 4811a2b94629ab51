/**
 * One worker process of the crash soak test (`engine/test/crash-soak.test.ts`): the real
 * camunda-external-task-client-js, long-polling one engine for the soak's two topics. Each task's
 * side effect is a row in `soak_effect`, written before the completion is sent (at-least-once: a
 * worker killed between the two leaves an effect whose task another worker repeats). Each
 * completion the engine accepted is a row in `soak_completion`, each it refused one in
 * `soak_refusal`: the test shows the engine accepted at most one completion per task.
 *
 * Environment: ENGINE_URL, WORKER_ID, SOAK_DB (mysql://…), LOCK_MS. One task in seven sleeps past
 * its lock before completing, so another worker takes it over and the two race to complete it.
 */
import { Client } from 'camunda-external-task-client-js';
import mysql from 'mysql2/promise';

const { ENGINE_URL, WORKER_ID, SOAK_DB } = process.env;
const lockMs = Number(process.env.LOCK_MS ?? 2000);
const db = mysql.createPool({ uri: SOAK_DB, connectionLimit: 4, connectTimeout: 2000 });
const client = new Client({
  baseUrl: ENGINE_URL,
  workerId: WORKER_ID,
  lockDuration: lockMs,
  asyncResponseTimeout: 2000,
  interval: 100,
  maxTasks: 4,
  autoPoll: true,
});
// The client reports unreachable engines as events; it keeps polling, which is what we want.
client.on('poll:error', () => undefined);
client.on('complete:error', () => undefined);

/** A fixed one task in seven (by id) overstays its lock. */
const overstays = (id) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 7 === 0;

async function handle({ task, taskService }) {
  try {
    await db.query(
      'INSERT INTO soak_effect (task_id, topic, process_instance_id, worker_id) VALUES (?, ?, ?, ?)',
      [task.id, task.topicName, task.processInstanceId, WORKER_ID],
    );
    if (overstays(task.id)) await new Promise((r) => setTimeout(r, lockMs + 300));
    try {
      await taskService.complete(task);
    } catch (err) {
      await db.query('INSERT INTO soak_refusal (task_id, worker_id, message) VALUES (?, ?, ?)', [
        task.id,
        WORKER_ID,
        String(err?.message ?? err).slice(0, 500),
      ]);
      return;
    }
    await db.query('INSERT INTO soak_completion (task_id, worker_id) VALUES (?, ?)', [task.id, WORKER_ID]);
  } catch {
    // The database or the engine is down (the soak restarts them): the lock expires and the
    // task is fetched again.
  }
}

client.subscribe('soak.receive', handle);
client.subscribe('soak.appraise', handle);
client.subscribe('soak.sign', handle);
process.on('SIGTERM', () => {
  client.stop();
  void db.end().finally(() => process.exit(0));
});
