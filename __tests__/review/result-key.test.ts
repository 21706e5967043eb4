import jsonata from 'jsonata';
import { WORKFLOW_STATES, imageClassificationWorkflow } from '../../workflow/image-classification';
import { RESULT_VARIABLES } from '../../workflow/result-object';
import { WORKFLOW_ARNS } from '../helpers/workflow';

/** S3's longest key, in bytes of UTF-8: a PutObject with a longer one fails with KeyTooLongError. */
const S3_MAX_KEY_BYTES = 1024;
const EXECUTION_NAME = 'upload-1';

/** The Write result state's Key, evaluated as Step Functions evaluates it after a classified image. */
async function resultKeyFor(resultsPrefix: string, imageKey: string): Promise<string> {
  const definition = JSON.parse(
    imageClassificationWorkflow({ ...WORKFLOW_ARNS, results: { ...WORKFLOW_ARNS.results, resultsPrefix } }).render(),
  ) as { States: Record<string, { Arguments: { Key: string } }> };
  const expression = definition.States[WORKFLOW_STATES.writeResult]!.Arguments.Key.replace(/^\{%|%\}$/g, '');
  const input = {
    statusCode: 200,
    body: { s3_bucket: 'images', s3_key: imageKey, label: 'bicycle', score: 0.99, inferences: [0.01, 0.99] },
  };
  const execution = {
    Id: `arn:aws:states:us-east-1:123456789012:execution:workflow:${EXECUTION_NAME}`,
    Name: EXECUTION_NAME,
    Input: input,
  };
  return (await jsonata(expression).evaluate(
    {},
    {
      states: { input, context: { Execution: execution } },
      [RESULT_VARIABLES.resultsPrefix]: resultsPrefix,
    },
  )) as string;
}

describe("the result object's key", () => {
  it.each([
    ['an image key of 1,000 bytes under the default results prefix', 'classification-results/', `test/${'k'.repeat(995)}`],
    ['an image key of 600 bytes under a 512-character results prefix (both allowed)', `${'r'.repeat(511)}/`, `test/${'k'.repeat(595)}`],
    ['an image key of 1,020 bytes in 340 characters (€ is 3 bytes of UTF-8)', 'classification-results/', '€'.repeat(340)],
  ])('fits S3 for %s, so that the result is kept (under requests/ when images/ cannot hold it)', async (_case, prefix, imageKey) => {
    expect(Buffer.byteLength(imageKey)).toBeLessThanOrEqual(S3_MAX_KEY_BYTES);

    const key = await resultKeyFor(prefix, imageKey);

    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(S3_MAX_KEY_BYTES);
    expect(key.startsWith(prefix)).toBe(true);
  });

  it('keeps an ordinary image key under images/', async () => {
    expect(await resultKeyFor('classification-results/', 'test/bicycle.png')).toBe('classification-results/images/test/bicycle.png.json');
  });

  it('puts the result of an image key that images/ cannot hold under requests/, by execution name', async () => {
    expect(await resultKeyFor('classification-results/', `test/${'k'.repeat(995)}`)).toBe(
      `classification-results/requests/${EXECUTION_NAME}.json`,
    );
  });
});
