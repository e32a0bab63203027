// Queries written once with `$window` where a range goes (`rate(x$window)`), filled in
// with the window a use needs: the rule's, the baseline's, the time since the fault.

/** `expr` with every `$window` replaced by `window`, like `[30s]`. */
export function withWindow(expr: string, window: string): string {
  return expr.replaceAll('$window', window);
}

/** `[42s]`: a window of whole seconds, at least one. */
export function secondsWindow(ms: number): string {
  return `[${Math.max(1, Math.round(ms / 1000))}s]`;
}
