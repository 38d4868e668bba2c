// How apply and destroy show progress: live per-object lines on a terminal (log-update redraws
// them in place), one plain line per event otherwise, or one JSON object per line with --json.

import logUpdate from 'log-update';
import pc from 'picocolors';
import type { ApplyEvent } from '../lib/apply/apply.ts';
import type { CliIo } from './output.ts';

/** A sink for apply events. */
export interface Progress {
  onEvent(event: ApplyEvent): void;
  /** Stops redrawing (keeps the last frame). */
  done(): void;
}

function plainLine(e: ApplyEvent): string | undefined {
  switch (e.type) {
    case 'planned':
      return undefined;
    case 'applying':
      return undefined;
    case 'applied':
      return `${e.object}: ${e.action === 'create' ? 'created' : e.action === 'replace' ? 'replaced' : 'updated'}`;
    case 'generated':
      return `${e.object}: generated ${e.keys.join(', ')}`;
    case 'waiting':
      return `${e.object}: ${e.progress}`;
    case 'ready':
      return `${e.object}: ready`;
    case 'deleted':
      return `${e.object}: deleted`;
    case 'failed':
      return `${e.object ? `${e.object}: ` : ''}failed: ${e.message.split('\n')[0]}`;
    case 'rolled-back':
      return `${e.object}: rolled back (${e.action})`;
  }
}

/** Progress for the CLI's mode: json, live terminal, or plain lines. */
export function createProgress(io: CliIo, options: { json: boolean }): Progress {
  if (options.json) return { onEvent: (e) => io.stdout(`${JSON.stringify(e)}\n`), done: () => {} };
  if (!io.interactive) {
    return {
      onEvent: (e) => {
        const line = plainLine(e);
        if (line) io.stdout(`${line}\n`);
      },
      done: () => {},
    };
  }
  const rows = new Map<string, string>();
  const render = (): void => logUpdate([...rows.values()].join('\n'));
  return {
    onEvent(e) {
      if (e.type === 'planned') return;
      const object = 'object' in e && e.object ? e.object : '';
      const text = plainLine(e);
      if (!text) {
        if (e.type === 'applying') rows.set(object, `${pc.cyan('…')} ${object}: ${e.action === 'create' ? 'creating' : 'updating'}`);
      } else if (e.type === 'ready' || e.type === 'deleted' || e.type === 'applied') {
        rows.set(object, `${pc.green('✓')} ${text}`);
      } else if (e.type === 'failed' || e.type === 'rolled-back') {
        rows.set(object || `failed-${rows.size}`, `${pc.red('✗')} ${text}`);
      } else {
        rows.set(object, `${pc.cyan('…')} ${text}`);
      }
      render();
    },
    done: () => logUpdate.done(),
  };
}
