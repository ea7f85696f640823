// A short scenario run by httpapi's TestGeneratedTypeScriptClient with
// openapi-fetch and the types openapi-typescript generated from
// /v1/openapi.json (schema.d.ts beside this file). tsc checks it against
// those types before node runs it; it prints one JSON object of what it saw.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

declare const process: { argv: string[] }; // node, without @types/node

const [base, token] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${token}` } });
const out: Record<string, unknown> = {};

const health = await client.GET("/v1/health");
out.health = health.data?.status;

const me = await client.GET("/v1/me");
out.me_party_kind = me.data?.party.kind;

const created = await client.POST("/v1/parties", { body: { name: "Generated TypeScript Client Party", kind: "party" } });
out.created_status = created.response.status;
out.created_name = created.data?.name;

const id = created.data?.id ?? "";
const member = await client.POST("/v1/parties/{id}/members", { params: { path: { id } }, body: { name: "desk" } });
out.member_token_given = (member.data?.token ?? "") !== "";

// A bad request: error is the declared problem document.
const bad = await client.POST("/v1/parties", { body: { name: "", kind: "army" } });
out.bad_status = bad.response.status;
out.bad_fields = (bad.error?.errors ?? []).map((e) => e.field);

const other = createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${member.data?.token}` } });
const forbidden = await other.POST("/v1/parties", { body: { name: "X", kind: "party" } });
out.forbidden_typed = forbidden.error?.status === 403;

// Query parameters, declared in the document, typed in the client.
const stats = await client.GET("/v1/stats/violations", { params: { query: { by: "perpetrator" } } });
out.stats_status = stats.response.status;
const badStats = await client.GET("/v1/stats/violations", { params: { query: { bucket: "month" as unknown as "day" } } });
out.stats_bad_field = badStats.error?.errors?.[0]?.field;

const parties = await client.GET("/v1/parties");
out.parties = parties.data?.length;
console.log(JSON.stringify(out));
