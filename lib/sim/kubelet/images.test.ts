import { describe, expect, it } from 'vitest';
import { formatGoDuration, imageIdOf, normalizeImage } from './images.ts';

describe('images', () => {
  it('normalizeImage() qualifies Docker Hub names and adds the latest tag', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(normalizeImage('ghcr.io/acme/api:v2')).toBe('ghcr.io/acme/api:v2');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('imageIdOf() names the repository by digest, keeping a given digest', () => {
    expect(imageIdOf('nginx:1.27')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageIdOf('nginx:1.27')).toBe(imageIdOf('docker.io/library/nginx:1.27'));
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(imageIdOf(`nginx@${digest}`)).toBe(`docker.io/library/nginx@${digest}`);
  });

  it('formatGoDuration() prints durations as Go does', () => {
    expect([0, 500, 2000, 1500, 80_000, 300_000, 3_723_000].map(formatGoDuration)).toEqual(['0s', '500ms', '2s', '1.5s', '1m20s', '5m0s', '1h2m3s']);
  });
});
