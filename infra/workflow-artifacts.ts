import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { renderMermaid } from '../asl';
import type { ImageClassificationStack } from './image-classification-stack';

const DEFINITION_FILE = 'state-machine.asl.json';
const DIAGRAM_FILE = 'workflow.mmd';

/** The definition as the configuration holds it: Terraform references in place of the CDKTF tokens. */
function resolvedDefinition(stack: ImageClassificationStack): string {
  const resolver = new DefaultTokenResolver(new StringConcat());
  return Tokenization.resolve(stack.pipeline.images.workflow.definitionJson, { scope: stack, resolver, preparing: false }) as string;
}

/**
 * Writes the definition (with the Terraform references the configuration holds) and its diagram
 * beside the synthesized stack, for ops to reuse.
 */
function writeWorkflowArtifacts(stack: ImageClassificationStack, stackDir: string): string[] {
  mkdirSync(stackDir, { recursive: true });
  const files = [
    [DEFINITION_FILE, `${resolvedDefinition(stack)}\n`],
    [DIAGRAM_FILE, renderMermaid(stack.pipeline.images.workflow.definition)],
  ] as const;
  return files.map(([name, contents]) => {
    const path = join(stackDir, name);
    writeFileSync(path, contents);
    return path;
  });
}

export { writeWorkflowArtifacts };
