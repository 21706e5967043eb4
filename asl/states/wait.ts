import { checkInteger, checkJsonata, checkJsonPath, isTimestamp } from '../arguments';
import { checkInputOutput, languageProblems, nextEndProblems, renderBase, renderNextEnd, renderOutput } from '../fields';
import type { StateBaseProps } from '../fields';
import { DeployTimeNumber, renderNumber } from '../deploy-time-number';
import type { NumberSetting } from '../deploy-time-number';
import { InvalidStateArgument } from '../errors';
import { nextOrEnd, StateIdentity } from '../identity';
import { compact } from '../json';
import type { JsonObject, JsonValue } from '../json';
import type { NextOrEnd, QueryLanguage } from '../state';
import type { State } from '../state-graph';

/** Exactly one way to say how long to wait. */
type WaitDuration =
  | { readonly seconds: NumberSetting | string }
  | { readonly timestamp: string }
  | { readonly secondsPath: string }
  | { readonly timestampPath: string };

/** The duration fields, each possibly absent: how the checks and the rendering read the union above. */
type DurationFields = Partial<{ seconds: NumberSetting | string; timestamp: string; secondsPath: string; timestampPath: string }>;

type WaitProps = StateBaseProps &
  NextOrEnd &
  WaitDuration & {
    readonly inputPath?: string | null;
    readonly outputPath?: string | null;
    readonly output?: JsonValue;
  };

function checkDuration(duration: DurationFields): void {
  const given = (['seconds', 'timestamp', 'secondsPath', 'timestampPath'] as const).filter((key) => duration[key] !== undefined);
  if (given.length !== 1) {
    throw new InvalidStateArgument(
      `Wait: expected exactly one of seconds, timestamp, secondsPath, timestampPath, got: ${given.join(', ') || 'none'}`,
    );
  }
  const { seconds, timestamp, secondsPath, timestampPath } = duration;
  if (typeof seconds === 'number' || seconds instanceof DeployTimeNumber) checkInteger('Seconds', seconds, 0, 99_999_999);
  if (typeof seconds === 'string') checkJsonata('Seconds', seconds);
  if (typeof timestamp === 'string' && timestamp.startsWith('{%')) checkJsonata('Timestamp', timestamp);
  if (typeof timestamp === 'string' && !timestamp.startsWith('{%') && !isTimestamp(timestamp)) {
    throw new InvalidStateArgument(`Timestamp: expected an RFC 3339 timestamp, got: ${JSON.stringify(timestamp)}`);
  }
  checkJsonPath('SecondsPath', secondsPath);
  checkJsonPath('TimestampPath', timestampPath);
}

class WaitState extends StateIdentity<'Wait', WaitProps> implements State {
  constructor(name: string, props: WaitProps) {
    super('Wait', name, props, nextOrEnd(props));
    checkDuration(props);
    checkInputOutput(props);
  }

  problems(queryLanguage: QueryLanguage): readonly string[] {
    const props: DurationFields = this.props;
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
    const props: WaitProps & DurationFields = this.props;
    return compact({
      ...renderBase(this.type, props),
      Seconds: typeof props.seconds === 'string' ? props.seconds : renderNumber(props.seconds),
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
