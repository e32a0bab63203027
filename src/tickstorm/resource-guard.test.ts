import { describe, expect, it } from 'vitest';
import type { ResourceReadings } from './process-resources.js';
import { PUBLISHED_MEMORY_LIMIT, ResourceGuard, resourceState } from './resource-guard.js';

function guardWith(readings: Partial<ResourceReadings>, active = 0, memoryBudget = 1000) {
  const full: ResourceReadings = {
    openFds: 10,
    nofileSoftLimit: 100,
    rssBytes: 100,
    cgroupMemory: null,
    ...readings,
  };
  let connections = active;
  const guard = new ResourceGuard(
    async () => full,
    { memoryBudgetBytes: memoryBudget, maxConnections: 10 },
    () => connections,
  );
  return { guard, setActive: (n: number) => (connections = n), readings: full };
}

describe('resourceState', () => {
  it('is warning from 80 % and critical from 90 %', () => {
    expect(resourceState(79, 100).status).toBe('ok');
    expect(resourceState(80, 100).status).toBe('warning');
    expect(resourceState(90, 100)).toEqual({
      value: 90,
      limit: 100,
      percent: 90,
      status: 'critical',
    });
  });
});

describe('ResourceGuard', () => {
  it('admits while every resource is below critical', async () => {
    const { guard } = guardWith({});
    await guard.sample();
    expect(guard.rejectReason()).toBeNull();
    expect(guard.state().status).toBe('ok');
  });

  it('counts accepts between samples so a burst trips the fd limit', async () => {
    const { guard } = guardWith({ openFds: 85 });
    await guard.sample();
    expect(guard.rejectReason()).toBeNull();
    for (let i = 0; i < 5; i++) guard.fdOpened();
    expect(guard.rejectReason()).toBe('guard_fd');
    guard.fdClosed();
    expect(guard.rejectReason()).toBeNull();
  });

  it('re-reads the soft limit on every sample (prlimit from outside)', async () => {
    const { guard, readings } = guardWith({ openFds: 30 });
    await guard.sample();
    expect(guard.rejectReason()).toBeNull();
    readings.nofileSoftLimit = 32;
    await guard.sample();
    expect(guard.rejectReason()).toBe('guard_fd');
    expect(guard.state().resources.fds).toMatchObject({ value: 30, limit: 32, status: 'critical' });
  });

  it('rejects on the memory budget and on the cgroup limit', async () => {
    const overBudget = guardWith({ rssBytes: 950 });
    await overBudget.guard.sample();
    expect(overBudget.guard.rejectReason()).toBe('guard_memory');

    const cgroup = guardWith({ cgroupMemory: { usage: 95, limit: 100 } });
    await cgroup.guard.sample();
    expect(cgroup.guard.rejectReason()).toBe('guard_memory');
    expect(cgroup.guard.state().resources.cgroup_memory?.status).toBe('critical');
  });

  it('rejects at 90 % of MAX_CONNECTIONS', async () => {
    const { guard, setActive } = guardWith({}, 8);
    await guard.sample();
    expect(guard.rejectReason()).toBeNull();
    expect(guard.state().status).toBe('warning');
    setActive(9);
    expect(guard.rejectReason()).toBe('guard_connections');
  });

  it('treats EMFILE while sampling as fds at the limit', async () => {
    let fail = false;
    const guard = new ResourceGuard(
      async () => {
        if (fail) throw Object.assign(new Error('too many open files'), { code: 'EMFILE' });
        return { openFds: 10, nofileSoftLimit: 100, rssBytes: 1, cgroupMemory: null };
      },
      { memoryBudgetBytes: null, maxConnections: 10 },
      () => 0,
    );
    await guard.sample();
    fail = true;
    await guard.sample();
    expect(guard.rejectReason()).toBe('guard_fd');
    expect(guard.state().resources.fds).toMatchObject({ value: 10, limit: 10, status: 'critical' });
    expect(guard.state().sampleError).toMatch(/EMFILE/);
  });

  it('with a fixed memory limit, compares the heap with 1 GiB and ignores the budget and the cgroup', async () => {
    const readings: ResourceReadings = {
      openFds: 10,
      nofileSoftLimit: 100,
      rssBytes: 2 ** 31,
      cgroupMemory: { usage: 95, limit: 100 },
    };
    let heap = 10 * 2 ** 20;
    const fixed = new ResourceGuard(
      async () => readings,
      { memoryBudgetBytes: 2 ** 20, maxConnections: 10, fixedMemory: { heapUsed: () => heap } },
      () => 0,
    );
    await fixed.sample();
    expect(fixed.rejectReason()).toBeNull();
    expect(fixed.state().resources.memory).toMatchObject({
      value: heap,
      limit: PUBLISHED_MEMORY_LIMIT,
    });
    expect(fixed.state().resources.cgroup_memory).toBeUndefined();
    heap = 0.95 * PUBLISHED_MEMORY_LIMIT;
    await fixed.sample();
    expect(fixed.rejectReason()).toBe('guard_memory');

    // The same readings without it: RSS over the budget and the cgroup at 95 %.
    const real = new ResourceGuard(
      async () => readings,
      { memoryBudgetBytes: 2 ** 20, maxConnections: 10 },
      () => 0,
    );
    await real.sample();
    expect(real.rejectReason()).toBe('guard_memory');
    expect(real.state().resources.cgroup_memory?.status).toBe('critical');
  });
});
