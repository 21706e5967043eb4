import { renderMermaid } from '../../asl';
import { WORKFLOW_ERROR_NAMES } from '../../contract/errors';
import { FUNCTIONS, TASK_TIMEOUT_MARGIN_SECONDS } from '../../contract/functions';
import { EXECUTION_TIMEOUT_MARGIN_SECONDS, WORKFLOW_STATES, imageClassificationWorkflow } from '../../workflow/image-classification';
import { REFUSED_INVOKE_SECONDS } from '../../workflow/retry-budget';
import { UPLOAD_RECORD_STATES } from '../../workflow/upload-record';
import { aslValidationErrors } from '../helpers/asl-validator';
import { WORKFLOW_ARNS } from '../helpers/workflow';

type RenderedRetrier = {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
};
type RenderedState = {
  Type: string;
  TimeoutSeconds?: number;
  Retry?: RenderedRetrier[];
  Catch?: { ErrorEquals: string[]; Next: string; Output?: unknown }[];
};
type Rendered = { TimeoutSeconds: number; QueryLanguage: string; States: Record<string, RenderedState> };

const definition = imageClassificationWorkflow(WORKFLOW_ARNS);
const rendered = JSON.parse(definition.render()) as Rendered;
const states = rendered.States;

/**
 * One state's longest run, added up attempt by attempt from its rendered retriers (AWS defaults: 3
 * attempts, 1 s, rate 2); a throttled invoke, refused before the function runs, takes its round trip.
 */
function longestRunSeconds(state: RenderedState): number {
  let seconds = state.TimeoutSeconds ?? 0;
  for (const retrier of state.Retry ?? []) {
    const throttling = retrier.ErrorEquals.join() === 'Lambda.TooManyRequestsException';
    for (let attempt = 0; attempt < (retrier.MaxAttempts ?? 3); attempt++) {
      const wait = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
      seconds += Math.min(wait, retrier.MaxDelaySeconds ?? Infinity) + (throttling ? REFUSED_INVOKE_SECONDS : (state.TimeoutSeconds ?? 0));
    }
  }
  return seconds;
}

/** The longest path: every step, the outcome's record, the result, then either a failed success email or both reports. */
function longestPathSeconds(states: Record<string, RenderedState>): number {
  const run = (...names: string[]) => names.reduce((sum, name) => sum + longestRunSeconds(states[name]!), 0);
  return (
    run(
      UPLOAD_RECORD_STATES.record,
      WORKFLOW_STATES.serialize,
      WORKFLOW_STATES.classify,
      WORKFLOW_STATES.filter,
      WORKFLOW_STATES.recordOutcome,
      WORKFLOW_STATES.writeResult,
    ) + Math.max(run(WORKFLOW_STATES.notifySuccess), run(WORKFLOW_STATES.notifyFailure, WORKFLOW_STATES.notifyBriefly))
  );
}

