// `chaos doctor`: each part of the stack found or missing (with the fix), and each
// fault mechanism available on this machine or not, and why.

import type { CommandModule } from 'yargs';
import { ExitCode } from '../../result/exit-code.js';
import { checkFaultMechanisms } from '../../faults/availability.js';
import { builtInFaultKinds } from '../../faults/kinds/registry.js';
import { checkStackParts, type Check } from '../../stack/part-checks.js';

function print(title: string, checks: Check[]): void {
  console.log(title);
  for (const check of checks) {
    const mark = check.ok ? 'ok     ' : check.required ? 'MISSING' : 'n/a    ';
    console.log(`  ${mark} ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) console.log(`          fix: ${check.fix}`);
  }
}

export const doctorCommand: CommandModule = {
  command: 'doctor',
  describe: 'Check what this machine has: stack parts, and which faults can be injected here',
  handler: () => {
    const parts = checkStackParts();
    const faults = checkFaultMechanisms(builtInFaultKinds);
    print('Stack parts', parts);
    print('Fault mechanisms', faults);
    const missing = [...parts, ...faults].filter((c) => c.required && !c.ok);
    console.log(
      missing.length === 0
        ? '\nReady: the default drills can run here.'
        : `\nNot ready: ${missing.length} required part(s) missing.`,
    );
    process.exit(missing.length === 0 ? ExitCode.Passed : ExitCode.DrillFailed);
  },
};
