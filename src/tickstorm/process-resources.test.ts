import { describe, expect, it } from 'vitest';
import {
  findCgroupMemoryFiles,
  parseCgroupLimit,
  parseNofileSoftLimit,
} from './process-resources.js';

const limits = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 20000                files
Max locked memory         8388608              8388608              bytes
`;

const mountinfoV1 = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;

describe('parseNofileSoftLimit', () => {
  it('reads the soft column of Max open files', () => {
    expect(parseNofileSoftLimit(limits)).toBe(1024);
    expect(parseNofileSoftLimit(limits.replace('1024   ', 'unlimited'))).toBeNull();
    expect(parseNofileSoftLimit('')).toBeNull();
  });
});

describe('findCgroupMemoryFiles', () => {
  it('finds the v1 memory controller directory of this process', () => {
    const files = findCgroupMemoryFiles(
      '4:memory:/drill/target\n1:cpu:/\n0::/',
      mountinfoV1,
      (path) => path === '/sys/fs/cgroup/memory/drill/target/memory.limit_in_bytes',
    );
    expect(files).toEqual({
      version: 1,
      limitFile: '/sys/fs/cgroup/memory/drill/target/memory.limit_in_bytes',
      usageFile: '/sys/fs/cgroup/memory/drill/target/memory.usage_in_bytes',
    });
  });

  it('falls back to the mount root inside a cgroup namespace', () => {
    const files = findCgroupMemoryFiles(
      '4:memory:/elsewhere',
      mountinfoV1,
      (path) => path === '/sys/fs/cgroup/memory/memory.limit_in_bytes',
    );
    expect(files?.limitFile).toBe('/sys/fs/cgroup/memory/memory.limit_in_bytes');
  });

  it('finds v2 memory.max when there is no v1 memory controller', () => {
    const files = findCgroupMemoryFiles(
      '0::/user.slice/drill',
      '25 1 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw',
      (path) => path === '/sys/fs/cgroup/user.slice/drill/memory.max',
    );
    expect(files).toEqual({
      version: 2,
      limitFile: '/sys/fs/cgroup/user.slice/drill/memory.max',
      usageFile: '/sys/fs/cgroup/user.slice/drill/memory.current',
    });
  });

  it('finds nothing when no memory files exist', () => {
    expect(findCgroupMemoryFiles('0::/', mountinfoV1, () => false)).toBeNull();
  });
});

describe('parseCgroupLimit', () => {
  it('treats max and the v1 page-rounded 2^63 as no limit', () => {
    expect(parseCgroupLimit('max\n')).toBeNull();
    expect(parseCgroupLimit('9223372036854771712\n')).toBeNull();
    expect(parseCgroupLimit('536870912\n')).toBe(536_870_912);
  });
});
