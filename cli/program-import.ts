// The one step that must run before the first user program is imported: the launcher sets it
// (registering tsx and the format hook when the CLI runs from dist/), load-entry runs it once.
// Commands that load no program (sim get, sim status, --version) never pay for it.

type Setup = () => void | Promise<void>;

let setup: Setup | undefined;
let done: Promise<void> | undefined;

/** Sets what runs once before the first user program is imported (replacing an earlier setup). */
export function setProgramImportSetup(next: Setup | undefined): void {
  setup = next;
  done = undefined;
}

/** Runs the setup the first time; later calls wait for that same run. */
export function prepareProgramImport(): Promise<void> {
  done ??= Promise.resolve(setup?.());
  return done;
}
