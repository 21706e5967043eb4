/**
 * Depth-first from `starts` along `successors`: every node reached, each once, in post-order, so a node
 * comes after every node it leads to unless a loop leads back to it. `onLoop` hears of each edge that
 * returns to a node still on the path (a loop), with that node.
 */
function depthFirst(
  starts: readonly string[],
  successors: (node: string) => readonly string[],
  onLoop: (node: string) => void = () => {},
): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const onPath = new Set<string>();
  const visit = (node: string): void => {
    if (onPath.has(node)) return onLoop(node);
    if (done.has(node)) return;
    onPath.add(node);
    successors(node).forEach(visit);
    onPath.delete(node);
    done.add(node);
    order.push(node);
  };
  starts.forEach(visit);
  return order;
}

export { depthFirst };
