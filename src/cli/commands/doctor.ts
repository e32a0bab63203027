// `chaos doctor`: each part of the stack found or missing (with the fix), and each
// fault mechanism available on this machine or not, and why.

import type { CommandModule } from 'yargs';
import { ExitCode } from '../../result/exit-code.js';
import { checkFaultMechanisms } from '../../faults/availability.js';
import { builtInFaultKinds } from '../../faults/kinds/registry.js';
import { containerNetnsUnavailableReason } from '../../faults/container-netns.js';
import { checkContainerPath } from '../../stack/containers/container-checks.js';
import { checkStackParts, type Check } from '../../stack/part-checks.js';

function print(title: string, checks: Check[]): void {
  console.log(title);
  for (const check of checks) {
    const mark = check.ok ? 'ok     ' : check.required ? 'MISSING' : 'n/a    ';
    console.log(`  ${mark} ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) console.log(`          fix: ${check.fix}`);
  }
}

/** packet-loss with --provider docker: nftables in Toxiproxy's container's namespace. */
function containerPacketLoss(): Check {
  const why = containerNetnsUnavailableReason();
  return {
    name: 'fault nftables packet drops in a container',
    ok: why === null,
    detail:
      why === null
        ? "root, nsenter and nft: rules go in Toxiproxy's container's own network namespace"
        : `${why}; packet-loss with --provider docker is recorded as not injected`,
    required: false,
  };
}

export const doctorCommand: CommandModule = {
  command: 'doctor',
  describe: 'Check what this machine has: stack parts, and which faults can be injected here',
  handler: async () => {
    const parts = checkStackParts();
    const faults = checkFaultMechanisms(builtInFaultKinds);
    print('Stack parts', parts);
    print('Fault mechanisms', faults);
    print('Containers (--provider docker; the default drills do not need them)', [
      ...(await checkContainerPath()),
      containerPacketLoss(),
    ]);
    const missing = [...parts, ...faults].filter((c) => c.required && !c.ok);
    console.log(
      missing.length === 0
        ? '\nReady: the default drills can run here.'
        : `\nNot ready: ${missing.length} required part(s) missing.`,
    );
    process.exit(missing.length === 0 ? ExitCode.Passed : ExitCode.DrillFailed);
  },
};
