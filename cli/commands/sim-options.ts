// Options and argument parsers shared by the `shipshape sim …` commands: the state directory,
// --no-settle, and whole-number / percentage parsers with usage-error messages.

import { type Command, InvalidArgumentError } from 'commander';

/** The options commander parses for every `sim` command. */
export interface SimCommandOptions {
  readonly state?: string;
  /** False with --no-settle. */
  readonly settle?: boolean;
}

/** Adds --state and (unless `settle` is false) --no-settle to a `sim` command. */
export function addSimOptions(command: Command, options: { settle?: boolean } = {}): Command {
  command.option('--state <dir>', 'the simulated cluster state directory (default: $SHIPSHAPE_STATE or .shipshape)');
  if (options.settle !== false) command.option('--no-settle', 'do not let the controllers act before returning');
  return command;
}

/** Parses a whole number >= `min`. */
export function parseWholeNumber(min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number >= ${min}: current value is '${text}'`);
    return n;
  };
}

/** Parses a percentage (`90` or `90%`), >= 0. */
export function parsePercent(text: string): number {
  const n = Number(text.replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`must be a percentage >= 0 such as 90 or 90%: current value is '${text}'`);
  return n;
}
