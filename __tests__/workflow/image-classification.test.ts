import { renderMermaid, worstCaseDurationSeconds } from '../../asl';
import { WORKFLOW_ERROR_NAMES } from '../../contract/errors';
import { FUNCTIONS, TASK_TIMEOUT_MARGIN_SECONDS } from '../../contract/functions';
import { EXECUTION_TIMEOUT_MARGIN_SECONDS, WORKFLOW_STATES, imageClassificationWorkflow } from '../../workflow/image-classification';
import { aslValidationErrors } from '../helpers/asl-validator';
import { WORKFLOW_ARNS } from '../helpers/workflow';

type RenderedState = {
  Type: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
};

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

    expect(
      retried.filter((name) => (WORKFLOW_ERROR_NAMES as readonly string[]).includes(name) || name.startsWith('States.')),
    ).toStrictEqual([]);
  });

  it('routes every failure of every task to the failure notification', () => {
    const tasks = [WORKFLOW_STATES.serialize, WORKFLOW_STATES.classify, WORKFLOW_STATES.filter, WORKFLOW_STATES.notifySuccess];

    for (const name of tasks) {
      expect(states[name]!.Catch).toStrictEqual([{ ErrorEquals: ['States.ALL'], Next: WORKFLOW_STATES.describeFailure }]);
    }
  });

  it('gives each task its function timeout plus the margin, so a slow invoke ends as the function timeout', () => {
    expect(states[WORKFLOW_STATES.serialize]!.TimeoutSeconds).toBe(
      FUNCTIONS.serializeImageData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS,
    );
    expect(states[WORKFLOW_STATES.classify]!.TimeoutSeconds).toBe(FUNCTIONS.classifyImageData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
    expect(states[WORKFLOW_STATES.filter]!.TimeoutSeconds).toBe(FUNCTIONS.filterInferenceData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
  });

  it.each(['STANDARD', 'EXPRESS'] as const)(
    'leaves room, as a %s workflow, for every retry and the failure report before the execution times out',
    (workflowType) => {
      const rendered = imageClassificationWorkflow({ ...WORKFLOW_ARNS, workflowType }).toJSON();

      const worstCase = worstCaseDurationSeconds(rendered);

      expect(worstCase + EXECUTION_TIMEOUT_MARGIN_SECONDS).toBeLessThanOrEqual(rendered.TimeoutSeconds as number);
      if (workflowType === 'EXPRESS') expect(rendered.TimeoutSeconds).toBe(300);
    },
  );

  it('keeps AWS recommended retries for STANDARD and fewer for EXPRESS', () => {
    const retriesOf = (workflowType: 'STANDARD' | 'EXPRESS') => {
      const rendered = imageClassificationWorkflow({ ...WORKFLOW_ARNS, workflowType }).toJSON() as {
        States: Record<string, RenderedState>;
      };
      return (rendered.States[WORKFLOW_STATES.classify]!.Retry ?? []).map((retrier) => (retrier as { MaxAttempts?: number }).MaxAttempts);
    };

    expect(retriesOf('STANDARD')).toStrictEqual([3, 3]);
    expect(retriesOf('EXPRESS').reduce((sum = 0, attempts = 0) => sum + attempts, 0)).toBeLessThan(6);
  });

  it('gives classification at least the 60 seconds the original allowed', () => {
    expect(states[WORKFLOW_STATES.classify]!.TimeoutSeconds).toBeGreaterThanOrEqual(60);
  });

  it('declares exactly the permissions its tasks need', () => {
    expect(definition.permissions()).toStrictEqual([
      {
        actions: ['lambda:InvokeFunction'],
        resources: (['serializeImageData', 'classifyImageData', 'filterInferenceData'] as const).flatMap((name) => [
          WORKFLOW_ARNS.functionArns[name],
          `${WORKFLOW_ARNS.functionArns[name]}:*`,
        ]),
      },
      { actions: ['sns:Publish'], resources: [WORKFLOW_ARNS.topicArn] },
    ]);
  });

  it('draws as a Mermaid flowchart', () => {
    expect(renderMermaid(definition)).toMatchSnapshot();
  });
});
