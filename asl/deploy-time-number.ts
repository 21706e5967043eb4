import { InvalidStateArgument } from './errors';

/**
 * A number known only when the definition is deployed, such as a Terraform variable's number token: it renders
 * as the number it holds, and the field's range check is left to the value that arrives at deploy time.
 */
class DeployTimeNumber {
  constructor(readonly value: number) {}
}

/** A numeric field's value: a number, checked against the field's range, or one known only at deploy time. */
type NumberSetting = number | DeployTimeNumber;

/**
 * Marks `value` as known only at deploy time, e.g. `deployTimeNumber(Token.asNumber(variable.value))`. It must
 * still be a finite number, which JSON can carry: a token's stand-in is one.
 */
function deployTimeNumber(value: number): DeployTimeNumber {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidStateArgument(`deployTimeNumber: expected a finite number (a number token is one), got: ${String(value)}`);
  }
  return new DeployTimeNumber(value);
}

function renderNumber(value: NumberSetting | undefined): number | undefined {
  return value instanceof DeployTimeNumber ? value.value : value;
}

export { DeployTimeNumber, deployTimeNumber, renderNumber };
export type { NumberSetting };
