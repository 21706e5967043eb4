import type { Construct } from 'constructs';
import { batchClassificationWorkflow } from '../workflow/batch-classification';
import { Grouping } from './groupings';
import type { PipelineProps } from './image-pipeline';
import { outcomeSettings } from './outcome-settings';
import { WorkflowStateMachine } from './workflow-state-machine';

/** The batch state machine: a Distributed Map over a prefix of the bucket, its results in the bucket, one summary. */
class BatchPipeline extends Grouping {
  readonly workflow: WorkflowStateMachine;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { namePrefix, aws, vars, bucket } = props;
    // Its own ARN from its name: the definition names it, and a reference would be a cycle.
    const name = `${namePrefix}-batch`;
    const definition = batchClassificationWorkflow({
      functionArns: props.functionArns,
      topicArn: props.topicArn,
      region: aws.region,
      stateMachineArn: aws.arn('states', `stateMachine:${name}`),
      bucketName: bucket.name,
      bucketArn: bucket.arn,
      listablePrefix: bucket.imagePrefix,
      batchResultsPrefix: bucket.batchResultsPrefix,
      ...outcomeSettings(vars, bucket),
      maxConcurrency: vars.number('batch_max_concurrency'),
      toleratedFailurePercentage: vars.number('batch_tolerated_failure_percentage'),
    });
    // A Distributed Map runs in STANDARD executions only; its children are EXPRESS.
    this.workflow = new WorkflowStateMachine(this, 'batch', {
      name,
      definition,
      aws,
      vars,
      settings: { ...props.settings, workflowType: 'STANDARD' },
    });
  }
}

export { BatchPipeline };
