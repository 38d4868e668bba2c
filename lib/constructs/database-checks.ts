// The constructor checks of a Database: name limits, props that contradict the engine, SQL
// identifiers, references to Secrets and StorageClasses, and resources resolved against the
// engine's defaults. Each message names the prop and its value; no value here is secret.

import { checkDns1035Label, checkDns1123Subdomain } from '../k8s/names.ts';
import { compareQuantities } from '../k8s/quantity.ts';
import type { V1ResourceRequirements } from '../k8s/types.ts';
import { checkConfigKey } from './config-data.ts';
import type { DatabaseEngine, EnginePreset } from './database-presets.ts';
import type { AppResources } from './resources.ts';
import type { PropProblems } from './schema-rules.ts';

/** The most characters a Database name may have: pods and their controller-revision-hash label need the rest of 63. */
export const MAX_DATABASE_NAME = 52;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The props the checks read. */
interface CheckedProps {
  readonly engine: DatabaseEngine;
  readonly image?: string;
  readonly version?: string;
  readonly port?: number;
  readonly dataPath?: string;
  readonly databaseName?: string;
  readonly username?: string;
  readonly storage?: { readonly storageClassName?: string };
  readonly passwordSecret?: { readonly name: string; readonly key: string };
}

/** Checks the object name: a DNS-1035 label (it names Services) of at most 52 characters. */
export function checkDatabaseName(name: string, isExplicit: boolean, problems: PropProblems): void {
  const messages = checkDns1035Label(name);
  if (name.length > MAX_DATABASE_NAME && messages.length === 0) {
    messages.push(`must be no more than ${MAX_DATABASE_NAME} characters: pod names and their controller-revision-hash label need the rest of 63`);
  }
  for (const m of messages) {
    if (isExplicit) problems.addValue('name', name, m);
    else problems.add(`the name derived from the construct path (${JSON.stringify(name)}) ${m}; set 'name' to choose another`);
  }
}

/** Checks props that only some engines accept, and what `generic` requires. */
export function checkEngineProps(p: CheckedProps, problems: PropProblems): void {
  if (p.engine === 'generic') {
    const missing = (['image', 'port', 'dataPath'] as const).filter((k) => p[k] === undefined);
    if (missing.length > 0) problems.add(`engine 'generic' requires 'image', 'port' and 'dataPath'; missing: ${missing.map((k) => `'${k}'`).join(', ')}`);
    if (p.version !== undefined) problems.addValue('version', p.version, "cannot be used with engine 'generic': put the tag in 'image'");
  } else if (p.port !== undefined) {
    problems.addValue('port', p.port, `can only be set with engine 'generic'; engine '${p.engine}' listens on its standard port`);
  }
  if (p.image !== undefined && p.version !== undefined && p.engine !== 'generic') {
    problems.add(`'image' (${JSON.stringify(p.image)}) and 'version' (${JSON.stringify(p.version)}) cannot both be set: put the tag in 'image'`);
  }
  if (p.engine === 'redis') {
    if (p.databaseName !== undefined) problems.addValue('databaseName', p.databaseName, "cannot be used with engine 'redis': it has numbered databases, not named ones");
    if (p.username !== undefined) problems.addValue('username', p.username, "cannot be used with engine 'redis': clients authenticate as the 'default' user");
  }
}

/** Checks the user and database names as SQL identifiers, and users the engine's image reserves. */
export function checkIdentifiers(p: CheckedProps, preset: EnginePreset, problems: PropProblems): void {
  if (p.username !== undefined) {
    if (!IDENTIFIER.test(p.username) || p.username.length > 32) {
      problems.addValue('username', p.username, "must start with a letter or '_' and hold only letters, digits and '_' (at most 32 characters)");
    } else if (preset.reservedUsernames.includes(p.username)) {
      problems.addValue('username', p.username, `cannot be used with engine '${p.engine}': the image creates that user itself`);
    }
  }
  if (p.databaseName !== undefined && (!IDENTIFIER.test(p.databaseName) || p.databaseName.length > 63)) {
    problems.addValue('databaseName', p.databaseName, "must start with a letter or '_' and hold only letters, digits and '_' (at most 63 characters)");
  }
}

/** Checks the names of the StorageClass and the password Secret. */
export function checkReferences(p: CheckedProps, problems: PropProblems): void {
  const storageClassName = p.storage?.storageClassName;
  if (storageClassName !== undefined) for (const m of checkDns1123Subdomain(storageClassName)) problems.addValue('storage.storageClassName', storageClassName, m);
  if (p.passwordSecret !== undefined) {
    for (const m of checkDns1123Subdomain(p.passwordSecret.name)) problems.addValue('passwordSecret.name', p.passwordSecret.name, m);
    for (const m of checkConfigKey(p.passwordSecret.key)) problems.addValue('passwordSecret.key', p.passwordSecret.key, m);
  }
}

type Amounts = { cpu?: string; memory?: string };

/**
 * Requests and limits: given amounts over the engine's defaults. A default request is lowered to
 * a smaller given limit, and a default memory limit raised to a larger given request, so
 * defaults never contradict what was set.
 */
export function resolveDatabaseResources(resources: AppResources | undefined, preset: EnginePreset): { requests: Amounts; limits: Amounts } {
  const req = resources?.requests ?? {};
  const lim = resources?.limits ?? {};
  const text = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));
  const lower = (fallback: string, cap: string | number | undefined): string => (cap !== undefined && compareQuantities(cap, fallback) < 0 ? String(cap) : fallback);
  const higher = (fallback: string, floor: string | number | undefined): string => (floor !== undefined && compareQuantities(floor, fallback) > 0 ? String(floor) : fallback);
  const defaults = preset.resources;
  const requests: Amounts = {
    cpu: text(req.cpu) ?? lower(defaults.requests.cpu, lim.cpu),
    memory: text(req.memory) ?? lower(defaults.requests.memory, lim.memory),
  };
  const limits: Amounts = {
    ...(lim.cpu !== undefined ? { cpu: String(lim.cpu) } : {}),
    memory: text(lim.memory) ?? higher(defaults.limits.memory, req.memory),
  };
  return { requests, limits };
}

/** Records given requests that exceed given limits. */
export function checkDatabaseResources(resources: AppResources | undefined, preset: EnginePreset, problems: PropProblems): void {
  const { requests, limits } = resolveDatabaseResources(resources, preset);
  for (const name of ['cpu', 'memory'] as const) {
    const request = requests[name];
    const limit = limits[name];
    if (request !== undefined && limit !== undefined && compareQuantities(request, limit) > 0) {
      problems.addValue(`resources.requests.${name}`, request, `must be less than or equal to 'resources.limits.${name}' (${JSON.stringify(limit)})`);
    }
  }
}

/** Renders V1ResourceRequirements for the database container. */
export function renderDatabaseResources(resources: AppResources | undefined, preset: EnginePreset): V1ResourceRequirements {
  const { requests, limits } = resolveDatabaseResources(resources, preset);
  return { requests: { ...requests }, limits: { ...limits } } as V1ResourceRequirements;
}
