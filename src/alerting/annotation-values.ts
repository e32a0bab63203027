// What a non-finite number in a delivered annotation means. An annotation that prints the
// alert's $value ("drops {{ printf "%.2f" $value }}%") reads "+Inf%" when the ratio's
// denominator rate was 0 at that evaluation: no measurement, and a reader of the page or
// the report should not take it for one. Pure; the page steps and the reports word it.

/** `+Inf`, `-Inf` or `NaN` standing alone (as Go prints them), not inside a word like `Info`. */
const NON_FINITE = /(?<![\w.])([+-]?Inf|NaN)(?![\w])/;

/** One note for an annotation's text, or null when every number in it is finite. */
export function nonFiniteNote(text: string): string | null {
  const value = NON_FINITE.exec(text)?.[1];
  if (value === undefined) return null;
  return value === 'NaN'
    ? "NaN is not a measurement: the alert's value was 0 divided by a rate of 0 (nothing counted in its window at that evaluation, neither drops nor new connections)"
    : `${value} is not a measurement: the alert's value was divided by a rate of 0 (no new connections counted in its window at that evaluation)`;
}

/** `description reads "…+Inf%…": +Inf is not a measurement: …` for each such annotation. */
export function nonFiniteNotes(annotations: Record<string, string>): string[] {
  return Object.entries(annotations).flatMap(([name, text]) => {
    const note = nonFiniteNote(text);
    return note ? [`its ${name} reads ${JSON.stringify(text)}: ${note}`] : [];
  });
}
