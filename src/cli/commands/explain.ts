// `chaos explain '<expr>'`: evaluate an expression and each sub-expression against
// Prometheus, and mark where its series vanish and why. Exit 0 when it returns series,
// 1 when it returns none, 2 for an invalid expression or flag, 3 when Prometheus is unreachable.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { explain, renderExplanation } from '../../prom/explain/explain.js';
import { PromQLSyntaxError } from '../../prom/promql/parse.js';
import { PrometheusError } from '../../prom/prometheus-error.js';
import { prometheusFlag, timeFlag } from './prom-flags.js';

interface ExplainArgs {
  expr: string;
  prometheus: string;
  time?: string;
}

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <expr>',
  describe: 'Evaluate a PromQL expression node by node and show where its series vanish, and why',
  builder: (yargs: Argv) =>
    yargs
      .positional('expr', {
        type: 'string',
        demandOption: true,
        describe: 'the PromQL expression, quoted',
      })
      .option('prometheus', {
        type: 'string',
        default: 'http://127.0.0.1:9090',
        describe: 'Prometheus URL',
      })
      .option('time', {
        type: 'string',
        describe: 'evaluation time (RFC 3339 or Unix seconds); default now',
      }) as unknown as Argv<ExplainArgs>,
  handler: async (args: ArgumentsCamelCase<ExplainArgs>) => {
    const client = prometheusFlag(args.prometheus)!;
    let explanation;
    try {
      explanation = await explain(client, args.expr, timeFlag(args.time));
    } catch (error) {
      if (error instanceof PromQLSyntaxError)
        throw new UsageError(`the expression is not valid PromQL: ${error.message}`);
      if (!(error instanceof PrometheusError)) throw error;
      console.error(`chaos explain: ${error.message}`);
      process.exit(ExitCode.InfrastructureError);
    }
    console.log(renderExplanation(explanation));
    const root = explanation.tree.result;
    const empty =
      !root ||
      Boolean(root.error) ||
      (root.series === 0 && (root.type === 'vector' || root.type === 'matrix'));
    process.exit(empty ? ExitCode.DrillFailed : ExitCode.Passed);
  },
};
