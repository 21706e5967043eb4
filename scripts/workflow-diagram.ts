import { renderMermaid } from '../asl';
import { FUNCTION_NAMES } from '../contract/functions';
import { imageClassificationWorkflow } from '../workflow/image-classification';

const PLACEHOLDER_ARNS = {
  functionArns: Object.fromEntries(FUNCTION_NAMES.map((name) => [name, `arn:aws:lambda:us-east-1:123456789012:function:${name}`])) as Record<(typeof FUNCTION_NAMES)[number], string>,
  topicArn: 'arn:aws:sns:us-east-1:123456789012:notifications',
  region: 'us-east-1',
};

const DIAGRAM_START = '<!-- workflow-diagram:start -->';
const DIAGRAM_END = '<!-- workflow-diagram:end -->';

/** The README's workflow picture: the Mermaid rendering of the definition the stack deploys. */
function workflowDiagramMarkdown(): string {
  return `${DIAGRAM_START}\n\`\`\`mermaid\n${renderMermaid(imageClassificationWorkflow(PLACEHOLDER_ARNS))}\`\`\`\n${DIAGRAM_END}`;
}

/** Replaces the diagram between the markers in `readme`. */
function withWorkflowDiagram(readme: string): string {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start === -1 || end === -1) throw new Error(`README.md needs the markers ${DIAGRAM_START} and ${DIAGRAM_END}`);
  return readme.slice(0, start) + workflowDiagramMarkdown() + readme.slice(end + DIAGRAM_END.length);
}

export { workflowDiagramMarkdown, withWorkflowDiagram };
