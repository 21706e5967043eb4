import { withInvocationLog } from '../../handlers/invocation-log';
import type { InvocationLogLine } from '../../handlers/invocation-log';
import { ImageNotFound } from '../../handlers';

const event = { statusCode: 200, body: { s3_bucket: 'images', s3_key: 'a.png', image_data: 'SECRET-IMAGE-BYTES' } };

describe('withInvocationLog', () => {
  it('writes one success line with the key, outcome and duration, and never the image', async () => {
    const lines: InvocationLogLine[] = [];
    const handler = withInvocationLog('serializeImageData', async () => 'ok', (line) => lines.push(line));

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
    const lines: InvocationLogLine[] = [];
    const failure = new ImageNotFound({ bucket: 'images', key: 'a.png' });
    const handler = withInvocationLog('serializeImageData', () => Promise.reject(failure), (line) => lines.push(line));

    await expect(handler(event)).rejects.toBe(failure);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'ERROR', outcome: 'ImageNotFound', error: 'Object not found: s3://images/a.png' });
  });

  it('logs inputs that are not objects without throwing', async () => {
    const lines: InvocationLogLine[] = [];
    const handler = withInvocationLog('filterInferenceData', (input) => input, (line) => lines.push(line));

    await handler(null);

    expect(lines[0]).toMatchObject({ outcome: 'success' });
    expect(lines[0]).not.toHaveProperty('s3_key');
  });
});
