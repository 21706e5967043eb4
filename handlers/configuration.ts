import { ENVIRONMENT_VARIABLES } from '../contract/environment';
import type { Environment, EnvironmentValue, EnvironmentVariableName } from '../contract/environment';
import { InvalidConfiguration } from './errors';

/** Reads one of the functions' environment variables at cold start; InvalidConfiguration says what is wrong. */
function readEnvironmentVariable<Name extends EnvironmentVariableName>(env: Environment, name: Name): EnvironmentValue<Name> {
  const parsed = ENVIRONMENT_VARIABLES[name].parse(env[name]);
  if ('problem' in parsed) throw new InvalidConfiguration(`${name} ${parsed.problem}`);
  return parsed.value as EnvironmentValue<Name>;
}

export { readEnvironmentVariable };
