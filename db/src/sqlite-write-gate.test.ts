import { describe, expect, it } from '@jest/globals';
import { SqliteWriteGate } from './sqlite-write-gate.js';

describe('SqliteWriteGate', () => {
  it('grants in arrival order, one holder at a time', async () => {
    const gate = new SqliteWriteGate();
    const order: string[] = [];
    await gate.acquire();
    const second = gate.acquire().then(() => order.push('second'));
    const third = gate.acquire().then(() => order.push('third'));
    expect(gate.waiting).toBe(2);
    gate.release();
    await second;
    gate.release();
    await third;
    gate.release();
    expect(order).toEqual(['second', 'third']);
    expect(gate.waiting).toBe(0);
  });

  it('refuses a writer that waited its limit, as SQLITE_BUSY, and forgets it', async () => {
    const gate = new SqliteWriteGate(30);
    await gate.acquire(); // a holder that never lets go
    await expect(gate.acquire()).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(gate.waiting).toBe(0);
    // The refused writer is not granted later: the next release frees the gate.
    gate.release();
    await gate.acquire();
    gate.release();
  });

  it('a writer granted before its limit is not refused afterwards', async () => {
    const gate = new SqliteWriteGate(50);
    await gate.acquire();
    const waiter = gate.acquire();
    gate.release();
    await waiter;
    await new Promise((resolve) => setTimeout(resolve, 80)); // past the limit: no late refusal
    expect(gate.waiting).toBe(0);
    gate.release();
  });
});
