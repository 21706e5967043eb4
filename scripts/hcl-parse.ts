import { setFlagsFromString } from 'node:v8';

/*
 * hcl2json's parser is the Go HCL library compiled to WebAssembly, a module of several MB. V8 compiles
 * it with its baseline compiler (Liftoff), then recompiles what ran with its optimizing one on
 * background threads: about 1 CPU-second per process, spent after the first parse for the few
 * parses a process makes. Liftoff alone parses as fast. Set before the module is compiled, which
 * the import of @cdktf/hcl2json starts; it applies to every WebAssembly module the process compiles.
 */
setFlagsFromString('--liftoff-only');

/** The configuration or tfvars file as JSON, the shape `@cdktf/hcl2json`'s parse gives. */
async function parseHcl(filename: string, contents: string): Promise<Record<string, unknown>> {
  const { parse } = await import('@cdktf/hcl2json');
  return (await parse(filename, contents)) as Record<string, unknown>;
}

export { parseHcl };
