import { withInvocationLog, MAX_PEEKED_BODY_CHARS } from '../../handlers/invocation-log';
import type { InvocationLogLine } from '../../handlers/invocation-log';
import { ImageNotFound } from '../../handlers';

const event = { statusCode: 200, body: { s3_bucket: 'images', s3_key: 'a.png', image_data: 'SECRET-IMAGE-BYTES' } };

function logged(): { lines: InvocationLogLine[]; write: (line: InvocationLogLine) => void } {
  const lines: InvocationLogLine[] = [];
  return { lines, write: (line) => lines.push(line) };
}

describe('withInvocationLog', () => {
  it('writes one success line with the key, outcome and duration, and never the image', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', async () => 'ok', write);

    await expect(handler(event, { awsRequestId: 'req-1' })).resolves.toBe('ok');

    expect(lines).toStrictEqual([
      {
        level: 'INFO',
        function: 'serializeImageData',
        requestId: 'req-1',
        s3_bucket: 'images',
        s3_key: 'a.png',
        outcome: 'success',
        timestamp: expect.any(String),
        durationMs: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('SECRET-IMAGE-BYTES');
  });

  it('writes one error line naming the error and rethrows it unchanged', async () => {
    const { lines, write } = logged();
    const failure = new ImageNotFound({ bucket: 'images', key: 'a.png' });
    const handler = withInvocationLog('serializeImageData', () => Promise.reject(failure), { write });

    await expect(handler(event)).rejects.toBe(failure);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'ERROR', outcome: 'ImageNotFound', error: 'Object not found: s3://images/a.png' });
  });

  it('logs inputs that are not objects without throwing', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('filterInferenceData', (input) => input, write);

    await handler(null);

    expect(lines[0]).toMatchObject({ outcome: 'success' });
    expect(lines[0]).not.toHaveProperty('s3_key');
  });

  it('logs the location when body is the JSON string the original system produced', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('classifyImageData', () => 'ok', write);

    await handler({ statusCode: 200, body: JSON.stringify(event.body) });

    expect(lines[0]).toMatchObject({ s3_bucket: 'images', s3_key: 'a.png' });
    expect(JSON.stringify(lines)).not.toContain('SECRET-IMAGE-BYTES');
  });

  it('logs the location of an execution input passed whole as body, itself an envelope', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', () => 'ok', write);

    await handler({ correlation_id: 'exec-1', body: { statusCode: 200, body: JSON.stringify(event.body) } });

    expect(lines[0]).toMatchObject({ correlationId: 'exec-1', s3_bucket: 'images', s3_key: 'a.png' });
  });

  it('does not parse a JSON string body over the bound, nor one that is not JSON', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('classifyImageData', () => 'ok', write);
    const large = JSON.stringify({ s3_bucket: 'images', s3_key: 'a.png', image_data: 'A'.repeat(MAX_PEEKED_BODY_CHARS) });

    await handler({ statusCode: 200, body: large });
    await handler({ statusCode: 200, body: '{"s3_bucket": "images", ' });

    expect(lines.map((line) => [line.s3_bucket, line.s3_key])).toStrictEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it('logs the correlation id and source event id beside the payload or inside its body', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('classifyImageData', () => 'ok', write);

    await handler({ correlation_id: 'exec-1', source_event_id: 'evt-1', ...event });
    await handler({ statusCode: 200, body: { ...event.body, correlation_id: 'exec-2' } });
    await handler({ statusCode: 200, body: JSON.stringify({ ...event.body, correlation_id: 'exec-3' }) });

    expect(lines.map(({ correlationId, sourceEventId }) => ({ correlationId, sourceEventId }))).toStrictEqual([
      { correlationId: 'exec-1', sourceEventId: 'evt-1' },
      { correlationId: 'exec-2', sourceEventId: undefined },
      { correlationId: 'exec-3', sourceEventId: undefined },
    ]);
  });

  it('ignores correlation ids that are not strings and cuts long ones to 128 characters', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('classifyImageData', () => 'ok', write);

    await handler({ correlation_id: 42, ...event });
    await handler({ correlation_id: 'x'.repeat(500), ...event });

    expect(lines[0]).not.toHaveProperty('correlationId');
    expect(lines[1]!.correlationId).toBe('x'.repeat(128));
  });

  it('adds the measured metrics to the same line on success and on failure', async () => {
    const { lines, write } = logged();
    const measure = () => ({ topConfidence: 0.5, belowThreshold: 1 });
    const ok = withInvocationLog('filterInferenceData', () => 'ok', { write, measure });
    const failing = withInvocationLog('filterInferenceData', () => Promise.reject(new Error('no')), { write, measure });

    await ok(event, { functionName: 'prod-filterInferenceData' });
    await expect(failing(event)).rejects.toThrow(new Error('no'));

    expect(lines.map((line) => [line.FunctionName, line.TopConfidence, line.BelowThreshold])).toStrictEqual([
      ['prod-filterInferenceData', 0.5, 1],
      ['filterInferenceData', 0.5, 1],
    ]);
  });

  it('still logs and rethrows the original error when measuring throws', async () => {
    const { lines, write } = logged();
    const failure = new ImageNotFound({ bucket: 'images', key: 'a.png' });
    const measure = () => {
      throw new TypeError('broken measure');
    };
    const handler = withInvocationLog('filterInferenceData', () => Promise.reject(failure), { write, measure });

    await expect(handler(event)).rejects.toBe(failure);

    expect(lines[0]).toMatchObject({ outcome: 'ImageNotFound' });
    expect(lines[0]).not.toHaveProperty('_aws');
  });
});
