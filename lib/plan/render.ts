// Plans as people read them (a Terraform-like listing with field changes, coloured on a
// terminal) and as machines read them (`--json`, the stable schema of plan-types.ts). Secret
// values never appear: the planner already replaced them; the text says so in words.

import pc from 'picocolors';
import { formatRef } from '../k8s/refs.ts';
import { SENSITIVE, type Plan, type PlannedChange, type PlanSummary } from './plan-types.ts';

/** Options of renderPlan(). */
export interface RenderOptions {
  /** Colour the output (a terminal). @default false */
  readonly color?: boolean;
  /** List unchanged objects too. @default false */
  readonly showUnchanged?: boolean;
}

const SYMBOL: Record<PlannedChange['action'], string> = { create: '+', update: '~', replace: '-/+', delete: '-', 'no-op': ' ' };

function value(v: unknown): string {
  if (v === SENSITIVE) return '(sensitive value)';
  if (typeof v === 'string') return JSON.stringify(v);
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `Plan: 3 to create, 1 to update, 1 to replace, 2 to delete.` (or `No changes.`) */
export function formatSummary(summary: PlanSummary): string {
  const parts: string[] = [];
  if (summary.create) parts.push(`${summary.create} to create`);
  if (summary.update) parts.push(`${summary.update} to update`);
  if (summary.replace) parts.push(`${summary.replace} to replace`);
  if (summary.delete) parts.push(`${summary.delete} to delete`);
  if (parts.length === 0) return `No changes. ${summary.unchanged} object${summary.unchanged === 1 ? '' : 's'} already in shape.`;
  return `Plan: ${parts.join(', ')}.`;
}

/** True when the plan changes anything. */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.replace + s.delete > 0;
}

/** The plan as text, ending with the summary line. */
export function renderPlan(plan: Plan, options: RenderOptions = {}): string {
  const c = options.color ? pc : pc.createColors(false);
  const paint: Record<PlannedChange['action'], (s: string) => string> = { create: c.green, update: c.yellow, replace: c.magenta, delete: c.red, 'no-op': c.dim };
  if (!hasChanges(plan) && !options.showUnchanged) return `Stack ${c.bold(plan.stack)} on ${plan.target}: ${formatSummary(plan.summary)}\n`;
  const lines: string[] = [`Stack ${c.bold(plan.stack)} on ${plan.target}:`, ''];
  for (const change of plan.changes) {
    if (change.action === 'no-op' && !options.showUnchanged) continue;
    const ref = formatRef({ apiVersion: change.apiVersion, kind: change.kind, namespace: change.namespace, name: change.name });
    const note = change.action === 'replace' ? ` (replace: ${change.reason ?? 'an immutable field changed'})` : change.action === 'no-op' ? ' (unchanged)' : '';
    lines.push(paint[change.action](`  ${SYMBOL[change.action].padEnd(3)} ${ref}${note}`));
    for (const f of change.changes) {
      if (change.action === 'create') continue;
      const sensitive = f.before === SENSITIVE || f.after === SENSITIVE || (change.sensitive && /^(data|stringData)/.test(f.path));
      if (sensitive) lines.push(`        ${f.path}: (sensitive value ${f.before === undefined ? 'added' : f.after === undefined ? 'removed' : 'changed'})`);
      else if (f.before === undefined) lines.push(`        ${f.path}: ${c.green(`+ ${value(f.after)}`)}`);
      else if (f.after === undefined) lines.push(`        ${f.path}: ${c.red(`- ${value(f.before)}`)}`);
      else lines.push(`        ${f.path}: ${value(f.before)} → ${value(f.after)}`);
    }
    for (const conflict of change.conflicts ?? []) lines.push(c.red(`        conflict: ${conflict}`));
    if (change.readiness && change.action !== 'delete' && change.action !== 'no-op') {
      lines.push(c.dim(`        waits until ${change.readiness}`));
    }
  }
  lines.push('', c.bold(formatSummary(plan.summary)));
  return `${lines.join('\n')}\n`;
}

/** The plan as JSON (`plan --json`), without the objects to send (they may hold secrets). */
export function planToJson(plan: Plan): unknown {
  return {
    version: plan.version,
    stack: plan.stack,
    target: plan.target,
    applySet: plan.applySet,
    summary: plan.summary,
    changes: plan.changes.map(({ desired: _desired, ...rest }) => rest),
  };
}
