/**
 * cdktf 0.21 renders a multi-line string as a heredoc, and a heredoc always ends in a newline the
 * JSON value does not have (the state machine definition would differ by one character between
 * `cdk.tf` and `cdk.tf.json`). This rewrites each heredoc attribute as a quoted HCL template with the
 * JSON escapes, which HCL reads the same way (`\n`, `\"`, `\\`, `\uXXXX`), keeping `${...}` references.
 */
function quoteHeredocs(hcl: string): string {
  return hcl.replace(
    /^([ \t]*[\w-]+ = )<<EOF\n([\s\S]*?)\nEOF$/gm,
    (_, assignment: string, body: string) => `${assignment}${hclQuoted(body)}`,
  );
}

/**
 * cdktf writes `depends_on` as quoted strings, which Terraform still reads but warns about
 * ("Quoted references are deprecated"); this writes them as the bare references Terraform wants.
 */
function unquoteDependsOn(hcl: string): string {
  return hcl.replace(
    /^([ \t]*depends_on = \[\n)((?:[ \t]*"[\w.-]+",?\n)+)([ \t]*\])/gm,
    (_, open: string, items: string, close: string) => `${open}${items.replace(/"([\w.-]+)"/g, '$1')}${close}`,
  );
}

/** What cdktf's HCL needs to say the same as its JSON, without Terraform's warnings. */
function polishHcl(hcl: string): string {
  return unquoteDependsOn(quoteHeredocs(hcl));
}

/** JSON string escapes, less the two HCL lacks (`\b`, `\f`), and template directives (`%{`) escaped. */
function hclQuoted(value: string): string {
  return JSON.stringify(value)
    .replaceAll('\\b', '\\u0008')
    .replaceAll('\\f', '\\u000c')
    .replace(/%\{/g, () => '%%{');
}

/**
 * An expression's text with the spacing `terraform fmt` may change made canonical: no blank around
 * brackets, braces, parentheses and commas, one space elsewhere; string literals untouched. The CLI's
 * `cdktf synth --hcl` runs `terraform fmt`, which respaces object constructors such as a dashboard's
 * `jsonencode({ ... })` and changes nothing else.
 */
function canonicalSpacing(expression: string): string {
  let out = '';
  let blank = false;
  for (let index = 0; index < expression.length; index++) {
    const char = expression[index]!;
    if (/\s/.test(char)) {
      blank = true;
      continue;
    }
    if (blank && out !== '' && !/[[{(,]$/.test(out) && !/[\]}),]/.test(char)) out += ' ';
    blank = false;
    if (char !== '"') {
      out += char;
      continue;
    }
    const start = index;
    for (index++; index < expression.length && expression[index] !== '"'; index++) if (expression[index] === '\\') index++;
    out += expression.slice(start, index + 1);
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One shape for both syntaxes: hcl2json writes every block as a list of one object and a variable
 * type as `${string}`, cdk.tf.json a single block as an object; cdktf's "//" metadata is JSON-only.
 */
function normalizeConfiguration(value: Json, path: readonly string[] = []): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeConfiguration(item, path));
    return items.length === 1 && typeof items[0] === 'object' && items[0] !== null && !Array.isArray(items[0]) ? items[0] : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== '//')
        .sort()
        .map((key) => [key, normalizeConfiguration(value[key]!, [...path, key])]),
    );
  }
  // variable.<name>.type: an expression in hcl2json's output, a keyword in the JSON syntax.
  if (typeof value === 'string' && path.length === 3 && path[0] === 'variable' && path[2] === 'type')
    return value.replace(/^\$\{(.*)\}$/, '$1');
  // depends_on: a bare reference in HCL (hcl2json writes it as `${...}`), a quoted address in JSON.
  if (typeof value === 'string' && path.at(-1) === 'depends_on') return value.replace(/^\$\{(.*)\}$/, '$1');
  // A value that is one expression: its spacing is terraform fmt's to choose.
  if (typeof value === 'string' && value.startsWith('${') && value.endsWith('}')) return canonicalSpacing(value);
  return value;
}

/** The top-level sections (resource, data, variable, output, provider, terraform) in which the two differ. */
function differingSections(hcl: Record<string, Json>, json: Record<string, Json>): string[] {
  const sections = [...new Set([...Object.keys(hcl), ...Object.keys(json)])].filter((key) => key !== '//').sort();
  return sections.filter(
    (section) =>
      JSON.stringify(normalizeConfiguration(hcl[section] ?? null, [section])) !==
      JSON.stringify(normalizeConfiguration(json[section] ?? null, [section])),
  );
}

export { polishHcl, canonicalSpacing, normalizeConfiguration, differingSections };
export type { Json };
