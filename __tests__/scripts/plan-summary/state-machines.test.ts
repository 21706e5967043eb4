import type { ResourceChange } from '../../../scripts/plan-summary/plan';
import { NO_SECRETS, sensitiveStrings } from '../../../scripts/plan-summary/secrets';
import { stateMachineDefinitionChanges } from '../../../scripts/plan-summary/state-machines';
import { fixturePlan } from './plans';

function update(before: unknown, after: unknown, extra: Partial<ResourceChange['change']> = {}): ResourceChange {
  const side = (definition: unknown) => ({
    name: 'm',
    definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
  });
  return {
    address: 'aws_sfn_state_machine.m',
    mode: 'managed',
    type: 'aws_sfn_state_machine',
    name: 'm',
    change: {
      actions: ['update'],
      before: side(before),
      after: side(after),
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
      ...extra,
    },
  };
}

describe('stateMachineDefinitionChanges', () => {
  it("reads a real plan's definition diff, unknown definition and sensitive definition", () => {
    const plan = fixturePlan('state-machines.json');

    const changes = stateMachineDefinitionChanges(plan.resource_changes, sensitiveStrings(plan));

    expect(changes.map((change) => [change.address, change.kind, change.outcome.kind])).toStrictEqual([
      ['aws_sfn_state_machine.batch', 'update', 'unknown'],
      ['aws_sfn_state_machine.secret', 'update', 'sensitive'],
      ['aws_sfn_state_machine.workflow', 'update', 'diff'],
    ]);
    expect(changes[2]!.outcome).toMatchObject({
      addedStates: ['Record result'],
      removedStates: ['Legacy notify'],
      changedStates: [
        { name: 'Classify', fields: ['Retry'] },
        { name: 'Filter', fields: ['Next'] },
      ],
      changedFields: [],
      linesAdded: 12,
      linesRemoved: 9,
    });
  });

  it('names nested states by their Parallel or Map container and reports changes to the containers themselves', () => {
    const before = {
      StartAt: 'Fan out',
      States: {
        'Fan out': {
          Type: 'Parallel',
          Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
          Next: 'Each',
        },
        Each: { Type: 'Map', ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }, End: true },
      },
    };
    const after = structuredClone(before) as typeof before & { TimeoutSeconds?: number };
    after.TimeoutSeconds = 300;
    (after.States['Fan out'].Branches[0]!.States.A as Record<string, unknown>).Result = 1;
    (after.States.Each as Record<string, unknown>).MaxConcurrency = 5;
    (after.States.Each.ItemProcessor.States as Record<string, unknown>).C = { Type: 'Succeed' };

    const [change] = stateMachineDefinitionChanges([update(before, after)], NO_SECRETS);

    expect(change!.outcome).toMatchObject({
      addedStates: ['Each › C'],
      removedStates: [],
      changedStates: [
        { name: 'Fan out › A', fields: ['Result'] },
        { name: 'Each', fields: ['MaxConcurrency'] },
      ],
      changedFields: ['TimeoutSeconds'],
    });
  });

  it('sees a change of key order or whitespace alone as no change of the definition', () => {
    const before = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';
    const after = '{\n  "States": {"A": {"End": true, "Type": "Pass"}},\n  "StartAt": "A"\n}';

    expect(stateMachineDefinitionChanges([update(before, after)], NO_SECRETS).map((change) => change.outcome)).toStrictEqual([
      { kind: 'reformatted' },
    ]);
  });

  it('diffs the text of a definition that is not JSON', () => {
    const [change] = stateMachineDefinitionChanges([update('{"StartAt": "A"}', 'not json')], NO_SECRETS);

    expect(change!.outcome).toStrictEqual({
      kind: 'not-json',
      hunks: ['@@ -1,1 +1,1 @@', '-{"StartAt": "A"}', '+not json'],
      linesAdded: 1,
      linesRemoved: 1,
    });
  });

  it('shows neither side when either is sensitive or holds a sensitive value of the plan', () => {
    const definition = (token: string) => ({ StartAt: 'A', States: { A: { Type: 'Pass', Result: token, End: true } } });

    const markedBefore = update(definition('old-secret-token'), definition('new'), { before_sensitive: { definition: true } });
    const embedded = update(definition('a'), definition('prefix-new-secret-token'));

    expect(stateMachineDefinitionChanges([markedBefore], NO_SECRETS).map((change) => change.outcome)).toStrictEqual([
      { kind: 'sensitive' },
    ]);
    expect(
      stateMachineDefinitionChanges(
        [embedded],
        sensitiveStrings({
          ...fixturePlan('no-changes.json'),
          output_changes: { o: { actions: ['create'], after: 'new-secret-token', after_sensitive: true } },
        }),
      ).map((change) => change.outcome),
    ).toStrictEqual([{ kind: 'sensitive' }]);
  });

  it('leaves out state machines whose definition does not change, and deletions', () => {
    const same = update({ StartAt: 'A', States: {} }, { StartAt: 'A', States: {} });
    const deleted: ResourceChange = { ...same, change: { ...same.change, actions: ['delete'], after: null } };

    expect(stateMachineDefinitionChanges([same, deleted], NO_SECRETS)).toStrictEqual([]);
  });
});
