import { aslValidationErrors } from '../helpers/asl-validator';

/** The definition, once asl-validator finds it valid ASL: the local tests run only what AWS would accept. */
function validAsl<T extends object>(definition: T): T {
  const errors = aslValidationErrors(JSON.stringify(definition));
  if (errors !== '') throw new Error(`Invalid ASL:\n${errors}`);
  return definition;
}

export { validAsl };
