// Reading the arguments a benchmark child process is started with.

/** A whole number >= 0 from the command line. @throws RangeError naming the bad text */
export function parseCount(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expected a whole number, got '${text}'`);
  return n;
}
