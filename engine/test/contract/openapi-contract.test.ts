/**
 * The contract checker itself: it must reject what the document forbids, or the contract suite
 * could pass while proving nothing.
 */
import { describe, expect, it } from '@jest/globals';
import { OpenApiContract } from './openapi-contract.js';

const contract = new OpenApiContract();
const op = (method: string, path: string) => {
  const found = contract.find(method, path);
  if (!found) throw new Error(`no operation for ${method} ${path}`);
  return found;
};
const task = {
  id: 't1',
  name: 'Xem xét',
  assignee: null,
  created: '2026-11-27T10:00:00.000+0000',
  due: null,
  priority: 50,
  delegationState: null,
  suspended: false,
};

describe('OpenAPI contract checker', () => {
  it('matches literal paths before templates', () => {
    expect(op('GET', '/task/count').path).toBe('/task/count');
    expect(op('GET', '/task/abc').path).toBe('/task/{id}');
    expect(op('POST', '/process-definition/key/k/start').path).toBe('/process-definition/key/{key}/start');
    expect(contract.find('GET', '/no-such-resource')).toBeUndefined();
  });

  it('accepts a valid response and rejects wrong types, undocumented statuses and stray bodies', () => {
    const list = op('GET', '/task');
    expect(contract.checkResponse(list, 200, 'application/json', JSON.stringify([task]))).toEqual([]);
    expect(
      contract
        .checkResponse(list, 200, 'application/json', JSON.stringify([{ ...task, priority: 'high' }]))
        .join(),
    ).toMatch(/priority/);
    expect(contract.checkResponse(list, 418, 'application/json', '{}').join()).toMatch(/not documented/);
    expect(contract.checkResponse(op('POST', '/task/t1/claim'), 204, null, 'unexpected').join()).toMatch(
      /no body/,
    );
  });

  it("uses Camunda's date format, not RFC 3339", () => {
    const get = op('GET', '/task/t1');
    expect(contract.checkResponse(get, 200, 'application/json', JSON.stringify(task))).toEqual([]);
    expect(
      contract
        .checkResponse(get, 200, 'application/json', JSON.stringify({ ...task, created: '27/11/2026' }))
        .join(),
    ).toMatch(/created/);
  });

  it('checks query parameters and JSON bodies of requests', () => {
    const list = op('GET', '/task');
    expect(contract.checkRequest(list, new URLSearchParams({ assignee: 'canbo' }), {})).toEqual([]);
    expect(contract.checkRequest(list, new URLSearchParams({ asignee: 'canbo' }), {}).join()).toMatch(
      /asignee/,
    );
    expect(contract.checkRequest(list, new URLSearchParams({ maxResults: 'ten' }), {}).join()).toMatch(
      /integer/,
    );
    const claim = op('POST', '/task/t1/claim');
    expect(contract.checkRequest(claim, new URLSearchParams(), { json: { userId: 'canbo' } })).toEqual([]);
    expect(contract.checkRequest(claim, new URLSearchParams(), { json: { userId: 5 } }).join()).toMatch(
      /userId/,
    );
  });

  it('applies the recorded exceptions: a null error code is what Camunda sends', () => {
    const body = JSON.stringify({ type: 'InvalidRequestException', message: 'x', code: null });
    expect(contract.checkResponse(op('GET', '/task/t1'), 404, 'application/json', body)).toEqual([]);
  });
});
