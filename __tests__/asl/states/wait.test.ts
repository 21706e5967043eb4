import { InvalidStateArgument, WaitState } from '../../../asl';

describe('WaitState', () => {
  it.each([
    ['two wait durations', () => new WaitState('W', { seconds: 5, timestamp: '2026-01-01T00:00:00Z', end: true } as never), 'Wait: expected exactly one of seconds, timestamp, secondsPath, timestampPath, got: seconds, timestamp'],
    ['a bad timestamp', () => new WaitState('W', { timestamp: 'tomorrow', end: true }), 'Timestamp: expected an RFC 3339 timestamp, got: "tomorrow"'],
  ])('throws InvalidStateArgument for %s', (_, build, message) => {
    expect(build).toThrow(new InvalidStateArgument(message));
  });
});
