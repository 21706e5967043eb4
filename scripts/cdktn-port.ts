// The move from cdktf to CDK Terrain (cdktn): which packages, and the import rewrite that is the whole
// source change (the fork keeps cdktf's API, cdktf.json, cdktf.out and the CDKTF_* variables).
import ts from 'typescript';

/**
 * Exact releases. cdktn 0.24.0 is the only cdktn release; @cdktn/provider-aws 25.5.0 (hashicorp/aws
 * 6.64.0) is, of the releases whose peer range admits cdktn 0.24, the one whose provider is nearest the
 * 6.25.0 of @cdktf/provider-aws 21.22.1.
 */
const CDKTN_PACKAGES = { cdktn: '0.24.0', '@cdktn/provider-aws': '25.5.0' } as const;

/** Each cdktf package and its CDK Terrain counterpart; deep paths (`cdktf/lib/...`) follow their package. */
const PACKAGE_RENAMES: Readonly<Record<string, keyof typeof CDKTN_PACKAGES>> = {
  cdktf: 'cdktn',
  '@cdktf/provider-aws': '@cdktn/provider-aws',
};

class ImportRewriteError extends Error {
  override readonly name = 'ImportRewriteError';
}

/** The CDK Terrain specifier for a cdktf one, or undefined for any other module. */
function renamedSpecifier(specifier: string): string | undefined {
  for (const [from, to] of Object.entries(PACKAGE_RENAMES)) {
    if (specifier === from || specifier.startsWith(`${from}/`)) return `${to}${specifier.slice(from.length)}`;
  }
  return undefined;
}

interface RewrittenSource {
  readonly source: string;
  /** The new specifiers, in source order, one per import that changed. */
  readonly specifiers: readonly string[];
}

/**
 * Renames the cdktf modules in every import, export-from, `require()` and `import()` of a TypeScript or
 * JavaScript source, as TypeScript's own scanner finds them (strings and comments stay untouched).
 */
function rewriteCdktfImports(source: string, fileName: string): RewrittenSource {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  const edits = importedFiles.flatMap(({ fileName: specifier, pos }) => {
    const renamed = renamedSpecifier(specifier);
    if (renamed === undefined) return [];
    // pos is the opening quote; the specifier follows it verbatim unless written with escapes.
    const start = pos + 1;
    if (source.slice(start, start + specifier.length) !== specifier) {
      throw new ImportRewriteError(`${fileName}: cannot rewrite the import of ${JSON.stringify(specifier)} written with escapes`);
    }
    return [{ start, end: start + specifier.length, renamed }];
  });
  let rewritten = source;
  for (const { start, end, renamed } of [...edits].sort((a, b) => b.start - a.start))
    rewritten = rewritten.slice(0, start) + renamed + rewritten.slice(end);
  return { source: rewritten, specifiers: edits.map(({ renamed }) => renamed) };
}

export { CDKTN_PACKAGES, ImportRewriteError, renamedSpecifier, rewriteCdktfImports };
export type { RewrittenSource };
