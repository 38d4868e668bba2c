// Files an App's container sees: ConfigMaps and Secrets mounted as directories. Each mount
// becomes one pod volume (named after its path) and one volumeMount; read-only by default.
// What a source puts in its volume is the source's business (IVolumeSource.renderVolume).

import type { Construct } from '../core/construct.ts';
import { toDnsLabel } from '../k8s/names.ts';
import type { V1Volume, V1VolumeMount } from '../k8s/types.ts';
import type { IVolumeSource } from './contracts.ts';

/** How a source is mounted. */
export interface MountOptions {
  /**
   * Only these keys, each at the given path relative to the mount (`{ 'nginx.conf': 'default.conf' }`).
   * @default every key, each as a file named after it
   */
  readonly items?: Readonly<Record<string, string>>;
  /** @default true */
  readonly readOnly?: boolean;
  /**
   * File permission bits, e.g. 0o400.
   * @default 0o644 (the Kubernetes default)
   */
  readonly defaultMode?: number;
}

/** One directory of files in the container. */
export interface FileMount extends MountOptions {
  /** The absolute directory in the container, e.g. '/etc/app'. */
  readonly path: string;
  /** The ConfigMap or Secret whose keys become the files. */
  readonly source: IVolumeSource;
}

/** True when a value is an IVolumeSource. */
export function isVolumeSource(value: unknown): value is IVolumeSource {
  return typeof value === 'object' && value !== null && typeof (value as IVolumeSource).renderVolume === 'function';
}

/** The file mounts of one container, rendered at synth time. */
export class ContainerFiles {
  private readonly mounts: FileMount[] = [];

  /** Adds a mount; returns problem messages instead when it is not valid. */
  add(mount: FileMount, where: string): string[] {
    const problems: string[] = [];
    const { path } = mount;
    if (!path.startsWith('/')) problems.push(`'${where}.path' (${JSON.stringify(path)}) must be an absolute path starting with '/'`);
    if (this.mounts.some((m) => m.path === path)) problems.push(`'${where}.path' (${JSON.stringify(path)}) is already mounted; mount paths must be unique`);
    if (!isVolumeSource(mount.source)) problems.push(`'${where}.source' must be a ConfigMap or Secret (an IVolumeSource)`);
    for (const [key, file] of Object.entries(mount.items ?? {})) {
      if (file === '' || file.startsWith('/') || file.split('/').includes('..')) {
        problems.push(`'${where}.items.${key}' (${JSON.stringify(file)}) must be a relative path without '..'`);
      }
    }
    const mode = mount.defaultMode;
    if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o777)) {
      problems.push(`'${where}.defaultMode' (${mode}) must be between 0 and 0o777 (511), inclusive`);
    }
    if (problems.length === 0) this.mounts.push(mount);
    return problems;
  }

  /** The constructs behind the mounted sources. */
  get dependencies(): Construct[] {
    return [...new Set(this.mounts.flatMap((m) => m.source.dependencies))];
  }

  /** Renders the pod volumes and the container's volumeMounts, in the order mounts were added. */
  render(): { volumes: V1Volume[]; volumeMounts: V1VolumeMount[] } {
    const used = new Set<string>();
    const volumes: V1Volume[] = [];
    const volumeMounts: V1VolumeMount[] = [];
    for (const m of this.mounts) {
      const base = toDnsLabel(m.path, 58);
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      used.add(name);
      const options: { items?: Readonly<Record<string, string>>; defaultMode?: number } = {};
      if (m.items !== undefined) options.items = m.items;
      if (m.defaultMode !== undefined) options.defaultMode = m.defaultMode;
      volumes.push(m.source.renderVolume(name, options));
      volumeMounts.push({ name, mountPath: m.path, readOnly: m.readOnly ?? true });
    }
    return { volumes, volumeMounts };
  }
}
