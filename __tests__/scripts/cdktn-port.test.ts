import { ImportRewriteError, renamedSpecifier, rewriteCdktfImports } from '../../scripts/cdktn-port';

describe('renamedSpecifier', () => {
  it.each([
    ['cdktf', 'cdktn'],
    ['cdktf/lib/synthesize/synthesizer', 'cdktn/lib/synthesize/synthesizer'],
    ['@cdktf/provider-aws', '@cdktn/provider-aws'],
    ['@cdktf/provider-aws/lib/sfn-state-machine', '@cdktn/provider-aws/lib/sfn-state-machine'],
  ])('renames %s to %s', (specifier, renamed) => {
    expect(renamedSpecifier(specifier)).toBe(renamed);
  });

  it.each(['cdktf-cli', 'cdktfx/lib', '@cdktf/hcl2json', '@cdktf/provider-aws-extra', 'constructs', './cdktf', '../infra/cdktf'])(
    'leaves %s alone',
    (specifier) => {
      expect(renamedSpecifier(specifier)).toBeUndefined();
    },
  );
});

describe('rewriteCdktfImports', () => {
  it('renames imports, type imports, re-exports, require() and import() and nothing else', () => {
    const source = [
      "import { App, TerraformAsset } from 'cdktf';",
      'import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";',
      "import { StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';",
      "export { Fn } from 'cdktf';",
      "import 'cdktf';",
      "import cdktfModule = require('cdktf');",
      "const provider = require('@cdktf/provider-aws/lib/provider');",
      "const lazy = await import('cdktf');",
      "import { parse } from '@cdktf/hcl2json';",
      "// import { App } from 'cdktf';",
      "const tag = { ManagedBy: 'cdktf' };",
      "const text = `import('cdktf')`;",
    ].join('\n');

    const { source: rewritten, specifiers } = rewriteCdktfImports(source, 'infra/app.ts');

    expect(rewritten).toBe(
      [
        "import { App, TerraformAsset } from 'cdktn';",
        'import type { SqsQueue } from "@cdktn/provider-aws/lib/sqs-queue";',
        "import { StackSynthesizer } from 'cdktn/lib/synthesize/synthesizer';",
        "export { Fn } from 'cdktn';",
        "import 'cdktn';",
        "import cdktfModule = require('cdktn');",
        "const provider = require('@cdktn/provider-aws/lib/provider');",
        "const lazy = await import('cdktn');",
        "import { parse } from '@cdktf/hcl2json';",
        "// import { App } from 'cdktf';",
        "const tag = { ManagedBy: 'cdktf' };",
        "const text = `import('cdktf')`;",
      ].join('\n'),
    );
    expect(specifiers).toStrictEqual([
      'cdktn',
      '@cdktn/provider-aws/lib/sqs-queue',
      'cdktn/lib/synthesize/synthesizer',
      'cdktn',
      'cdktn',
      'cdktn',
      '@cdktn/provider-aws/lib/provider',
      'cdktn',
    ]);
  });

  it('returns a source without cdktf imports unchanged', () => {
    const source = "import { join } from 'node:path';\nexport const cdktf = join('a', 'b');\n";

    expect(rewriteCdktfImports(source, 'workflow/x.ts')).toStrictEqual({ source, specifiers: [] });
  });

  it('refuses a specifier written with escapes, naming the file', () => {
    const source = "import { App } from 'cdkt\\x66';";

    expect(() => rewriteCdktfImports(source, 'infra/odd.ts')).toThrow(ImportRewriteError);
    expect(() => rewriteCdktfImports(source, 'infra/odd.ts')).toThrow(
      'infra/odd.ts: cannot rewrite the import of "cdktf" written with escapes',
    );
  });
});
