import { describe, expect, it } from 'vitest';
import { alignColumns, formatCell, renderTable } from './render-table.ts';
import { column, NAME_COLUMN, type Table } from './table.ts';
import { formatTabbed } from './tab-writer.ts';

const table: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: {},
  columnDefinitions: [NAME_COLUMN, column('Data', 'data'), column('Extra', 'extra', { wide: true })],
  rows: [
    { cells: ['settings', 2, 'x'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'settings', namespace: 'shop', labels: { tier: 'web', app: 'shop' } } } },
    { cells: ['kube-root-ca.crt', 1, null], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'kube-root-ca.crt', namespace: 'default' } } },
  ],
};

describe('renderTable()', () => {
  it('renderTable() pads columns by 3 with a minimum width of 6 and leaves the last column unpadded', () => {
    expect(renderTable(table)).toBe('NAME               DATA\nsettings           2\nkube-root-ca.crt   1\n');
  });

  it('renderTable() adds wide columns, NAMESPACE first and LABELS last when asked', () => {
    expect(renderTable(table, { wide: true, showNamespace: true, showLabels: true })).toBe(
      ['NAMESPACE   NAME               DATA   EXTRA    LABELS', 'shop        settings           2      x        app=shop,tier=web', 'default     kube-root-ca.crt   1      <none>   <none>', ''].join('\n'),
    );
  });

  it('renderTable() leaves out the header with noHeaders and prints nothing for no rows', () => {
    expect(renderTable(table, { noHeaders: true })).toBe('settings           2\nkube-root-ca.crt   1\n');
    expect(renderTable({ ...table, rows: [] })).toBe('');
  });

  it('formatCell() cuts text at the first line break like kubectl', () => {
    expect(formatCell('first\nsecond')).toBe('first...');
    expect(formatCell(true)).toBe('true');
  });

  it('alignColumns() measures characters, not bytes', () => {
    expect(alignColumns([['ä', 'x'], ['ab', 'y']], { minWidth: 0, padding: 2 })).toBe('ä   x\nab  y\n');
  });
});

describe('formatTabbed()', () => {
  it('formatTabbed() aligns each block of lines separately, as describe output needs', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  web:\n    Image:\tnginx\n    Restart Count:\t0\n';
    expect(formatTabbed(text, { minWidth: 0, padding: 2 })).toBe('Name:       web\nNamespace:  default\nContainers:\n  web:\n    Image:          nginx\n    Restart Count:  0\n');
  });
});
