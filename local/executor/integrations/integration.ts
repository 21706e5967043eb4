import type { Json } from '../../json';
import type { ExecutionEnvironment, PublishedMessage } from '../run-types';

/** What a task's integration may use: the run's stand-ins and services, and where published messages go. */
interface IntegrationContext {
  readonly environment: ExecutionEnvironment;
  readonly publish: (message: PublishedMessage) => void;
}

/** A service integration: called with the task's evaluated Arguments, it returns the task's result or throws a StatesError. */
interface Integration {
  /** How AWS names the integration in a States.DataLimitExceeded cause (`lambda`). */
  readonly label: string;
  call(parameters: Json, context: IntegrationContext): Promise<Json>;
}

export type { Integration, IntegrationContext };
