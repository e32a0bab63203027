import { describe, expect, it } from 'vitest';
import { ProfileError } from './profile-errors.js';
import { parseProfileText } from './profile-file.js';

describe('parseProfileText', () => {
  it('reads YAML for .yaml/.yml and JSON for .json', () => {
    expect(parseProfileText('vus: 3\nduration: 10s\n', 'p.yaml')).toEqual({
      vus: 3,
      duration: '10s',
    });
    expect(parseProfileText('{"vus": 3}', 'p.json')).toEqual({ vus: 3 });
  });

  it('names the file and the format when the text does not parse', () => {
    expect(() => parseProfileText('{"vus": ', 'profiles/x.json')).toThrow(ProfileError);
    expect(() => parseProfileText('{"vus": ', 'profiles/x.json')).toThrow(
      /^profiles\/x\.json: is not valid JSON/,
    );
    expect(() => parseProfileText('a: [1,', 'x.yml')).toThrow(/^x\.yml: is not valid YAML/);
  });
});
