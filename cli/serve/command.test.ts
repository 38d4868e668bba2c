import { Command, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_PORT, parsePort, parseSpeed, registerServeCommand, registerServeCommandStandalone } from './command.ts';

const io = { cwd: '/', stdout: () => {}, stderr: () => {} };

describe('sim serve command', () => {
  it('parsePort() takes 0 to 65535 and refuses anything else with the value quoted', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('6443')).toBe(6443);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['65536', '-1', '1.5', 'http', '']) {
      expect(() => parsePort(bad)).toThrow(new InvalidArgumentError(`"${bad}" is not a port number (0-65535)`));
    }
  });

  it('parseSpeed() takes positive numbers only', () => {
    expect(parseSpeed('1')).toBe(1);
    expect(parseSpeed('0.5')).toBe(0.5);
    for (const bad of ['0', '-2', 'fast', 'Infinity']) expect(() => parseSpeed(bad)).toThrow(`"${bad}" is not a positive number`);
  });

  it('registerServeCommand() adds serve with its defaults under the given group', () => {
    const sim = new Command('sim');
    registerServeCommand(sim, io);
    const serve = sim.commands.find((c) => c.name() === 'serve')!;
    expect(serve.opts()).toEqual({ port: DEFAULT_SERVE_PORT, address: '127.0.0.1', speed: 1 });
  });

  it('registerServeCommandStandalone() creates the sim group once and reuses an existing one', () => {
    const program = new Command('shipshape');
    registerServeCommandStandalone(program, io);
    expect(program.commands.map((c) => c.name())).toEqual(['sim']);
    const existing = new Command('shipshape');
    const sim = existing.command('sim');
    sim.command('status');
    registerServeCommandStandalone(existing, io);
    expect(existing.commands).toHaveLength(1);
    expect(sim.commands.map((c) => c.name())).toEqual(['status', 'serve']);
  });
});
