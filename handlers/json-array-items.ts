import { JSONParser } from '@streamparser/json';
import { InvalidInput } from './errors';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_BRACKET = 0x5b;
/**
 * The parser gathers each string's bytes in a buffer of this size and decodes them once, rather than
 * keeping one JavaScript string per character of the escaped text that result files are full of.
 */
const STRING_BUFFER_BYTES = 64 * 1024;

/** The first byte that is not JSON whitespace, or undefined when there is none. */
function firstSignificantByte(chunk: Uint8Array): number | undefined {
  for (const byte of chunk) if (!WHITESPACE.has(byte)) return byte;
  return undefined;
}

/**
 * The elements of the JSON array that `chunks` hold, one by one as the bytes arrive: memory holds
 * the element being read and the elements of one chunk, never the array. `source` names the bytes
 * in the InvalidInput raised for anything but one JSON array.
 */
async function* jsonArrayItems(chunks: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<unknown, void, undefined> {
  const invalid = (detail: string, cause?: unknown) => new InvalidInput(`${source} is not a JSON array: ${detail}`, { cause });
  // Only the array's elements are kept, each dropped from the array once emitted.
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false, stringBufferSize: STRING_BUFFER_BYTES });
  let ready: unknown[] = [];
  parser.onValue = ({ value }) => {
    ready.push(value);
  };
  let started = false;
  const write = (chunk: Uint8Array) => {
    try {
      parser.write(chunk);
    } catch (error) {
      throw invalid((error as Error).message, error);
    }
  };
  for await (const chunk of chunks) {
    if (!started) {
      const first = firstSignificantByte(chunk);
      if (first === undefined) continue;
      if (first !== OPEN_BRACKET) throw invalid(`it starts with ${JSON.stringify(String.fromCharCode(first))}, not "["`);
      started = true;
    }
    write(chunk);
    const items = ready;
    ready = [];
    yield* items;
  }
  if (!started) throw invalid('it is empty');
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      throw invalid(`it ends before the array does (${(error as Error).message})`, error);
    }
  }
  yield* ready;
}

export { jsonArrayItems, STRING_BUFFER_BYTES };
