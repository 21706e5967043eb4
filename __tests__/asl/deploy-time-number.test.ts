import {
  InvalidStateArgument,
  MapState,
  StateGraph,
  StateMachineDefinition,
  SucceedState,
  TaskState,
  WaitState,
  deployTimeNumber,
  s3ListObjectsReader,
  s3ObjectReader,
} from '../../asl';
import { FUNCTION_ARN, STATE_MACHINE_ARN } from './fixtures';

/** What a Terraform number variable stands as until it is resolved: a huge negative double. */
const TOKEN = -1.8881545897087626e289;

describe('deployTimeNumber', () => {
  it('renders as the number it holds, unchecked, in every field that takes one', () => {
    const number = deployTimeNumber(TOKEN);
    const definition = new StateMachineDefinition({
      timeoutSeconds: number,
      states: [
        new TaskState('Work', { resource: FUNCTION_ARN, timeoutSeconds: number, heartbeatSeconds: number, next: 'Pause' }),
        new WaitState('Pause', { seconds: number, next: 'Each' }),
        new MapState('Each', {
          itemProcessor: new StateGraph({ states: [new SucceedState('Item')] }),
          maxConcurrency: number,
          distributed: {
            executionType: 'EXPRESS',
            stateMachineArn: STATE_MACHINE_ARN,
            itemReader: s3ListObjectsReader({ bucket: 'data', maxItems: number }),
            itemBatcher: { maxItemsPerBatch: number, maxInputBytesPerBatch: number },
            toleratedFailurePercentage: number,
            toleratedFailureCount: number,
          },
          end: true,
        }),
      ],
    });

    const rendered = definition.toJSON();
    const states = rendered.States as Record<string, Record<string, unknown>>;

    expect(rendered.TimeoutSeconds).toBe(TOKEN);
    expect(states.Work).toMatchObject({ TimeoutSeconds: TOKEN, HeartbeatSeconds: TOKEN });
    expect(states.Pause).toMatchObject({ Seconds: TOKEN });
    expect(states.Each).toMatchObject({
      ItemReader: { ReaderConfig: { MaxItems: TOKEN } },
      ItemBatcher: { MaxItemsPerBatch: TOKEN, MaxInputBytesPerBatch: TOKEN },
      MaxConcurrency: TOKEN,
      ToleratedFailurePercentage: TOKEN,
      ToleratedFailureCount: TOKEN,
    });
    expect(definition.render()).toContain('"MaxConcurrency": -1.8881545897087626e+289');
  });

  it('renders a manifest reader MaxItems known only at deploy time', () => {
    const reader = s3ObjectReader({ bucket: 'data', key: 'list.json', inputType: 'JSON', maxItems: deployTimeNumber(TOKEN) });

    expect(reader.config).toStrictEqual({ InputType: 'JSON', MaxItems: TOKEN });
  });

  it('leaves a plain number as strictly checked as before', () => {
    const build = (toleratedFailurePercentage: number) =>
      new MapState('Each', {
        itemProcessor: new StateGraph({ states: [new SucceedState('Item')] }),
        distributed: { executionType: 'EXPRESS', toleratedFailurePercentage },
        end: true,
      });

    expect(() => build(TOKEN)).toThrow(
      new InvalidStateArgument(`ToleratedFailurePercentage: expected an integer from 0 to 100, got: ${TOKEN}`),
    );
    expect(() => build(100.5)).toThrow(
      new InvalidStateArgument('ToleratedFailurePercentage: expected an integer from 0 to 100, got: 100.5'),
    );
  });

  it('bounds a plain heartbeat by a timeout known only at deploy time by the field limit alone', () => {
    const task = (heartbeatSeconds: number) =>
      new TaskState('Work', { resource: FUNCTION_ARN, timeoutSeconds: deployTimeNumber(TOKEN), heartbeatSeconds, end: true });

    expect(task(600).render()).toMatchObject({ TimeoutSeconds: TOKEN, HeartbeatSeconds: 600 });
    expect(() => task(0)).toThrow(new InvalidStateArgument('HeartbeatSeconds: expected an integer from 1 to 99999999, got: 0'));
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('throws InvalidStateArgument for %s, which JSON cannot carry', (text, value) => {
    expect(() => deployTimeNumber(value)).toThrow(
      new InvalidStateArgument(`deployTimeNumber: expected a finite number (a number token is one), got: ${text}`),
    );
  });
});
