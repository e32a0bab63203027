// A module's default export as its author wrote it: a .ts file outside an ESM package is
// loaded as CommonJS, and its `export default` then arrives wrapped once more as
// `{ default: ... }`. Scenario files and users' fault kinds are both read through this.

export function unwrapDefault(value: unknown): unknown {
  if (value && typeof value === 'object' && 'default' in value) {
    const keys = Object.keys(value).filter((key) => key !== '__esModule');
    if (keys.length === 1) return (value as { default: unknown }).default;
  }
  return value;
}
