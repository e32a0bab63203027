// The CLI's exit codes are the engine's; defined once in result/exit-code.ts.
export { ExitCode } from '../result/exit-code.js';
