import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { ImageClassificationStack } from '../../infra/image-classification-stack';
import { DEFAULT_SYNTH_CONFIG } from '../../infra/synth-config';
import type { SynthConfig } from '../../infra/synth-config';

setupJest();

type Block = Record<string, unknown>;
interface SynthesizedConfiguration {
  readonly data: Record<string, Record<string, Block>>;
  readonly resource: Record<string, Record<string, Block>>;
  readonly variable: Record<string, Block>;
  readonly output: Record<string, Block>;
  readonly provider: Record<string, Block[]>;
}

/** Synthesizes the stack as `Testing.synth` does, with its zips in a temporary folder. */
function synthesizeStack(overrides: Partial<SynthConfig> = {}): {
  json: string;
  config: SynthesizedConfiguration;
  stack: ImageClassificationStack;
} {
  const stack = new ImageClassificationStack(Testing.app(), {
    config: { ...DEFAULT_SYNTH_CONFIG, ...overrides },
    bundleDir: mkdtempSync(join(tmpdir(), 'stack-zips-')),
  });
  const json = Testing.synth(stack);
  return { json, config: JSON.parse(json) as SynthesizedConfiguration, stack };
}

/** The only resource of a type, failing when there are more or none. */
function only(blocks: Record<string, Block> | undefined): Block {
  const values = Object.values(blocks ?? {});
  if (values.length !== 1) throw new Error(`Expected exactly one block, got ${values.length}`);
  return values[0]!;
}

/** The block of a type under the stack's construct `id` (logical ids start `<id>_`), e.g. the `workflow` or `batch` state machine. */
function byConstruct(blocks: Record<string, Block> | undefined, id: string): Block {
  const matches = Object.entries(blocks ?? {})
    .filter(([logicalId]) => logicalId.startsWith(`${id}_`))
    .map(([, block]) => block);
  if (matches.length !== 1) throw new Error(`Expected exactly one block under construct ${id}, got ${matches.length}`);
  return matches[0]!;
}

export { synthesizeStack, only, byConstruct };
export type { SynthesizedConfiguration, Block };
