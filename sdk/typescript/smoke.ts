// The TypeScript client against a live server: create a contact, find it in a list, change
// one field, delete it. `NEXTCRM_URL` and `NEXTCRM_KEY` name the server and a read-write key.
import { createNextCrm } from "./index";

// The little of Node this needs, without its type package.
declare const process: {
  env: Record<string, string | undefined>;
  exit(code: number): never;
};

function fail(step: string, detail: unknown): never {
  console.error(`smoke: ${step} failed:`, JSON.stringify(detail));
  process.exit(1);
}

async function main(): Promise<void> {
  const crm = createNextCrm(process.env.NEXTCRM_URL ?? "", process.env.NEXTCRM_KEY ?? "");
  const last = `Smoke ${Date.now()}`;
  const made = await crm.POST("/contacts", {
    body: { first_name: "Ada", last_name: last, email: "ada@example.com" },
  });
  if (!made.data) fail("create", made.error);
  const id = made.data.id;

  const found = await crm.GET("/contacts", { params: { query: { q: last, limit: 10 } } });
  if (!found.data?.data.some((c) => c.id === id)) fail("list", found.error ?? found.data);

  const changed = await crm.PATCH("/contacts/{id}", {
    params: { path: { id } },
    body: { phone: "+44 20 7946 0000" },
  });
  if (changed.data?.phone !== "+44 20 7946 0000" || changed.data.email !== "ada@example.com") {
    fail("patch", changed.error ?? changed.data);
  }

  const gone = await crm.DELETE("/contacts/{id}", { params: { path: { id } } });
  if (gone.response.status !== 204) fail("delete", gone.error);
  const missing = await crm.GET("/contacts/{id}", { params: { path: { id } } });
  if (missing.response.status !== 404 || missing.error?.errors[0]?.code !== "error-not-found") {
    fail("read after delete", missing.error);
  }
  console.log("smoke: the TypeScript client works");
}

main().catch((e) => fail("run", String(e)));
