import { describe, expect, it } from 'vitest';
import { boundProblem } from './threshold-bounds.js';

describe('boundProblem', () => {
  it('refuses a rate bound no run can cross, saying it holds for every run', () => {
    expect(boundProblem('rate', '<', 1.5, 'rate<150%')).toMatch(
      /^rate<150% holds for every run \(a rate bound must be within \[0,1\] or 0–100 %/,
    );
    expect(boundProblem('rate', '>', -5, 'rate>-5')).toMatch(/holds for every run/);
    expect(boundProblem('rate', '>=', 0, 'rate>=0')).toMatch(/^rate>=0 holds for every run \(it/);
    expect(boundProblem('rate', '<=', 1, 'rate<=1')).toMatch(/holds for every run/);
    expect(boundProblem('rate', '!=', 2, 'rate!=2')).toMatch(/holds for every run/);
  });

  it('refuses one that every run crosses', () => {
    expect(boundProblem('rate', '<', 0, 'rate<0')).toMatch(/^rate<0 fails every run/);
    expect(boundProblem('rate', '>', 1, 'rate>1')).toMatch(/fails every run/);
    expect(boundProblem('trend', '<', -1, 'avg<-1')).toMatch(/fails every run \(a time bound/);
  });

  it('refuses a number that is not finite', () => {
    expect(boundProblem('rate', '<', Infinity, 'rate<1e999')).toBe(
      'rate<1e999: expected a finite number, got Infinity',
    );
  });

  it('takes a bound a run can fall on either side of', () => {
    expect(boundProblem('rate', '<', 0.01, 'rate<1%')).toBeNull();
    expect(boundProblem('rate', '>=', 1, 'rate>=1')).toBeNull();
    expect(boundProblem('rate', '==', 0, 'rate==0')).toBeNull();
    expect(boundProblem('trend', '<', 120, 'p(95)<120')).toBeNull();
    expect(boundProblem('trend', '>', 0, 'min>0')).toBeNull();
  });
});
