/** A builder call with an argument that can never be valid; thrown at the call. */
class InvalidStateArgument extends Error {
  override readonly name = 'InvalidStateArgument';
}

/** A definition whose graph is wrong; lists every problem found, naming the states. */
class InvalidDefinition extends Error {
  override readonly name = 'InvalidDefinition';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid state machine definition (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

export { InvalidStateArgument, InvalidDefinition };
