/** A JSON value, as state payloads, events and definitions hold them. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type { Json };
