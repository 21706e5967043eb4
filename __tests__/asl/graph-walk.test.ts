import { depthFirst } from '../../asl/graph-walk';

/** A graph as lists of successors. */
function successorsIn(graph: Record<string, string[]>): (node: string) => string[] {
  return (node) => graph[node] ?? [];
}

describe('depthFirst', () => {
  it('visits each reachable node once, every node after the nodes it leads to', () => {
    const graph = { a: ['b', 'c'], b: ['d'], c: ['d'], d: [], unreached: ['a'] };

    expect(depthFirst(['a'], successorsIn(graph))).toStrictEqual(['d', 'b', 'c', 'a']);
  });

  it('walks from several starts, sharing what it has visited', () => {
    const graph = { a: ['c'], b: ['c'], c: [] };

    expect(depthFirst(['a', 'b'], successorsIn(graph))).toStrictEqual(['c', 'a', 'b']);
  });

  it('reports each edge back to a node on the path, and still visits every node once', () => {
    const graph = { a: ['b'], b: ['c', 'a'], c: ['b'] };
    const loops: string[] = [];

    const order = depthFirst(['a'], successorsIn(graph), (node) => loops.push(node));

    expect(order).toStrictEqual(['c', 'b', 'a']);
    expect(loops).toStrictEqual(['b', 'a']);
  });
});
