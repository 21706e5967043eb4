import { renderMermaid } from '../../asl';
import { WORKFLOW_ERROR_NAMES } from '../../contract/errors';
import { FUNCTIONS, TASK_TIMEOUT_MARGIN_SECONDS } from '../../contract/functions';
import { WORKFLOW_STATES, imageClassificationWorkflow } from '../../workflow/image-classification';
import { aslValidationErrors } from '../helpers/asl-validator';
import { WORKFLOW_ARNS } from '../helpers/workflow';

type RenderedState = { Type: string; TimeoutSeconds?: number; Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[]; Next: string }[] };

const definition = imageClassificationWorkflow(WORKFLOW_ARNS);
const states = (JSON.parse(definition.render()) as { States: Record<string, RenderedState> }).States;

describe('the image-classification workflow definition', () => {
  it('passes asl-validator', () => {
    expect(aslValidationErrors(definition.render())).toBe('');
  });

  it('renders the same JSON as before', () => {
    expect(definition.render()).toMatchSnapshot();
  });

  it('never retries the handlers own errors', () => {
    const retried = Object.values(states).flatMap((state) => (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals));

    expect(retried.filter((name) => (WORKFLOW_ERROR_NAMES as readonly string[]).includes(name) || name.startsWith('States.'))).toStrictEqual([]);
  });

  it('routes every failure of every task to the failure notification', () => {
    const tasks = [WORKFLOW_STATES.serialize, WORKFLOW_STATES.classify, WORKFLOW_STATES.filter, WORKFLOW_STATES.notifySuccess];

    for (const name of tasks) {
      expect(states[name]!.Catch).toStrictEqual([{ ErrorEquals: ['States.ALL'], Next: WORKFLOW_STATES.notifyFailure }]);
    }
  });

  it('gives each task its function timeout plus the margin, so a slow invoke ends as the function timeout', () => {
    expect(states[WORKFLOW_STATES.serialize]!.TimeoutSeconds).toBe(FUNCTIONS.serializeImageData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
    expect(states[WORKFLOW_STATES.classify]!.TimeoutSeconds).toBe(FUNCTIONS.classifyImageData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
    expect(states[WORKFLOW_STATES.filter]!.TimeoutSeconds).toBe(FUNCTIONS.filterInferenceData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
  });

  it('gives classification at least the 60 seconds the original allowed', () => {
    expect(states[WORKFLOW_STATES.classify]!.TimeoutSeconds).toBeGreaterThanOrEqual(60);
  });

  it('declares exactly the permissions its tasks need', () => {
    expect(definition.permissions()).toStrictEqual([
      {
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(WORKFLOW_ARNS.functionArns).flatMap((arn) => [arn, `${arn}:*`]),
      },
      { actions: ['sns:Publish'], resources: [WORKFLOW_ARNS.topicArn] },
    ]);
  });

  it('draws as a Mermaid flowchart', () => {
    expect(renderMermaid(definition)).toMatchSnapshot();
  });
});
