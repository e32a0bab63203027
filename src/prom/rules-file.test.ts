import { describe, expect, it } from 'vitest';
import { exprPosition, findAlert, parseRulesFile, RulesFileError } from './rules-file.js';
import { scaleRules } from './rules-scale.js';

const valid = `# the corrected rule
groups:
  - name: tickstorm.connections
    interval: 30s
    rules:
      - alert: TickStormConnectionDropRate
        expr: sum by (instance_id) (rate(errors{error_type="connection_dropped"}[5m])) / sum by (instance_id) (rate(total[5m])) * 100 > 0.5
        for: 5m
        labels:
          severity: high
      - record: instance_id:drop_rate:ratio_rate5m
        expr: |
          sum by (instance_id) (rate(errors[5m]))
            / sum by (instance_id) (rate(total[5m] offset 1h))
`;

function problemsOf(source: string): string[] {
  try {
    parseRulesFile(source, 'rules/x.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(RulesFileError);
    return (error as RulesFileError).problems.map(
      (problem) => `${problem.line}: ${problem.path}: ${problem.message}`,
    );
  }
  throw new Error('expected problems');
}

describe('parseRulesFile', () => {
  it('reads groups and rules', () => {
    const file = parseRulesFile(valid, 'rules/x.yml');
    expect(file.groups).toHaveLength(1);
    const [alert, record] = file.groups[0]!.rules;
    expect(alert).toMatchObject({
      kind: 'alert',
      name: 'TickStormConnectionDropRate',
      for: '5m',
      labels: { severity: 'high' },
      group: 'tickstorm.connections',
      path: 'groups[0].rules[0]',
    });
    expect(record).toMatchObject({ kind: 'record', name: 'instance_id:drop_rate:ratio_rate5m' });
    expect(file.groups[0]!.interval).toBe('30s');
  });

  it('names the file, the path and the line of a bad duration', () => {
    const source = valid.replace('for: 5m', 'for: five');
    try {
      parseRulesFile(source, 'rules/x.yml');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        'rules/x.yml:8: groups[0].rules[0].for: expected a duration like "5m", got "five"',
      );
    }
  });

  it('lists every shape problem at once', () => {
    const source = `groups:
  - name: a
    interval: soon
    rules:
      - alert: A
        record: b
        expr: up
      - alert: B
        exprs: up
        labels:
          bad-name: x
      - record: "not a metric"
        expr: up
        for: 1m
  - name: a
    rules: {}
`;
    expect(problemsOf(source)).toEqual([
      '3: groups[0].interval: expected a duration like "5m", got "soon"',
      '5: groups[0].rules[0]: expected exactly one of `alert:` (an alerting rule) or `record:` (a recording rule)',
      '9: groups[0].rules[1].exprs: unknown field; expected one of alert, record, expr, for, keep_firing_for, labels, annotations',
      '8: groups[0].rules[1].expr: expected a PromQL expression, got nothing',
      '11: groups[0].rules[1].labels.bad-name: expected a label name like "severity", got "bad-name"',
      '12: groups[0].rules[2].record: expected a metric name like "job:errors:rate5m", got "not a metric"',
      '14: groups[0].rules[2].for: `for` belongs to alerting rules, not recording rules',
      '15: groups[1].name: group name "a" is used twice; expected unique names',
      '16: groups[1].rules: expected a list of rules, got a mapping',
    ]);
  });

  it('rejects files that are not rule files', () => {
    expect(problemsOf('')).toEqual([
      'undefined: : expected a mapping with a `groups:` list, got an empty value',
    ]);
    expect(problemsOf('groups: 3\n')).toEqual([
      '1: groups: expected a list of rule groups, got number 3',
    ]);
    expect(problemsOf('groups: [\n')[0]).toMatch(/not valid YAML/);
  });

  it('reports PromQL syntax errors with the rule and both positions', () => {
    const source = valid.replace(
      'expr: sum by (instance_id) (rate(errors{error_type="connection_dropped"}[5m]))',
      'expr: rate(errors{error_type="connection_dropped"}[5m]) by (error_type)',
    );
    try {
      parseRulesFile(source, 'rules/x.yml');
      expect.unreachable();
    } catch (error) {
      const [problem] = (error as RulesFileError).problems;
      expect(problem).toMatchObject({ line: 7, column: 65, path: 'groups[0].rules[0].expr' });
      expect(problem!.message).toMatch(
        /^alert TickStormConnectionDropRate: PromQL syntax error at line 1, column 51 of the expression: unexpected "by"/,
      );
    }
  });

  it('maps expression offsets inside block scalars to file positions', () => {
    const file = parseRulesFile(valid, 'rules/x.yml');
    const record = file.groups[0]!.rules[1]!;
    const offset = record.expr.indexOf('offset');
    expect(exprPosition(file, record, offset)).toEqual({ line: 14, column: 52 });
  });

  it('finds an alert by name, or names the alerts there are', () => {
    const file = parseRulesFile(valid, 'rules/x.yml');
    expect(findAlert(file, 'TickStormConnectionDropRate').for).toBe('5m');
    expect(() => findAlert(file, 'Nope')).toThrow(
      'rules/x.yml: expected an alert named "Nope"; the file\'s alerts are: TickStormConnectionDropRate',
    );
  });
});

describe('scaleRules', () => {
  it('scales expr, for and interval, keeps the rest, and says so in a header', () => {
    const scaled = scaleRules(parseRulesFile(valid, 'rules/x.yml'), 0.1);
    expect(scaled).toMatch(
      /^# Rewritten by tickstorm-chaos from rules\/x\.yml with time scale 0\.1:/,
    );
    expect(scaled).toContain('# the corrected rule');
    expect(scaled).toContain('interval: 3s');
    expect(scaled).toContain('for: 30s');
    expect(scaled).toContain('[30s])) / sum by (instance_id) (rate(total[30s])) * 100 > 0.5\n');
    expect(scaled).toContain('rate(total[30s] offset 6m))');
    expect(scaled).toContain('expr: |');
    const reread = parseRulesFile(scaled, 'scaled.yml');
    expect(reread.groups[0]!.rules[0]!.labels).toEqual({ severity: 'high' });
  });

  it('leaves absent for and interval absent', () => {
    const source =
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[1m]) > 0\n';
    const scaled = scaleRules(parseRulesFile(source, 'g.yml'), 0.5);
    expect(scaled).toContain('expr: rate(x[30s]) > 0');
    expect(scaled).not.toContain('for:');
    expect(scaled).not.toContain('interval:');
  });
});
