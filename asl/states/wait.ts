import { checkInteger, checkJsonata, checkJsonPath, isTimestamp } from '../arguments';
import { checkInputOutput, languageProblems, nextEndProblems, renderBase, renderNextEnd, renderOutput } from '../fields';
import type { StateBaseProps } from '../fields';
import { InvalidStateArgument } from '../errors';
import { nextOrEnd, stateIdentity } from '../identity';
import type { StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { NextOrEnd, QueryLanguage, State } from '../state';

/** Exactly one way to say how long to wait. */
type WaitDuration =
  | { readonly seconds: number | string }
  | { readonly timestamp: string }
  | { readonly secondsPath: string }
  | { readonly timestampPath: string };

type WaitProps = StateBaseProps &
  NextOrEnd &
  WaitDuration & {
    readonly inputPath?: string | null;
    readonly outputPath?: string | null;
    readonly output?: JsonValue;
  };

function checkDuration(duration: Partial<Record<'seconds' | 'timestamp' | 'secondsPath' | 'timestampPath', unknown>>): void {
  const given = (['seconds', 'timestamp', 'secondsPath', 'timestampPath'] as const).filter((key) => duration[key] !== undefined);
  if (given.length !== 1) {
    throw new InvalidStateArgument(
      `Wait: expected exactly one of seconds, timestamp, secondsPath, timestampPath, got: ${given.join(', ') || 'none'}`,
    );
  }
  const { seconds, timestamp, secondsPath, timestampPath } = duration;
  if (typeof seconds === 'number') checkInteger('Seconds', seconds, 0, 99_999_999);
  if (typeof seconds === 'string') checkJsonata('Seconds', seconds);
  if (typeof timestamp === 'string' && timestamp.startsWith('{%')) checkJsonata('Timestamp', timestamp);
  if (typeof timestamp === 'string' && !timestamp.startsWith('{%') && !isTimestamp(timestamp)) {
    throw new InvalidStateArgument(`Timestamp: expected an RFC 3339 timestamp, got: ${JSON.stringify(timestamp)}`);
  }
  checkJsonPath('SecondsPath', secondsPath as string | undefined);
  checkJsonPath('TimestampPath', timestampPath as string | undefined);
}

/** Name, type, language and exits: merged in from `stateIdentity`. */
interface WaitState extends StateIdentity<'Wait'> {}

class WaitState implements State {
  private readonly props: WaitProps;

  constructor(name: string, props: WaitProps) {
    Object.assign(this, stateIdentity('Wait', name, props, nextOrEnd(props)));
    checkDuration(props);
    checkInputOutput(props);
    this.props = props;
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const props = this.props as Partial<Record<'seconds' | 'timestamp' | 'secondsPath' | 'timestampPath', number | string>>;
    const pathFields = queryLanguage === 'JSONata' && (props.secondsPath ?? props.timestampPath) !== undefined;
    const expressions =
      queryLanguage === 'JSONPath' && [props.seconds, props.timestamp].some((value) => typeof value === 'string' && value.startsWith('{%'));
    return [
      ...nextEndProblems(this.name, this.props),
      ...languageProblems(this.name, this.props, queryLanguage),
      ...(pathFields ? [`State '${this.name}' uses SecondsPath or TimestampPath, which JSONata states cannot have`] : []),
      ...(expressions ? [`State '${this.name}' uses a JSONata Seconds or Timestamp expression, which JSONPath states cannot have`] : []),
    ];
  }

  render(): JsonObject {
    const props = this.props as WaitProps & Partial<Record<'seconds' | 'timestamp' | 'secondsPath' | 'timestampPath', JsonValue>>;
    return compact({
      ...renderBase(this.type, props),
      Seconds: props.seconds,
      Timestamp: props.timestamp,
      SecondsPath: props.secondsPath,
      TimestampPath: props.timestampPath,
      InputPath: props.inputPath,
      ...renderOutput(props),
      ...renderNextEnd(props),
    });
  }
}

export { WaitState };
export type { WaitProps, WaitDuration };
