import { readFileSync, writeFileSync } from 'node:fs';
import { withWorkflowDiagram } from './workflow-diagram';

const README = 'README.md';
writeFileSync(README, withWorkflowDiagram(readFileSync(README, 'utf8')));
console.log(`${README}: workflow diagram updated`);
