/** Input the plan summary cannot read: the message says what was wrong and with which file. */
class PlanInputError extends Error {
  override readonly name: string = 'PlanInputError';
}

/** The input is not JSON at all. */
class PlanNotJson extends PlanInputError {
  override readonly name = 'PlanNotJson';
}

/** JSON, but not what `terraform show -json <planfile>` prints (a state, a binary plan, anything else). */
class NotATerraformPlan extends PlanInputError {
  override readonly name = 'NotATerraformPlan';
}

/** A plan in a JSON format version this reader does not understand (a major version other than 1). */
class UnsupportedPlanFormat extends PlanInputError {
  override readonly name = 'UnsupportedPlanFormat';
}

/** The command line, with every problem listed. */
class InvalidPlanSummaryArguments extends Error {
  override readonly name = 'InvalidPlanSummaryArguments';
}

/** A `cdktf.out` the plan workflow cannot list stacks from. */
class InvalidSynthOutput extends Error {
  override readonly name = 'InvalidSynthOutput';
}

export { PlanInputError, PlanNotJson, NotATerraformPlan, UnsupportedPlanFormat, InvalidPlanSummaryArguments, InvalidSynthOutput };
