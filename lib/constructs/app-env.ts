// The environment of an App's container: literal variables, typed references (ConfigMap and
// Secret keys, pod fields), prefixed groups (a Database connection) and whole ConfigMaps or
// Secrets (`envFrom`). Kept in the order they were added, since `$(VAR)` expansion depends on it.

import type { Construct } from '../core/construct.ts';
import type { V1EnvFromSource, V1EnvVar } from '../k8s/types.ts';
import { isEnvValue, type IEnvGroup, type IEnvSource, type IEnvValue } from './contracts.ts';

/** The value of one variable: a literal string or a typed reference. */
export type EnvValue = string | IEnvValue;

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The API server's message for a bad variable name. */
export const ENV_NAME_MESSAGE =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** True when `name` is a valid environment variable name. */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

type Entry =
  | { readonly kind: 'var'; readonly name: string; readonly value: EnvValue }
  | { readonly kind: 'group'; readonly prefix: string; readonly group: IEnvGroup };

/** The environment of one container, rendered at synth time. */
export class ContainerEnv {
  private readonly entries: Entry[] = [];
  private readonly sources: Array<{ readonly source: IEnvSource; readonly prefix: string | undefined }> = [];

  /** Adds a variable; returns a problem message instead when the name is bad or already set. */
  addVariable(name: string, value: EnvValue): string | undefined {
    if (!isEnvName(name)) return `env ${JSON.stringify(name)}: ${ENV_NAME_MESSAGE}`;
    if (typeof value !== 'string' && !isEnvValue(value)) {
      return `env '${name}' must be a string or a typed reference (a ConfigMap key, a Secret key, a PodField)`;
    }
    if (this.entries.some((e) => e.kind === 'var' && e.name === name)) return `env '${name}' is already set; each variable can be set once`;
    this.entries.push({ kind: 'var', name, value });
    return undefined;
  }

  /** Adds a group under a prefix; returns a problem message instead when the prefix is bad or taken. */
  addGroup(prefix: string, group: IEnvGroup): string | undefined {
    if (prefix !== '' && !isEnvName(prefix)) return `env group prefix ${JSON.stringify(prefix)}: ${ENV_NAME_MESSAGE}`;
    if (this.entries.some((e) => e.kind === 'group' && e.prefix === prefix)) return `env group prefix '${prefix}' is already used`;
    this.entries.push({ kind: 'group', prefix, group });
    return undefined;
  }

  /** Adds a whole ConfigMap or Secret; returns a problem message instead when the prefix is bad. */
  addSource(source: IEnvSource, prefix: string | undefined): string | undefined {
    if (prefix !== undefined && prefix !== '' && !isEnvName(prefix)) return `envFrom prefix ${JSON.stringify(prefix)}: ${ENV_NAME_MESSAGE}`;
    this.sources.push({ source, prefix });
    return undefined;
  }

  /** The constructs behind every typed reference, in the order they were added. */
  get dependencies(): Construct[] {
    const out: Construct[] = [];
    for (const e of this.entries) {
      if (e.kind === 'group') out.push(...e.group.dependencies);
      else if (typeof e.value !== 'string') out.push(...e.value.dependencies);
    }
    for (const s of this.sources) out.push(...s.source.dependencies);
    return [...new Set(out)];
  }

  /**
   * Renders `env`, expanding groups.
   * @throws Error when a group produces a variable that is also set elsewhere.
   */
  renderEnv(): V1EnvVar[] {
    const out: V1EnvVar[] = [];
    const setBy = new Map<string, string>();
    const push = (variable: V1EnvVar, origin: string): void => {
      const earlier = setBy.get(variable.name);
      if (earlier !== undefined) {
        throw new Error(`env '${variable.name}' is set twice, by ${earlier} and by ${origin}; each variable can be set once`);
      }
      setBy.set(variable.name, origin);
      out.push(variable);
    };
    for (const e of this.entries) {
      if (e.kind === 'group') {
        for (const variable of e.group.renderEnvGroup(e.prefix)) push(variable, `the env group with prefix '${e.prefix}'`);
      } else {
        push(typeof e.value === 'string' ? { name: e.name, value: e.value } : e.value.renderEnv(e.name), `env '${e.name}'`);
      }
    }
    return out;
  }

  /** Renders `envFrom`. */
  renderEnvFrom(): V1EnvFromSource[] {
    return this.sources.map((s) => s.source.renderEnvFrom(s.prefix));
  }
}
