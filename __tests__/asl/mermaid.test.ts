import { StateMachineDefinition, SucceedState, renderMermaid } from '../../asl';
import { jsonPathExample } from './fixtures';

describe('renderMermaid', () => {
  it('keeps labels inside their quotes when a state name has double quotes', () => {
    const definition = new StateMachineDefinition({ startAt: 'Say "hi"', states: [new SucceedState('Say "hi"')] });

    expect(renderMermaid(definition)).toBe('flowchart TD\n  start((Start)) --> s0\n  s0(["Say \'hi\'"])\n');
  });

  it('draws states, transitions, choice labels, catch edges and nested graphs', () => {
    const diagram = renderMermaid(jsonPathExample());

    expect(diagram.split('\n')).toEqual(
      expect.arrayContaining([
        'flowchart TD',
        '  start((Start)) --> s0',
        '  s0("Prepare")',
        '  s1{"Route"}',
        '  s1 -->|"batch"| s6',
        '  s1 -->|"rule 2"| s2',
        '  s1 -->|"default"| s11',
        '  s3[["Both"]]',
        '  subgraph s3_0 ["Both branch 1"]',
        '    s4["Invoke"]',
        '  s3 -.-> s4',
        '  s3 -.->|"States.ALL"| s11',
        '  s10(["Done"])',
        '  class s11 failure',
      ]),
    );
  });
});
