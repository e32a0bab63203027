// Text that goes into the page: HTML-escaped where it is markup, and JSON that cannot
// end its <script> element early or start a comment, whatever the journal contains.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON safe inside <script type="application/json">: `<` (so no `</script>` or `<!--`),
 * `>` and `&` are written as \u escapes, and so are U+2028/2029, which end lines in JS.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Content for an inline <script> or <style> taken from a file we do not control. */
export function inlineRaw(text: string, element: 'script' | 'style'): string {
  // A literal closing tag inside would end the element early; split it.
  return text.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
}