describe('the image-classification workflow definition', () => {
  it('passes asl-validator, in JSONata', () => {
    expect(aslValidationErrors(definition.render())).toBe('');
    expect(rendered.QueryLanguage).toBe('JSONata');
  });

  it('has the classification steps, the upload record and the failure report, nothing else', () => {
    expect(Object.keys(states).sort()).toStrictEqual([...Object.values(WORKFLOW_STATES), ...Object.values(UPLOAD_RECORD_STATES)].sort());
  });

  it('never retries the handlers own errors', () => {
    const retried = Object.values(states).flatMap((state) => (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals));

    expect(
      retried.filter((name) => (WORKFLOW_ERROR_NAMES as readonly string[]).includes(name) || name.startsWith('States.')),
    ).toStrictEqual([]);
  });

  it('routes every failure of every task to the outcome record, with what was known when it failed', () => {
    const catchers = (name: string) => states[name]!.Catch!.map(({ ErrorEquals, Next, Output }) => ({ ErrorEquals, Next, named: Output }));
    const catchAll = (named?: string) => ({ ErrorEquals: ['States.ALL'], Next: WORKFLOW_STATES.recordOutcome, named });

    expect(catchers(WORKFLOW_STATES.serialize)).toStrictEqual([
      { ErrorEquals: ['ImageSuperseded'], Next: WORKFLOW_STATES.superseded, named: undefined },
      catchAll(),
    ]);
    expect(catchers(WORKFLOW_STATES.classify)).toStrictEqual([catchAll("{% $merge([$states.errorOutput, {'image': $image}]) %}")]);
    expect(catchers(WORKFLOW_STATES.filter)).toStrictEqual([
      catchAll("{% $merge([$states.errorOutput, {'image': $image, 'top': $top, 'inferences': $inferences}]) %}"),
    ]);
  });

  it('gives each task its function timeout plus the margin, so a slow invoke ends as the function timeout', () => {
    expect(states[WORKFLOW_STATES.serialize]!.TimeoutSeconds).toBe(
      FUNCTIONS.serializeImageData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS,
    );
    expect(states[WORKFLOW_STATES.classify]!.TimeoutSeconds).toBe(FUNCTIONS.classifyImageData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
    expect(states[WORKFLOW_STATES.filter]!.TimeoutSeconds).toBe(FUNCTIONS.filterInferenceData.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
  });

  it('times out a STANDARD execution only after the longest path (every task, then a failed success email, then both reports) has run', () => {
    const seconds = longestPathSeconds(states);

    expect(rendered.TimeoutSeconds).toBe(seconds + EXECUTION_TIMEOUT_MARGIN_SECONDS);
  });

  it('fits the same longest path of an EXPRESS execution within its 300 s', () => {
    const express = imageClassificationWorkflow({ ...WORKFLOW_ARNS, workflowType: 'EXPRESS' }).toJSON() as Rendered;
    expect(express.TimeoutSeconds).toBe(300);
    expect(longestPathSeconds(express.States) + EXECUTION_TIMEOUT_MARGIN_SECONDS).toBeLessThanOrEqual(300);
  });

  it('keeps AWS recommended retries for STANDARD, throttled invokes six times', () => {
    expect(states[WORKFLOW_STATES.classify]!.Retry!.map((retrier) => [retrier.ErrorEquals[0], retrier.MaxAttempts])).toStrictEqual([
      ['Lambda.ServiceException', 3],
      ['Lambda.TooManyRequestsException', 6],
      ['ThrottlingException', 3],
    ]);
  });

  it('never tells a person an image failed when only its success email failed', () => {
    expect(states[WORKFLOW_STATES.notifySuccess]!.Catch!.map(({ ErrorEquals, Next }) => ({ ErrorEquals, Next }))).toStrictEqual([
      { ErrorEquals: ['States.ALL'], Next: WORKFLOW_STATES.notificationFailed },
    ]);
  });

  it('gives classification at least the 60 seconds the original allowed', () => {
    expect(states[WORKFLOW_STATES.classify]!.TimeoutSeconds).toBeGreaterThanOrEqual(60);
  });

  it('declares exactly the permissions its tasks need', () => {
    expect(imageClassificationWorkflow(WORKFLOW_ARNS).permissions()).toStrictEqual([
      { actions: ['dynamodb:PutItem'], resources: [WORKFLOW_ARNS.uploadRecords.tableArn] },
      {
        actions: ['lambda:InvokeFunction'],
        resources: (['serializeImageData', 'classifyImageData', 'filterInferenceData'] as const).flatMap((name) => [
          WORKFLOW_ARNS.functionArns[name],
          `${WORKFLOW_ARNS.functionArns[name]}:*`,
        ]),
      },
      {
        actions: ['s3:PutObject'],
        resources: ['images/*', 'requests/*'].map(
          (folder) => `${WORKFLOW_ARNS.results.bucketArn}/${WORKFLOW_ARNS.results.resultsPrefix}${folder}`,
        ),
      },
      { actions: ['sns:Publish'], resources: [WORKFLOW_ARNS.topicArn] },
    ]);
  });

  it('draws every state and every transition as a Mermaid flowchart', () => {
    const chart = renderMermaid(definition);

    for (const name of Object.keys(states)) expect(chart).toContain(`"${name}"`);
    const exits = Object.values(states).reduce((sum, state) => {
      const { Next, Default, Choices = [], Catch = [] } = state as RenderedState & Record<string, unknown[] | undefined>;
      return sum + [Next, Default].filter(Boolean).length + Choices.length + Catch.length;
    }, 0);
    expect(chart.split('\n').filter((line) => line.includes('-->') || line.includes('-.->'))).toHaveLength(1 + exits);
  });
});
