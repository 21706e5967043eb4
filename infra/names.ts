import { matching } from './option-parsing';

/**
 * Prefix of every resource name, so that several deployments share an account. At most 31 characters,
 * so that the longest derived name (`<prefix>-<function>-role`) stays within IAM's 64. The pattern
 * holds no backslash, so that Terraform's regex reads it as JavaScript does (the module's `name_prefix`).
 */
const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,29}[a-z0-9]$/;
const NAME_PREFIX_RULE = '2 to 31 lowercase letters, digits or -, starting with a letter and not ending with -';

/** What cdktf and the manifest accept as a stack's folder and `cdktf deploy` argument. */
const STACK_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
const STACK_NAME_RULE = 'a letter then up to 63 letters, digits, _ or -';

/** An environment's name, the suffix of its stack (`<stackName>-<env>`). */
const ENVIRONMENT_NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const ENVIRONMENT_NAME_RULE = '1 to 32 lowercase letters, digits or -, starting with a letter and not ending with -';

const parseNamePrefix = matching(NAME_PREFIX_PATTERN, NAME_PREFIX_RULE);
const parseStackName = matching(STACK_NAME_PATTERN, STACK_NAME_RULE);

export {
  NAME_PREFIX_PATTERN,
  NAME_PREFIX_RULE,
  STACK_NAME_PATTERN,
  STACK_NAME_RULE,
  ENVIRONMENT_NAME_PATTERN,
  ENVIRONMENT_NAME_RULE,
  parseNamePrefix,
  parseStackName,
};
