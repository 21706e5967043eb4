/** A JSONata expression as a JSONata state's field holds it, on one line (the expressions here hold no multi-line literal). */
function jsonata(expression: string): string {
  return `{% ${expression.replace(/\s*\n\s*/g, ' ')} %}`;
}

/** Text as a JSONata string literal (JSONata reads JSON's string escapes). */
function textLiteral(text: string): string {
  return JSON.stringify(text);
}

/** `$states.context.Execution`: the execution's id, name and input, never copied into a state. */
const EXECUTION = '$states.context.Execution';

/** The execution's console page, for a person who reads a notification. */
function consoleLink(region: string): string {
  return `${textLiteral(`https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/`)} & ${EXECUTION}.Id`;
}

export { jsonata, textLiteral, consoleLink, EXECUTION };
