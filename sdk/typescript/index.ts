// A typed client for the NextCRM REST API: openapi-fetch over the types openapi-typescript
// generates from the server's document (`cargo xtask sdk` writes schema.d.ts).
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";

export type { paths, components } from "./schema";

/** A client for the server at `baseUrl` (no `/api/v1`), acting with the API key `key`. */
export function createNextCrm(baseUrl: string, key: string): Client<paths> {
  return createClient<paths>({
    baseUrl: `${baseUrl.replace(/\/$/, "")}/api/v1`,
    headers: { Authorization: `Bearer ${key}` },
  });
}
