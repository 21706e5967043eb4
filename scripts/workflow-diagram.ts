import { renderMermaid } from '../asl';
import { FUNCTION_NAMES } from '../contract/functions';
import { batchClassificationWorkflow } from '../workflow/batch-classification';
import { imageClassificationWorkflow } from '../workflow/image-classification';

const PLACEHOLDER_ARNS = {
  functionArns: Object.fromEntries(
    FUNCTION_NAMES.map((name) => [name, `arn:aws:lambda:us-east-1:123456789012:function:${name}`]),
  ) as Record<(typeof FUNCTION_NAMES)[number], string>,
  topicArn: 'arn:aws:sns:us-east-1:123456789012:notifications',
  region: 'us-east-1',
  results: { bucketName: 'images', bucketArn: 'arn:aws:s3:::images', resultsPrefix: 'classification-results/' },
  endpointName: 'endpoint',
  notifyOn: 'all',
};

const DIAGRAM_START = '<!-- workflow-diagram:start -->';
const DIAGRAM_END = '<!-- workflow-diagram:end -->';

const PLACEHOLDER_TABLE = { tableName: 'uploads', tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/uploads' };

/** The batch's own settings, placeholders for rendering its definition outside a deployment. */
const PLACEHOLDER_BATCH_SETTINGS = {
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:batch',
  bucketName: 'images',
  bucketArn: 'arn:aws:s3:::images',
  listablePrefix: '',
  batchResultsPrefix: 'batch-results/',
  maxConcurrency: 10,
  toleratedFailurePercentage: 100,
};

/** The README's workflow pictures: the Mermaid renderings of the two definitions the stack deploys. */
function workflowDiagramMarkdown(): string {
  const mermaid = (text: string) => `\`\`\`mermaid\n${text}\`\`\``;
  return [
    DIAGRAM_START,
    'One image (started by the trigger, or by hand without `s3_sequencer`):',
    '',
    mermaid(renderMermaid(imageClassificationWorkflow({ ...PLACEHOLDER_ARNS, uploadRecords: PLACEHOLDER_TABLE }))),
    '',
    'A prefix as one batch (the Distributed Map runs the per-image steps as child executions):',
    '',
    mermaid(renderMermaid(batchClassificationWorkflow({ ...PLACEHOLDER_ARNS, ...PLACEHOLDER_BATCH_SETTINGS }))),
    DIAGRAM_END,
  ].join('\n');
}

/** Replaces the diagram between the markers in `readme`. */
function withWorkflowDiagram(readme: string): string {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start === -1 || end === -1) throw new Error(`README.md needs the markers ${DIAGRAM_START} and ${DIAGRAM_END}`);
  return readme.slice(0, start) + workflowDiagramMarkdown() + readme.slice(end + DIAGRAM_END.length);
}

export { PLACEHOLDER_BATCH_SETTINGS, withWorkflowDiagram };
