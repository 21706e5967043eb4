import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WORKFLOW_ERROR_NAMES } from '../../contract/errors';
import { FUNCTION_NAMES } from '../../contract/functions';
import { TERRAFORM_VARIABLE_NAMES } from '../../contract/variables';

const ASL_DIR = join(__dirname, '..', '..', 'asl');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the asl/ library', () => {
  const sources = sourceFiles(ASL_DIR).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('names nothing of the application: no function, error or variable of the contract, no image or model words', () => {
    const applicationNames = [
      ...FUNCTION_NAMES,
      ...WORKFLOW_ERROR_NAMES,
      ...TERRAFORM_VARIABLE_NAMES,
      'sagemaker',
      'image',
      'classif',
      'inference',
    ];

    const found = sources.flatMap(({ file, text }) =>
      applicationNames.filter((name) => text.toLowerCase().includes(name.toLowerCase())).map((name) => `${file}: ${name}`),
    );

    expect(found).toStrictEqual([]);
  });

  it('imports nothing from outside asl/ but Node itself', () => {
    const outside = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gm)]
        .map((match) => match[1]!)
        .filter((specifier) =>
          specifier.startsWith('.') ? !resolve(dirname(file), specifier).startsWith(ASL_DIR) : !specifier.startsWith('node:'),
        )
        .map((specifier) => `${file}: ${specifier}`),
    );

    expect(outside).toStrictEqual([]);
  });
});
