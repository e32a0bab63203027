// The steps of a drill, in the words the runbook and the reports use.

export type StepName =
  | 'preflight'
  | 'baseline'
  | 'inject'
  | 'expect'
  | 'page'
  | 'remediate'
  | 'verify'
  | 'resolved-page'
  | 'rollback';
