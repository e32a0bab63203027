// A scenario that cannot be used. One line per problem, each naming the file and the
// field: `scenarios/x.ts: inject[0].soft: expected a positive integer, got -3`.

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'));
    this.name = 'ScenarioError';
  }
}
