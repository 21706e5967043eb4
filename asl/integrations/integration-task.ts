import type { Retrier } from '../retry-catch';
import type { PolicyStatement } from '../state';
import { TaskState } from '../states/task';
import type { TaskIntegration, TaskProps } from '../states/task';

/** A Task's props as an integration helper takes them: the helper decides the resource, the request and the permissions. */
type IntegrationTaskProps = Omit<TaskProps, 'resource' | 'parameters' | 'arguments' | 'permissions' | 'integration'> & {
  /** The retrier for the service's transient errors, in place of the integration's default (e.g. fewer attempts to fit a time budget); null for none. */
  readonly serviceRetry?: Retrier | null;
};

/** What an integration helper decides of its Task. */
interface ServiceIntegration extends TaskIntegration {
  readonly resource: string;
  readonly permissions: readonly PolicyStatement[];
  /** The retrier for the service's transient errors unless the caller sets `serviceRetry`. */
  readonly serviceRetry: Retrier;
}

/** A Task through a service integration: the service's retrier first, then the caller's. */
function integrationTask(name: string, props: IntegrationTaskProps, service: ServiceIntegration): TaskState {
  const { retry = [], serviceRetry = service.serviceRetry, ...task } = props;
  const { resource, permissions, request, selection } = service;
  return new TaskState(name, {
    ...task,
    resource,
    integration: { request, ...(selection === undefined ? {} : { selection }) },
    retry: [...(serviceRetry === null ? [] : [serviceRetry]), ...retry],
    permissions,
  } as TaskProps);
}

export { integrationTask };
export type { IntegrationTaskProps };
