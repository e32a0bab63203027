import { describe, expect, it } from 'vitest';
import { yargsFailureLines } from './yargs-failure.js';

describe('yargsFailureLines', () => {
  it('turns each invalid choice into its own line naming the flag', () => {
    const message =
      'Invalid values:\n  Argument: profile, Given: "fast", Choices: "ci", "gameday"\n  Argument: provider, Given: "ssh", Choices: "local", "external", "docker"';
    expect(yargsFailureLines(message)).toEqual([
      '--profile: expected one of "ci", "gameday", got "fast" (see `chaos --help`)',
      '--provider: expected one of "local", "external", "docker", got "ssh" (see `chaos --help`)',
    ]);
  });

  it('names a flag left without its value', () => {
    expect(yargsFailureLines('Not enough arguments following: seed')).toEqual([
      '--seed: expected a value after it, got none (see `chaos --help`)',
    ]);
  });

  it('keeps any other message on one line', () => {
    const [line, ...rest] = yargsFailureLines('Unknown argument: tiemout\nDid you mean run?');
    expect(rest).toEqual([]);
    expect(line).toBe('Unknown argument: tiemout; Did you mean run? (see `chaos --help`)');
  });
});
