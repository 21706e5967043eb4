import type { StateType } from './state';
import type { State, StateGraph } from './state-graph';
import type { StateMachineDefinition } from './state-machine';

const SHAPES: Record<StateType, [string, string]> = {
  Task: ['[', ']'],
  Pass: ['(', ')'],
  Wait: ['(', ')'],
  Choice: ['{', '}'],
  Succeed: ['([', '])'],
  Fail: ['([', '])'],
  Parallel: ['[[', ']]'],
  Map: ['[[', ']]'],
};

/** A quoted Mermaid label; double quotes inside become single ones (Mermaid 11 garbles its `#quot;` entity in labels). */
function label(text: string): string {
  return `"${text.replace(/"/g, "'")}"`;
}

/** Renders a definition as a Mermaid flowchart: states, transitions, catch edges (dotted) and nested graphs. */
function renderMermaid(definition: StateMachineDefinition): string {
  definition.validate();
  const ids = new Map(definition.graph.allStates().map((state, index) => [state.name, `s${index}`]));
  const id = (state: State | string) => ids.get(typeof state === 'string' ? state : state.name)!;
  const lines = ['flowchart TD'];

  const renderGraph = (graph: StateGraph, indent: string): void => {
    for (const state of graph.states) {
      const [open, close] = SHAPES[state.type];
      lines.push(`${indent}${id(state)}${open}${label(state.name)}${close}`);
      (state.nestedGraphs?.() ?? []).forEach((nested, index) => {
        lines.push(
          `${indent}subgraph ${id(state)}_${index} [${label(`${state.name} ${state.type === 'Map' ? 'items' : `branch ${index + 1}`}`)}]`,
        );
        renderGraph(nested, `${indent}  `);
        lines.push(`${indent}end`);
        lines.push(`${indent}${id(state)} -.-> ${id(nested.startAt)}`);
      });
    }
    for (const state of graph.states) {
      for (const transition of state.transitions()) {
        const arrow =
          transition.kind === 'catch'
            ? ` -.->|${label(transition.label ?? 'catch')}| `
            : transition.label === undefined
              ? ' --> '
              : ` -->|${label(transition.label)}| `;
        lines.push(`${indent}${id(state)}${arrow}${id(transition.target)}`);
      }
    }
  };

  lines.push(`  start((Start)) --> ${id(definition.graph.startAt)}`);
  renderGraph(definition.graph, '  ');
  const failures = definition.graph
    .allStates()
    .filter((state) => state.type === 'Fail')
    .map(id);
  if (failures.length > 0) lines.push('  classDef failure fill:#fdd,stroke:#c33', `  class ${failures.join(',')} failure`);
  return `${lines.join('\n')}\n`;
}

export { renderMermaid };
