import type { ResourceChange } from './plan';

/** What a change does to its object, from its `actions` list. */
type ChangeKind = 'create' | 'update' | 'replace' | 'destroy' | 'read' | 'forget' | 'no-op' | 'other';

interface ActionDescription {
  readonly kind: ChangeKind;
  /** Terraform's plan symbol where it has one. */
  readonly symbol: string;
  /** How the replacement happens, for the three replace orders. */
  readonly order?: string;
}

const ACTIONS: Readonly<Record<string, ActionDescription>> = {
  'no-op': { kind: 'no-op', symbol: ' ' },
  create: { kind: 'create', symbol: '+' },
  read: { kind: 'read', symbol: '<=' },
  update: { kind: 'update', symbol: '~' },
  'delete,create': { kind: 'replace', symbol: '-/+', order: 'destroy, then create' },
  'create,delete': { kind: 'replace', symbol: '+/-', order: 'create the new object, then destroy the old one' },
  'create,forget': { kind: 'replace', symbol: '+/.', order: 'create the new object; the old one stays, no longer managed' },
  delete: { kind: 'destroy', symbol: '-' },
  forget: { kind: 'forget', symbol: '.' },
};

/** A list of actions this reader does not know is described, not dropped: the format may add some. */
function describeActions(actions: readonly string[]): ActionDescription {
  return ACTIONS[actions.join(',')] ?? { kind: 'other', symbol: '?' };
}

const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'an argument that cannot change in place changed',
  replace_by_request: 'requested with `-replace`',
  replace_by_triggers: 'triggered by `replace_triggered_by`',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_wrong_repetition: 'its `count`/`for_each` mode changed',
  delete_because_count_index: 'its `count` index is out of range',
  delete_because_each_key: 'its `for_each` key is gone',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_no_move_target: 'its `moved` target is not in the configuration',
  read_because_config_unknown: 'its arguments are known only during apply',
  read_because_dependency_pending: 'it depends on changes not yet applied',
  read_because_check_nested: 'it is read inside a `check` block',
};

const DEFERRED_REASONS: Readonly<Record<string, string>> = {
  instance_count_unknown: '`count` or `for_each` is not known yet',
  resource_config_unknown: 'its arguments are not known yet',
  provider_config_unknown: "its provider's configuration is not known yet",
  absent_prereq: 'an object it needs does not exist yet',
  deferred_prereq: 'an object it depends on was deferred',
  excluded: 'excluded from this plan',
  not_included: 'not included in this plan',
};

function actionReason(change: ResourceChange): string | undefined {
  const reason = change.action_reason;
  return reason === undefined ? undefined : (ACTION_REASONS[reason] ?? reason);
}

function deferredReason(reason: string): string {
  return DEFERRED_REASONS[reason] ?? reason;
}

type ChangeCounts = Readonly<Record<ChangeKind, number>> & {
  /** Objects imported by this plan, whatever else happens to them. */
  readonly import: number;
  /** Objects with a new address (`moved` blocks). */
  readonly move: number;
};

function countChanges(changes: readonly ResourceChange[]): ChangeCounts {
  const counts: Record<ChangeKind | 'import' | 'move', number> = {
    create: 0,
    update: 0,
    replace: 0,
    destroy: 0,
    read: 0,
    forget: 0,
    'no-op': 0,
    other: 0,
    import: 0,
    move: 0,
  };
  for (const change of changes) {
    counts[describeActions(change.change.actions).kind] += 1;
    if (change.change.importing !== undefined && change.change.importing !== null) counts.import += 1;
    if (change.previous_address !== undefined) counts.move += 1;
  }
  return counts;
}

export { describeActions, actionReason, deferredReason, countChanges };
export type { ChangeKind, ChangeCounts };
