/**
 * cdktf 0.21 renders a multi-line string as a heredoc, and a heredoc always ends in a newline the
 * JSON value does not have (the state machine definition would differ by one character between
 * `cdk.tf` and `cdk.tf.json`). This rewrites each heredoc attribute as a quoted HCL template with the
 * JSON escapes, which HCL reads the same way (`\n`, `\"`, `\\`, `\uXXXX`), keeping `${...}` references.
 */
function quoteHeredocs(hcl: string): string {
  return hcl.replace(/^([ \t]*[\w-]+ = )<<EOF\n([\s\S]*?)\nEOF$/gm, (_, assignment: string, body: string) => `${assignment}${hclQuoted(body)}`);
}

/** JSON string escapes, less the two HCL lacks (`\b`, `\f`), and template directives (`%{`) escaped. */
function hclQuoted(value: string): string {
  return JSON.stringify(value)
    .replaceAll('\\b', '\\u0008')
    .replaceAll('\\f', '\\u000c')
    .replace(/%\{/g, () => '%%{');
}

export { quoteHeredocs };
