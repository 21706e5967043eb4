import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import type { SynthConfig } from '../../infra/synth-config';
import { synthesizedStack } from './shared-synthesis';

setupJest();

type Block = Record<string, unknown>;
interface SynthesizedConfiguration {
  readonly data: Record<string, Record<string, Block>>;
  readonly resource: Record<string, Record<string, Block>>;
  readonly variable: Record<string, Block>;
  readonly output: Record<string, Block>;
  readonly provider: Record<string, Block[]>;
}

/** Drops cdktf's `//` metadata blocks, as `Testing.synth` does. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '//')
      .map(([key, item]) => [key, withoutMetadata(item)]),
  );
}

/**
 * The `cdk.tf.json` of the run's shared synthesis with these options over `cdktf.json`'s, as
 * `Testing.synth` gives it (the text for cdktf's matchers, and parsed).
 */
function synthesizedConfiguration(overrides: Partial<SynthConfig> = {}): { json: string; config: SynthesizedConfiguration } {
  const { stackDir } = synthesizedStack({ context: overrides });
  const config = withoutMetadata(JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'))) as SynthesizedConfiguration;
  return { json: JSON.stringify(config, null, 2), config };
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

export { synthesizedConfiguration, only, byConstruct };
export type { SynthesizedConfiguration, Block };
