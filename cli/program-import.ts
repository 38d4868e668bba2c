// The one step that must run before the first user program is imported: the launcher sets it
// (registering tsx and the format hook when the CLI runs from dist/), load-entry runs it once.
// Commands that load no program (sim get, sim status, --version) never pay for it.

type Setup = () => void | Promise<void>;

let setup: Setup | undefined;
let done: Promise<void> | undefined;
/** Imports started before the program loads: the setup waits for them (see loadBeforeProgramImport). */
const pending: Promise<unknown>[] = [];

/** Sets what runs once before the first user program is imported (replacing an earlier setup). */
export function setProgramImportSetup(next: Setup | undefined): void {
  setup = next;
  done = undefined;
}

/**
 * Notes an import of shipshape's own modules started ahead of the program. Registering tsx makes
 * every later module load take a round trip to its loader thread, so a setup first lets these
 * finish: they load at plain-Node speed. (Without a setup, tsx is already in place: no waiting.)
 */
export function loadBeforeProgramImport(load: Promise<unknown>): void {
  pending.push(load.catch(() => undefined));
}

/** Runs the setup the first time (after the imports noted by loadBeforeProgramImport); later calls wait for that same run. */
export function prepareProgramImport(): Promise<void> {
  const run = setup;
  done ??= run === undefined ? Promise.resolve() : Promise.all(pending).then(() => run());
  return done;
}
