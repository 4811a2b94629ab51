import { describe, expect, it } from '@jest/globals';
import {
  BadUserRequestError,
  EngineNotFoundError,
  InvalidArgumentError,
  NotFoundError,
  OptimisticLockingError,
  ProcessEngineError,
  SuspendedEntityError,
} from '../runtime/errors.js';
import { errorResponse, OPERATIONS_WITH_OVERRIDES } from './error-responses.js';
import { restRoutes } from './rest-app.js';

describe('error responses', () => {
  it('name only operations the REST API serves (a renamed route must not drop its override)', () => {
    const served = new Set(restRoutes().map((r) => `${r.method} ${r.path}`));
    const unknown = OPERATIONS_WITH_OVERRIDES.filter((op) => !served.has(op));
    expect(unknown).toEqual([]);
  });

  it('answer each kind as Camunda does by default', () => {
    expect(errorResponse(new InvalidArgumentError('x'), 'GET /task')).toEqual({
      status: 400,
      type: 'InvalidRequestException',
      code: null,
    });
    expect(errorResponse(new NotFoundError('x'), 'GET /task/{id}')).toEqual({
      status: 404,
      type: 'InvalidRequestException',
      code: null,
    });
    expect(errorResponse(new EngineNotFoundError('x'), 'POST /task/{id}/complete')).toEqual({
      status: 404,
      type: 'NotFoundException',
      code: 0,
    });
    expect(errorResponse(new OptimisticLockingError('x'), null)).toEqual({
      status: 500,
      type: 'OptimisticLockingException',
      code: 1,
    });
    expect(errorResponse(new SuspendedEntityError('x'), 'POST /task/{id}/complete').status).toBe(500);
  });

  it('follow an operation that answers a kind its own way', () => {
    expect(errorResponse(new SuspendedEntityError('x'), 'POST /task/{id}/claim').status).toBe(400);
    expect(errorResponse(new ProcessEngineError('x'), 'DELETE /job/{id}')).toEqual({
      status: 500,
      type: 'InvalidRequestException',
      code: null,
    });
    expect(errorResponse(new BadUserRequestError('x'), 'POST /migration/generate')).toEqual({
      status: 400,
      type: 'InvalidRequestException',
      code: 0,
    });
    // …and only the kinds it names: other kinds keep their default there.
    expect(errorResponse(new InvalidArgumentError('x'), 'POST /migration/generate').code).toBeNull();
    expect(errorResponse(new NotFoundError('x'), 'GET /decision-definition/key/{key}/xml').type).toBe(
      'RestException',
    );
  });
});
