// Steps a drill could never carry out, found before anything starts (exit 2) instead of
// 80 s in: a restart or new settings for a target the drill did not start, settings the
// target does not read (a restart with them changes nothing, and a verdict after it would
// credit a remediation that did nothing), a signal the target has no handler for (it
// would end on it), faults on a process or a namespace the drill cannot reach.

import type { DrillPlan } from '../scenario/plan.js';

export interface TargetReach {
  /** The drill starts the target (local reference target, containers). */
  startedByDrill: boolean;
  /** Where the target is, for messages: "127.0.0.1:8080". */
  address: string;
  /** The target's process on this machine is known (--target-pid), when the drill did not start it. */
  processKnown: boolean;
  /** The operator remediates (--manual-remediation): the drill applies no remediation itself. */
  manualRemediation: boolean;
}

/** One line per step that cannot be done, naming the step and what to do. */
export function impossibleSteps(plan: DrillPlan, reach: TargetReach): string[] {
  const problems: string[] = [];
  const { target } = plan;
  const notStarted = `the drill did not start the target at ${reach.address}`;
  const unread = (settings: Record<string, string>) =>
    Object.keys(settings).filter((name) => !target.settings.includes(name));
  const readsText = `${target.name} reads ${target.settings.join(', ')}`;

  const env = plan.scenario.target?.env ?? {};
  if (Object.keys(env).length > 0 && !reach.startedByDrill) {
    problems.push(
      `target.env: gives the target ${settingsText(env)}, but ${notStarted}: start it yourself with those settings and run a copy of the scenario without target.env, or let the drill start the target (no --target)`,
    );
  } else if (unread(env).length > 0) {
    problems.push(
      `target.env: ${target.name} does not read ${unread(env).join(', ')}, so it would run as if they were not set (${readsText})`,
    );
  }

  const steps = [
    ...plan.scenario.inject.map((spec, i) => ({ at: `inject[${i}]`, spec, byDrill: true })),
    ...plan.scenario.remediate.map((spec, i) => ({
      at: `remediate[${i}]`,
      spec,
      byDrill: !reach.manualRemediation,
    })),
  ];
  for (const { at, spec, byDrill } of steps) {
    const kind = plan.faults.kind(spec.type);
    if (!kind) continue;
    const step = `${at} (${spec.type})`;
    const needs = kind.needs ?? {};
    const settings = plan.faults.settings(spec);
    const notRead = unread(settings);
    if (notRead.length > 0) {
      const who = byDrill ? 'sets' : 'asks the operator to set';
      problems.push(
        `${step}: ${who} ${notRead.join(', ')}, which ${target.name} does not read, so the change could not work (${readsText}); remove ${notRead.length > 1 ? 'them' : 'it'} or use a setting it reads`,
      );
    }
    if (!byDrill) continue;
    if (needs.restart && !reach.startedByDrill) {
      problems.push(
        `${step}: restarts the target, but ${notStarted}, so it cannot: ${at.startsWith('remediate') ? 'run with --manual-remediation to have an operator do it, or ' : ''}let the drill start the target (no --target)`,
      );
    }
    for (const signal of needs.signals ?? []) {
      if (!target.signals.includes(signal))
        problems.push(
          `${step}: sends ${signal} to the target, but ${target.name} has no ${signal} handler, so it would end the process, not do what the step says; use a step it supports`,
        );
    }
    if (needs.process && !reach.startedByDrill && !reach.processKnown) {
      problems.push(
        `${step}: acts on the target's process, but ${notStarted} and no --target-pid names it: give --target-pid PID --allow-process-changes (the process serving ${reach.address} on this machine)`,
      );
    }
    if (needs.netns?.includes('target') && !reach.startedByDrill) {
      problems.push(
        `${step}: acts inside the target's own network namespace, which the drill makes only for a target it starts, and ${notStarted}`,
      );
    }
  }
  return problems;
}

function settingsText(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
