import { describe, expect, it } from 'vitest';
import { ShipshapeError } from '../k8s/errors.ts';
import {
  alreadyExists, badRequest, conflict, expired, forbidden, internal, invalid, isStatusError, methodNotSupported, notFound,
  StatusError, tooLargeResourceVersion, unsupportedMediaType,
} from './errors.ts';

describe('StatusError helpers', () => {
  it('notFound() builds the Status a real API server sends, qualifying the resource with its group', () => {
    const error = notFound('deployments', 'apps', 'web');
    expect(error).toBeInstanceOf(ShipshapeError);
    expect(error.message).toBe('deployments.apps "web" not found');
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "web" not found',
      reason: 'NotFound',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    expect(notFound('pods', '', 'p').status.details).toEqual({ name: 'p', kind: 'pods' });
    expect(notFound('pods', '', 'p').message).toBe('pods "p" not found');
  });

  it('alreadyExists() and conflict() are 409s with the API server wording', () => {
    expect(alreadyExists('deployments', 'apps', 'web').message).toBe('deployments.apps "web" already exists');
    expect(alreadyExists('deployments', 'apps', 'web').reason).toBe('AlreadyExists');
    const error = conflict('deployments', 'apps', 'web');
    expect(error.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect([error.code, error.reason]).toEqual([409, 'Conflict']);
  });

  it('invalid() names the kind and group and lists every cause', () => {
    const error = invalid('Deployment', 'apps', 'web', [
      { field: 'spec.replicas', reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0' },
      { field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
    expect(error.message).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]',
    );
    expect(error.status.code).toBe(422);
    expect(error.status.details).toEqual({
      name: 'web',
      group: 'apps',
      kind: 'Deployment',
      causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
      ],
    });
    expect(invalid('ConfigMap', '', 'c', [{ field: 'data', reason: 'FieldValueTooLong', message: 'Too long' }]).message).toBe(
      'ConfigMap "c" is invalid: data: Too long',
    );
  });

  it('StatusError helpers for the other reasons carry their codes and messages', () => {
    expect([badRequest('bad').code, badRequest('bad').reason]).toEqual([400, 'BadRequest']);
    const gone = expired('too old resource version: 1 (2)');
    expect(gone.status).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 });
    expect(expired('x', 'tok').status.metadata).toEqual({ continue: 'tok' });
    expect(forbidden('secrets', '', 'db', 'User "bob" cannot get resource "secrets"').message).toBe(
      'secrets "db" is forbidden: User "bob" cannot get resource "secrets"',
    );
    expect(methodNotSupported('pods', '', 'patch').message).toBe('patch is not supported on resources of kind "pods"');
    expect(unsupportedMediaType(['application/json', 'application/yaml']).status.code).toBe(415);
    expect(internal('boom').message).toBe('Internal error occurred: boom');
    expect(tooLargeResourceVersion(12, 10).message).toBe('Timeout: Too large resource version: 12, current: 10');
  });

  it('isStatusError() recognises a StatusError and optionally its reason', () => {
    const error: unknown = notFound('pods', '', 'p');
    expect(isStatusError(error)).toBe(true);
    expect(isStatusError(error, 'NotFound')).toBe(true);
    expect(isStatusError(error, 'Conflict')).toBe(false);
    expect(isStatusError(new Error('x'))).toBe(false);
    expect(error).toBeInstanceOf(StatusError);
  });
});
