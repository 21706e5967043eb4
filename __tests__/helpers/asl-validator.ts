import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../infra/project-root';

interface AslValidationResult {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}
type AslValidator = (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => AslValidationResult;

const OPTIONS = { checkPaths: true, checkArn: true };

/**
 * asl-validator builds and compiles its JSON schemas anew on every call (about 0.3 s), so its
 * findings are kept per definition text, under the lockfile's hash: another version of it or of
 * anything it uses starts an empty cache.
 */
const PROJECT_ROOT = findProjectRoot(__dirname);
const CACHE_DIR = join(
  PROJECT_ROOT,
  'node_modules',
  '.cache',
  'asl-validator',
  createHash('sha256')
    .update(readFileSync(join(PROJECT_ROOT, 'package-lock.json')))
    .update(JSON.stringify(OPTIONS))
    .digest('hex')
    .slice(0, 16),
);

/** asl-validator's findings for ASL JSON text ('' when valid); it mutates its input, so it gets a fresh parse. */
function aslValidationErrors(definitionJson: string): string {
  const cached = join(CACHE_DIR, createHash('sha256').update(definitionJson).digest('hex'));
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  // Loaded only on a miss; asl-validator ships no type declarations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const result = (require('asl-validator') as AslValidator)(JSON.parse(definitionJson), OPTIONS);
  const errors = result.isValid ? '' : result.errorsText('\n');
  mkdirSync(CACHE_DIR, { recursive: true });
  // Through a temporary name: another worker may read the same entry.
  writeFileSync(`${cached}.${process.pid}.tmp`, errors);
  renameSync(`${cached}.${process.pid}.tmp`, cached);
  return errors;
}

export { aslValidationErrors };
