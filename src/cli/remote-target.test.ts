import { describe, expect, it } from 'vitest';
import { assertAllowedTarget } from './remote-target.js';

describe('the loopback rail', () => {
  it('takes ::1 as written in a URL (with brackets) as it takes 127.0.0.1', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', '::1', '[::1]', 'localhost'])
      expect(() => assertAllowedTarget(host, [], '--prometheus'), host).not.toThrow();
  });

  it('refuses any other address unless named with --allow-remote', () => {
    expect(() => assertAllowedTarget('[2001:db8::1]', [], '--prometheus')).toThrow(
      /--prometheus: \[2001:db8::1\] is outside loopback/,
    );
    expect(() => assertAllowedTarget('10.0.0.1', ['10.0.0.1'], '--target')).not.toThrow();
  });
});
