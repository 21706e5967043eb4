/** Where a state machine lives: what its ARNs and its executions' ARNs are made of. */
interface MachineIdentity {
  readonly region: string;
  readonly accountId: string;
  /** The state machine's name; a Distributed Map's children run on `<name>/<label>`. */
  readonly name: string;
}

const arnPrefix = (machine: MachineIdentity) => `arn:aws:states:${machine.region}:${machine.accountId}`;

const stateMachineArn = (machine: MachineIdentity) => `${arnPrefix(machine)}:stateMachine:${machine.name}`;

const executionArn = (machine: MachineIdentity, executionName: string) =>
  `${arnPrefix(machine)}:execution:${machine.name}:${executionName}`;

/** `arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<run id>`. */
const mapRunArn = (machine: MachineIdentity, label: string, runId: string) =>
  `${arnPrefix(machine)}:mapRun:${machine.name}/${label}:${runId}`;

/** A Distributed Map child's execution ARN: EXPRESS children carry the Map Run's id, STANDARD ones do not. */
function childExecutionArn(machine: MachineIdentity, label: string, runId: string, childName: string, executionType: string): string {
  return executionType === 'EXPRESS'
    ? `${arnPrefix(machine)}:express:${machine.name}/${label}:${runId}:${childName}`
    : `${arnPrefix(machine)}:execution:${machine.name}/${label}:${childName}`;
}

export { childExecutionArn, executionArn, mapRunArn, stateMachineArn };
export type { MachineIdentity };
