// Writing the small files `shipshape sim serve` keeps in the state directory (certificates, keys,
// kubeconfig, server.json): whole or not at all, with an explicit mode. Not for the state itself.

import { chmodSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

/** Writes a file through a temporary sibling and a rename, so readers never see half of it. */
export function writeAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { mode });
    chmodSync(temp, mode); // an existing temp file keeps its old mode otherwise
    renameSync(temp, path);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    throw err;
  }
}
