import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Construct } from 'constructs';
import type { StateMachineDefinition } from '../asl';
import type { AwsContext } from './aws-context';
import type { DeploymentVariables } from './deployment-variables';
import { ServiceRole } from './iam';
import { LOG_DELIVERY_STATEMENTS, XRAY_STATEMENTS } from './wildcard-statements';
import { address, TerraformTestSuite } from './terraform-tests';
import type { SynthConfig } from './synth-config';

/** What synthesis fixes for every state machine: its type and its logging. */
type StateMachineSettings = Pick<SynthConfig, 'workflowType' | 'logLevel' | 'logExecutionData' | 'logRetentionDays'>;

interface WorkflowStateMachineProps {
  readonly name: string;
  readonly definition: StateMachineDefinition;
  readonly aws: AwsContext;
  /** The variables the definition may hold: each enters it JSON-encoded. */
  readonly vars: DeploymentVariables;
  readonly settings: StateMachineSettings;
}

/** The state machine with its definition, a role derived from the definition's permissions, logging and tracing. */
class WorkflowStateMachine extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: ServiceRole;
  readonly definition: StateMachineDefinition;
  /** The definition as rendered into the configuration, with CDKTF tokens in place of the ARNs and the variables' JSON encodings. */
  readonly definitionJson: string;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const { aws, settings, name } = props;
    this.definition = props.definition;
    this.definitionJson = props.vars.embedInJson(props.definition.render());

    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/vendedlogs/states/${name}`,
      retentionInDays: settings.logRetentionDays,
    });
    this.role = new ServiceRole(this, 'role', {
      roleName: `${name}-role`,
      service: 'states.amazonaws.com',
      trustConditions: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
        // The state machine itself, and a Distributed Map's child workflows (`stateMachine:<name>/<label>`).
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: [aws.arn('states', `stateMachine:${name}`), aws.arn('states', `stateMachine:${name}/*`)],
        },
      ],
      statements: [...props.definition.permissions(), ...LOG_DELIVERY_STATEMENTS, ...XRAY_STATEMENTS],
    });
    this.stateMachine = new SfnStateMachine(this, 'state_machine', {
      name,
      type: settings.workflowType,
      roleArn: this.role.role.arn,
      definition: this.definitionJson,
      loggingConfiguration: {
        logDestination: `${logGroup.arn}:*`,
        level: settings.logLevel,
        includeExecutionData: settings.logExecutionData,
      },
      tracingConfiguration: { enabled: true },
      dependsOn: [this.role.policy],
    });
    const stateMachine = address(this.stateMachine);
    TerraformTestSuite.of(this)
      .assert(`${stateMachine}.role_arn == ${address(this.role.role)}.arn`, `The state machine ${name} runs as its own role.`)
      .assert(
        `${stateMachine}.logging_configuration[0].log_destination == "\${${address(logGroup)}.arn}:*"`,
        `The state machine ${name} logs to its own log group.`,
      )
      .assert(
        `jsondecode(${stateMachine}.definition).StartAt == ${JSON.stringify(props.definition.graph.startAt)}`,
        `The state machine ${name} holds its definition.`,
      );
  }
}

export { WorkflowStateMachine };
export type { WorkflowStateMachineProps, StateMachineSettings };
