/**
 * The parsed-model cache is bounded (Camunda's 1000 definitions by default), least recently used
 * out first: a model evicted is read and parsed again from its deployment's resource. The
 * definition and resource rows come from a small in-memory table here — the cache's policy is
 * what is under test; the engine suites run it on the real stores.
 */
import { describe, expect, it } from '@jest/globals';
import type { EngineTx } from '@motcua/db/engine';
import { parseBpmn } from '../src/bpmn/parse-bpmn.js';
import { MODEL_CACHE_CAPACITY, ModelCache } from '../src/runtime/model-cache.js';
import { bpmn } from './rest-client.js';

const xml = (key: string) => bpmn(key, '<bpmn:startEvent id="s" />');

/** Definitions d-<key> in deployment dep-<key>, resource <key>.bpmn; counts the reads. */
function rows(keys: string[]) {
  const reads: string[] = [];
  const tx = {
    async get(_entity: unknown, id: string) {
      reads.push(id);
      const key = id.replace(/^d-/, '');
      return keys.includes(key) ? { id, key, deploymentId: `dep-${key}`, resourceName: `${key}.bpmn` } : null;
    },
    async findOne(_entity: unknown, where: { deploymentId: string; name: string }) {
      const key = where.name.replace(/\.bpmn$/, '');
      return { name: where.name, content: xml(key) };
    },
  };
  return { tx: tx as unknown as EngineTx, reads };
}

describe('ModelCache', () => {
  it("holds Camunda's default of 1000 definitions", () => {
    expect(MODEL_CACHE_CAPACITY).toBe(1000);
  });

  it('evicts the least recently used model beyond its capacity and parses it again when asked', async () => {
    const { tx, reads } = rows(['a', 'b', 'c']);
    const cache = new ModelCache(2);
    const [a] = await parseBpmn('a.bpmn', xml('a'));
    const [b] = await parseBpmn('b.bpmn', xml('b'));
    cache.put('d-a', a!);
    cache.put('d-b', b!);
    expect(await cache.get(tx, 'd-a')).toBe(a); // a hit, and now the most recent
    expect(reads).toEqual([]);
    const c = await cache.get(tx, 'd-c'); // a miss: read, parsed, cached; b goes
    expect(c.key).toBe('c');
    expect(cache.size).toBe(2);
    expect(reads).toEqual(['d-c']);
    expect(await cache.get(tx, 'd-a')).toBe(a);
    expect(reads).toEqual(['d-c']);
    const again = await cache.get(tx, 'd-b'); // evicted: read and parsed again
    expect(again.key).toBe('b');
    expect(again).not.toBe(b);
    expect(reads).toEqual(['d-c', 'd-b']);
    expect(cache.size).toBe(2);
  });

  it('refuses a definition that does not exist', async () => {
    const { tx } = rows([]);
    await expect(new ModelCache(2).get(tx, 'd-x')).rejects.toThrow('Process definition d-x does not exist');
  });
});
