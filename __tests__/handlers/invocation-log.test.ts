import { withInvocationLog } from '../../handlers/invocation-log';
import type { InvocationLogLine } from '../../handlers/invocation-log';
import { ImageNotFound } from '../../handlers/errors';
import { CORRELATION_ID, ETAG, IMAGE, classifyEvent, filterEvent, serializeEvent } from './payloads';

/** What the original system sent: the image's bytes in `image_data`, which no log line may carry. */
const request = { s3_bucket: 'images', s3_key: 'a.png', image_data: 'SECRET-IMAGE-BYTES' };

/** An execution input as the S3 trigger writes it (infra/image-trigger.ts). */
const TRIGGER_INPUT = {
  s3_bucket: 'images',
  s3_key: 'incoming/bicycle.png',
  s3_etag: ETAG,
  s3_sequencer: '0062E99A88DC407460',
  source_event_id: '17793124-05d4-b198-2fde-7ededc63b103',
};

function logged(): { lines: InvocationLogLine[]; write: (line: InvocationLogLine) => void } {
  const lines: InvocationLogLine[] = [];
  return { lines, write: (line) => lines.push(line) };
}

const locations = (lines: readonly InvocationLogLine[]) => lines.map((line) => [line.s3_bucket, line.s3_key]);

describe('withInvocationLog', () => {
  it('writes one success line with the ids, key, outcome and duration, and never the image', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', async () => 'ok', write);

    await expect(handler(serializeEvent(request), { awsRequestId: 'req-1' })).resolves.toBe('ok');

    expect(lines).toStrictEqual([
      {
        level: 'INFO',
        function: 'serializeImageData',
        requestId: 'req-1',
        correlationId: CORRELATION_ID,
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

    await expect(handler(serializeEvent(request))).rejects.toBe(failure);

    expect(lines).toStrictEqual([
      {
        level: 'ERROR',
        function: 'serializeImageData',
        correlationId: CORRELATION_ID,
        s3_bucket: 'images',
        s3_key: 'a.png',
        outcome: 'ImageNotFound',
        error: 'Object not found: s3://images/a.png',
        timestamp: expect.any(String),
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('logs the ids and location of a trigger-started execution as the workflow passes its input to serialize', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', () => 'ok', write);
    const event = { correlation_id: 'exec-trigger-1', source_event_id: TRIGGER_INPUT.source_event_id, request: TRIGGER_INPUT };

    await handler(event);

    expect(lines[0]).toMatchObject({
      correlationId: 'exec-trigger-1',
      sourceEventId: '17793124-05d4-b198-2fde-7ededc63b103',
      s3_bucket: 'images',
      s3_key: 'incoming/bicycle.png',
    });
  });

  it('reads the correlation ids from the top level only, not from inside the request or the image', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', () => 'ok', write);

    await handler({ request: { ...TRIGGER_INPUT, correlation_id: 'inside' } });
    await handler({ image: { ...IMAGE, correlation_id: 'inside', source_event_id: 'inside' } });

    expect(lines.map(({ correlationId, sourceEventId }) => [correlationId, sourceEventId])).toStrictEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it("logs the location from classify's and filter's image reference", async () => {
    const { lines, write } = logged();
    const classify = withInvocationLog('classifyImageData', () => 'ok', write);
    const filter = withInvocationLog('filterInferenceData', () => 'ok', write);

    await classify(classifyEvent());
    await filter(filterEvent(0.9));

    expect(locations(lines)).toStrictEqual([
      ['images', 'test/bicycle_s_000513.png'],
      ['images', 'test/bicycle_s_000513.png'],
    ]);
    expect(lines.map((line) => line.correlationId)).toStrictEqual([CORRELATION_ID, CORRELATION_ID]);
  });

  it("logs the location of serialize's request wrapped in envelopes, their bodies as objects or JSON text", async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', () => 'ok', write);

    await handler(serializeEvent({ statusCode: 200, body: JSON.stringify(request) }));
    await handler(serializeEvent({ statusCode: 200, body: { statusCode: 200, body: JSON.stringify(request) } }));

    expect(locations(lines)).toStrictEqual([
      ['images', 'a.png'],
      ['images', 'a.png'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('SECRET-IMAGE-BYTES');
  });

  it('logs no location, and does not throw, for a request serialize will refuse', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('serializeImageData', () => 'ok', write);
    let tenThousandDeep: unknown = request;
    for (let depth = 0; depth < 10_000; depth++) tenThousandDeep = { statusCode: 200, body: tenThousandDeep };

    await handler(serializeEvent('images/a.png'));
    await handler(serializeEvent({ statusCode: 200, body: '{"s3_bucket": "images", ' }));
    await handler(serializeEvent(tenThousandDeep));

    expect(lines.map((line) => [line.outcome, line.correlationId, line.s3_bucket, line.s3_key])).toStrictEqual([
      ['success', CORRELATION_ID, undefined, undefined],
      ['success', CORRELATION_ID, undefined, undefined],
      ['success', CORRELATION_ID, undefined, undefined],
    ]);
  });

  it('logs events that are not objects without throwing', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('filterInferenceData', (input: unknown) => input, write);

    await handler(null);
    await handler('a string');

    expect(lines.map((line) => line.outcome)).toStrictEqual(['success', 'success']);
    expect(lines[0]).not.toHaveProperty('s3_key');
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('ignores correlation ids that are not strings and cuts long ones to 128 characters', async () => {
    const { lines, write } = logged();
    const handler = withInvocationLog('classifyImageData', () => 'ok', write);

    await handler({ correlation_id: 42, source_event_id: {}, image: IMAGE });
    await handler({ correlation_id: 'x'.repeat(500), source_event_id: 'y'.repeat(500), image: IMAGE });

    expect(lines[0]).not.toHaveProperty('correlationId');
    expect(lines[0]).not.toHaveProperty('sourceEventId');
    expect([lines[1]!.correlationId, lines[1]!.sourceEventId]).toStrictEqual(['x'.repeat(128), 'y'.repeat(128)]);
  });

  it('adds the measured metrics to the same line on success and on failure', async () => {
    const { lines, write } = logged();
    const measure = () => ({ topConfidence: 0.5, belowThreshold: 1 });
    const ok = withInvocationLog('filterInferenceData', () => 'ok', { write, measure });
    const failing = withInvocationLog('filterInferenceData', () => Promise.reject(new Error('no')), { write, measure });

    await ok(filterEvent(0.5), { functionName: 'prod-filterInferenceData' });
    await expect(failing(filterEvent(0.5))).rejects.toThrow(new Error('no'));

    expect(lines.map((line) => [line.FunctionName, line.TopConfidence, line.BelowThreshold])).toStrictEqual([
      ['prod-filterInferenceData', 0.5, 1],
      ['filterInferenceData', 0.5, 1],
    ]);
  });

  it('gives the measure the event as the function got it', async () => {
    const { write } = logged();
    const measured: unknown[] = [];
    const event = filterEvent(0.8);
    const handler = withInvocationLog('filterInferenceData', () => 'ok', {
      write,
      measure: (received: unknown) => {
        measured.push(received);
        return undefined;
      },
    });

    await handler(event);

    expect(measured).toStrictEqual([event]);
    expect(measured[0]).toBe(event);
  });

  it('still logs and rethrows the original error when measuring throws', async () => {
    const { lines, write } = logged();
    const failure = new ImageNotFound({ bucket: 'images', key: 'a.png' });
    const measure = () => {
      throw new TypeError('broken measure');
    };
    const handler = withInvocationLog('filterInferenceData', () => Promise.reject(failure), { write, measure });

    await expect(handler(filterEvent(0.5))).rejects.toBe(failure);

    expect(lines[0]).toMatchObject({ outcome: 'ImageNotFound' });
    expect(lines[0]).not.toHaveProperty('_aws');
  });
});
