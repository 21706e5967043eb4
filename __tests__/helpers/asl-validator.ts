interface AslValidationResult {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}
type AslValidator = (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => AslValidationResult;

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validateAsl = require('asl-validator') as AslValidator;

/** asl-validator's findings for ASL JSON text ('' when valid); it mutates its input, so it gets a fresh parse. */
function aslValidationErrors(definitionJson: string): string {
  const result = validateAsl(JSON.parse(definitionJson), { checkPaths: true, checkArn: true });
  return result.isValid ? '' : result.errorsText('\n');
}

export { aslValidationErrors };
