import { describe, expect, it } from 'vitest';
import {
  cgroupMemoryFiles,
  describeCgroupMemory,
  describeOpenFds,
  describeSamples,
  formatBytes,
  metricLinesMatching,
  parseMeminfo,
  parseNofileLimit,
} from './first-minutes-parse.js';

describe('metricLinesMatching', () => {
  const page = [
    '# HELP tick_storm_active_connections Open connections.',
    '# TYPE tick_storm_active_connections gauge',
    'tick_storm_active_connections{instance_id="vm-1"} 42',
    'tick_storm_messages_sent_total{message_type="connection_x"} 9',
    'tick_storm_connection_errors_total{instance_id="vm-1",error_type="connection_dropped"} 7',
    '',
  ].join('\n');

  it('keeps sample lines whose metric name contains the needle, not comments or labels', () => {
    expect(metricLinesMatching(page, 'connection_')).toEqual([
      'tick_storm_connection_errors_total{instance_id="vm-1",error_type="connection_dropped"} 7',
    ]);
    expect(metricLinesMatching(page, 'connections')).toEqual([
      'tick_storm_active_connections{instance_id="vm-1"} 42',
    ]);
  });

  it('says how many lines it left out past its bound', () => {
    const many = Array.from({ length: 5 }, (_, i) => `x_connection_total{i="${i}"} ${i}`).join(
      '\n',
    );
    expect(metricLinesMatching(many, 'connection_', 2)).toEqual([
      'x_connection_total{i="0"} 0',
      'x_connection_total{i="1"} 1',
      '… 3 more lines',
    ]);
  });
});

describe('parseNofileLimit', () => {
  const limits = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             95138                95138                processes ',
    'Max open files            203                  20000                files     ',
  ].join('\n');

  it('reads the soft and hard limit of open files', () => {
    expect(parseNofileLimit(limits)).toEqual({ soft: 203, hard: 20000 });
    expect(parseNofileLimit('Max open files unlimited unlimited files')).toEqual({
      soft: 'unlimited',
      hard: 'unlimited',
    });
    expect(parseNofileLimit('Max processes 1 1')).toBeNull();
  });

  it('puts the open count against the soft limit', () => {
    expect(describeOpenFds(199, { soft: 203, hard: 20000 })).toBe(
      '199 open of a soft limit of 203 (98 %); hard limit 20000',
    );
  });
});

describe('parseMeminfo', () => {
  it('reads MemAvailable and MemTotal in bytes', () => {
    const text = 'MemTotal:       24000000 kB\nMemFree:  1 kB\nMemAvailable:   12000000 kB\n';
    expect(parseMeminfo(text)).toEqual({ available: 12000000 * 1024, total: 24000000 * 1024 });
    expect(parseMeminfo('MemTotal: 1 kB\n')).toBeNull();
  });
});

describe('cgroupMemoryFiles', () => {
  it('uses the unified hierarchy (v2) path', () => {
    expect(cgroupMemoryFiles('0::/user.slice/session-1.scope\n')).toEqual({
      version: 2,
      usage: '/sys/fs/cgroup/user.slice/session-1.scope/memory.current',
      limit: '/sys/fs/cgroup/user.slice/session-1.scope/memory.max',
    });
    expect(cgroupMemoryFiles('0::/\n')).toMatchObject({ usage: '/sys/fs/cgroup/memory.current' });
  });

  it("prefers the v1 memory controller's line on a v1 or hybrid machine", () => {
    const text = '12:cpu,cpuacct:/a\n9:memory:/docker/abc\n0::/init.scope\n';
    expect(cgroupMemoryFiles(text)).toEqual({
      version: 1,
      usage: '/sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes',
      limit: '/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes',
    });
  });

  it('finds nothing in a file without a memory cgroup', () => {
    expect(cgroupMemoryFiles('3:cpu:/a\n')).toBeNull();
  });
});

describe('describeCgroupMemory', () => {
  it('puts usage against a limit, and says when no limit applies', () => {
    expect(describeCgroupMemory('268435456\n', '1073741824\n')).toBe(
      '256.0 MiB used of a 1.0 GiB limit (25 %)',
    );
    expect(describeCgroupMemory('1024', 'max\n')).toBe(
      '1.0 KiB used; no memory limit applies to this cgroup',
    );
    expect(describeCgroupMemory('1024', '9223372036854771712')).toContain('no memory limit');
  });
});

describe('formatting', () => {
  it('formats bytes and samples for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(
      describeSamples(
        [
          { labels: { reason: 'accept_failed' }, value: 1.23456, time: 0 },
          { labels: {}, value: Number.NaN, time: 0 },
        ],
        ' per second',
      ),
    ).toBe('{reason="accept_failed"} 1.235 per second\n{} NaN per second');
  });
});
