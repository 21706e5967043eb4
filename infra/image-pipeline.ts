import type { Construct } from 'constructs';
import type { FunctionName } from '../contract/functions';
import { imageClassificationWorkflow } from '../workflow/image-classification';
import type { AwsContext } from './aws-context';
import type { DeploymentVariables } from './deployment-variables';
import type { ImageBucket } from './image-bucket';
import { Grouping } from './groupings';
import type { StateMachineSettings } from './workflow-state-machine';
import { UploadRecords } from './upload-records';
import { WorkflowStateMachine } from './workflow-state-machine';
import { outcomeSettings } from './outcome-settings';

/** What a pipeline (the per-image one, the batch one) is built from. */
interface PipelineProps {
  readonly namePrefix: string;
  readonly aws: AwsContext;
  readonly vars: DeploymentVariables;
  readonly bucket: ImageBucket;
  readonly functionArns: Readonly<Record<FunctionName, string>>;
  /** Where the pipeline's notifications go: an image's outcome; a batch's summary or failure. */
  readonly topicArn: string;
  readonly settings: StateMachineSettings;
}

/** The per-image state machine, and the table of uploads that keeps a repeated S3 event from classifying twice. */
class ImagePipeline extends Grouping {
  readonly uploadRecords: UploadRecords;
  readonly workflow: WorkflowStateMachine;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { namePrefix, aws, vars, settings } = props;
    this.uploadRecords = new UploadRecords(this, 'upload_records', { tableName: `${namePrefix}-uploads` });
    const definition = imageClassificationWorkflow({
      functionArns: props.functionArns,
      topicArn: props.topicArn,
      region: aws.region,
      workflowType: settings.workflowType,
      uploadRecords: { tableName: this.uploadRecords.table.name, tableArn: this.uploadRecords.table.arn },
      ...outcomeSettings(vars, props.bucket),
    });
    this.workflow = new WorkflowStateMachine(this, 'workflow', { name: `${namePrefix}-workflow`, definition, aws, vars, settings });
  }
}

export { ImagePipeline };
export type { PipelineProps };
