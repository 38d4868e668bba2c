import { describe, expect, it } from 'vitest';
import { duplicate, forbidden, formatFieldError, invalid, notFound, notSupported, required, tooLong, tooMany } from './field-error.ts';
import { toGoIntOrString, toGoLabelSelector, toGoStringMap, toGoStringSlice, quoteGo } from './go-value.ts';

describe('field errors', () => {
  it('field error constructors word messages like apimachinery', () => {
    expect(required('spec.selector')).toEqual({ type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' });
    expect(required('metadata.name', 'name or generateName is required').message).toBe('Required value: name or generateName is required');
    expect(invalid('spec.replicas', -1, 'must be greater than or equal to 0').message).toBe('Invalid value: -1: must be greater than or equal to 0');
    expect(invalid('metadata.name', 'Foo', 'bad').message).toBe('Invalid value: "Foo": bad');
    expect(invalid('spec.selector', toGoLabelSelector({ matchLabels: { app: 'x' } }), '').message).toBe(
      'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
    expect(notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'IfNotPresent', 'Never']).message).toBe(
      'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    );
    expect(duplicate('spec.containers[1].name', 'web').message).toBe('Duplicate value: "web"');
    expect(notFound('x', 'data')).toEqual({ type: 'FieldValueNotFound', field: 'x', message: 'Not found: "data"' });
    expect(forbidden('spec', 'no').message).toBe('Forbidden: no');
    expect(tooLong('data', 1048576).message).toBe('Too long: must have at most 1048576 bytes');
    expect(tooMany('spec.x', 5, 4).message).toBe('Too many: 5: must have at most 4 items');
  });

  it('formatFieldError() joins field and message with a colon', () => {
    expect(formatFieldError(required('spec.ports'))).toBe('spec.ports: Required value');
  });

  it('go values render maps sorted, nil collections as nil, and IntOrString bare', () => {
    expect(toGoStringMap({ tier: 'b', app: 'a' }).text).toBe('map[string]string{"app":"a", "tier":"b"}');
    expect(toGoStringMap(undefined).text).toBe('map[string]string(nil)');
    expect(toGoStringSlice(['a', 'b']).text).toBe('[]string{"a", "b"}');
    expect(toGoIntOrString('25%').text).toBe('25%');
    expect(quoteGo('a\u0001"b')).toBe('"a\\x01\\"b"');
    expect(toGoLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }).text).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"k", Operator:"In", Values:[]string{"v"}}}}',
    );
  });
});
