/**
 * Escaping for the three places text goes into the report page: HTML text and attributes,
 * JSON inside a <script type="application/json"> block, and library code inside <script>.
 * Strategy names, tags and pairs come from user code, so they are never trusted.
 */
import { DataError } from '../../core/errors.ts';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * JSON that can sit inside a <script> element: `<`, `>` and `&` become \u escapes (still the
 * same JSON), so no `</script>` or `<!--` can end or confuse the block, and U+2028/2029 are
 * escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Code placed inside <script>: refused when it contains text that would end the element or
 * switch the HTML parser into its escaped state (a library update would be caught here, not
 * in a user's browser).
 */
export function scriptSafe(code: string, what: string): string {
  const bad = /<\/script|<!--|<script/i.exec(code);
  if (bad) throw new DataError(`${what} contains "${bad[0]}" at offset ${bad.index}, which cannot be inlined in a <script> element`);
  return code;
}
