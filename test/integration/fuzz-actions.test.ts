// Bad input, generated: every form action of every route (and VNPay's IPN) gets property-based
// inputs — the field names its form and schemas use, with hostile values (empty, huge, unicode,
// NUL bytes, numbers out of range, impossible dates, SQL and HTML fragments, other records' ids),
// posted as each kind of user, urlencoded or multipart with random bytes as files. Two promises:
// never a 500 (nor an exception escaping the route), and a refused input (4xx) changes no record.
//
// FUZZ_RUNS (default 20) sets the inputs per route; a failure prints the route, the user and the
// input that broke it (fast-check shrinks it first).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createProduct, createUser } from "../../prisma/seed/factories";
import { getRequest, ORIGIN, settle, testContext } from "../support/routes";

const TMN = "OCOPFUZZ";
const SECRET = "fuzz-vnpay-hash-secret";
process.env.VNPAY_TMN_CODE = TMN;
process.env.VNPAY_HASH_SECRET = SECRET;
const { rereadEnv } = await import("~/utils/env.server");
rereadEnv();

const { prisma, database } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const { signParams } = await import("~/modules/payments/vnpay");
const routes = (await import("~/routes")).default;

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

// Tables a refused request may still write: counters of tries (that is their job), sessions
// (made for the test's users before each call), the append-only logs of attempts, and a
// producer's autosaved draft (a refused product form keeps what was typed, by design).
const MAY_CHANGE = new Set([
  "RateLimit",
  "Session",
  "AuditLog",
  "SignInAttempt",
  "JobLease",
  "_migrations",
  "ProductDraft",
]);

interface RouteEntry {
  file: string;
  path?: string;
  index?: boolean;
  children?: RouteEntry[];
}

/** Every route file with its full path pattern. */
function flatten(entries: RouteEntry[], prefix = ""): { file: string; pattern: string }[] {
  return entries.flatMap((e) => {
    const pattern = e.path ? `${prefix}/${e.path}` : prefix || "/";
    return [{ file: e.file, pattern }, ...flatten(e.children ?? [], e.path ? pattern : prefix)];
  });
}

/** The field names and literal values a route's form and schemas use (its file and the schema modules it imports). */
function vocabulary(file: string): { names: string[]; values: string[] } {
  const texts = [readFileSync(path.join("app", file), "utf8")];
  for (const m of texts[0]!.matchAll(/from "~\/(modules\/[\w/-]*(?:schema|schemas|params|limits)[\w-]*)"/g)) {
    for (const ext of [".ts", ".server.ts"]) {
      try {
        texts.push(readFileSync(path.join("app", m[1]! + ext), "utf8"));
        break;
      } catch {
        // not this extension
      }
    }
  }
  const names = new Set<string>(["intent"]);
  const values = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/name="([\w.[\]-]+)"/g)) names.add(m[1]!);
    for (const m of text.matchAll(/^\s+(\w+): z\b/gm)) names.add(m[1]!);
    for (const m of text.matchAll(/value="([\w.-]{1,40})"/g)) values.add(m[1]!);
    for (const m of text.matchAll(/z\.(?:literal|enum)\(\[?([^)\]]+)/g))
      for (const v of m[1]!.matchAll(/"([\w.-]{1,40})"/g)) values.add(v[1]!);
  }
  return { names: [...names], values: [...values] };
}

/** A fingerprint of every table but MAY_CHANGE: one md5 per table over its rows. */
async function fingerprint(): Promise<Record<string, string>> {
  const db = database().sql;
  const tables = (
    await db.query<{ name: string }>(
      `SELECT table_name AS "name" FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )
  )
    .map((t) => t.name)
    .filter((t) => !MAY_CHANGE.has(t));
  const rows = await db.query<{ t: string; h: string }>(
    tables
      .map(
        (t) =>
          `SELECT '${t}' AS "t", md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS "h" FROM "${t}" x`,
      )
      .join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

const changedTables = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).filter((t) => a[t] !== b[t]);

// Hostile values any field may get.
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer({ min: -2_147_483_649, max: 99_999_999_999 }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31T99:99",
    "00000000-0000-0000-0000-000000000000",
    '\'; DROP TABLE "Product"; --',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\u0000",
    "a\u0000b",
    "\uFEFF\u202E",
    "https://evil.example",
    "//evil.example",
    "Cà phê Đắk Mil",
    "x".repeat(20_000),
  ),
);

type Role = "ANONYMOUS" | "OWNER" | "HELPER" | "OFFICIAL" | "OPERATOR" | "ADMIN" | "BUYER";
const ROLES: Role[] = ["ANONYMOUS", "OWNER", "HELPER", "OFFICIAL", "OPERATOR", "ADMIN", "BUYER"];
const userIds: Partial<Record<Role, string>> = {};
const realParams: Record<string, string> = {};

async function cookieOf(role: Role): Promise<string | undefined> {
  const id = userIds[role];
  if (!id) return undefined;
  return (await createUserSession(getRequest("/"), id, false)).split(";")[0]!;
}

beforeAll(async () => {
  await prisma.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "24800", name: "Đắk Mil", type: "xã", provinceCode: "68" } });
  const producer = await createProducer(prisma, { communeCode: "24800", name: "HTX Cà phê Fuzz" });
  for (const role of ROLES.filter((r) => r !== "ANONYMOUS")) {
    const user = await createUser(prisma, {
      role: role === "OWNER" ? "PRODUCER" : role,
      provinceCode: role === "OFFICIAL" ? "68" : null,
    });
    userIds[role] = user.id;
  }
  await addMember(prisma, producer.id, userIds.OWNER!, true);
  const listed = await createProduct(prisma, {
    producerId: producer.id,
    name: "Cà phê Robusta Fuzz",
    description: "Cà phê Robusta rang mộc từ vườn đạt chuẩn VietGAP.",
    priceVnd: 150_000,
    stock: 10,
    status: "APPROVED",
  });
  const draft = await createProduct(prisma, {
    producerId: producer.id,
    name: "Mắc ca nháp",
    status: "DRAFT",
  });
  const batch = await prisma.batch.create({
    data: { productId: listed.id, lotNumber: "FZ2026-01", createdById: userIds.OWNER! },
  });
  Object.assign(realParams, {
    producerId: producer.id,
    productId: draft.id,
    batchId: batch.id,
    slug: listed.slug,
    publicId: listed.publicId,
    lot: batch.lotNumber,
    code: "DH000001",
    token: "x",
    format: "png",
    file: "google.xml",
    name: "products-1.xml",
    group: "FOOD",
    gtin: "08938512000015",
  });
});

/** The route's module, or null when it has no action. */
async function actionOf(file: string) {
  const mod = (await import(/* @vite-ignore */ path.resolve("app", file))) as {
    action?: (args: ActionFunctionArgs) => unknown;
  };
  return mod.action ?? null;
}

const ACTION_ROUTES = flatten(routes as RouteEntry[]).filter(({ file }) =>
  /export (async )?function action|export const action/.test(readFileSync(path.join("app", file), "utf8")),
);

describe("generated bad input to every form action", { timeout: 600_000 }, () => {
  test("there are form actions to fuzz", () => {
    expect(ACTION_ROUTES.length).toBeGreaterThan(20);
  });

  for (const route of ACTION_ROUTES) {
    test(`${route.pattern} (${route.file})`, async () => {
      const action = (await actionOf(route.file))!;
      const { names, values } = vocabulary(route.file);
      const paramNames = [...route.pattern.matchAll(/:(\w+)\??/g)].map((m) => m[1]!);
      const value = fc.oneof(
        { weight: 3, arbitrary: hostile },
        { weight: 2, arbitrary: values.length ? fc.constantFrom(...values) : hostile },
        { weight: 1, arbitrary: fc.constantFrom(...Object.values(realParams)) },
      );
      const input = fc.record({
        role: fc.constantFrom(...ROLES),
        params: fc.record(
          Object.fromEntries(
            paramNames.map((p) => [
              p,
              fc.oneof(
                { weight: 3, arbitrary: fc.constant(realParams[p] ?? "x") },
                { weight: 1, arbitrary: hostile },
              ),
            ]),
          ),
        ),
        fields: fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 12 }),
        multipart: fc.boolean(),
        files: fc.array(
          fc.tuple(
            fc.constantFrom("file", "photo", "photos", "document", "logo"),
            fc.uint8Array({ maxLength: 2048 }),
          ),
          {
            maxLength: 2,
          },
        ),
      });

      await fc.assert(
        fc.asyncProperty(input, async ({ role, params, fields, multipart, files }) => {
          const cookie = await cookieOf(role);
          const url =
            ORIGIN +
            route.pattern.replace(/:(\w+)\??/g, (_, p: string) => encodeURIComponent(params[p] ?? ""));
          let body: BodyInit;
          const headers: Record<string, string> = { Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}) };
          if (multipart) {
            const form = new FormData();
            for (const [k, v] of fields) form.append(k, v);
            for (const [k, bytes] of files)
              form.append(k, new Blob([bytes], { type: "image/jpeg" }), "x.jpg");
            body = form;
          } else {
            body = new URLSearchParams(fields);
            headers["Content-Type"] = "application/x-www-form-urlencoded";
          }
          const request = new Request(url, { method: "POST", body, headers });
          const before = await fingerprint();
          let status: number;
          try {
            ({ status } = await settle(() => action({ request, params, context: testContext() })));
          } catch (error) {
            throw new Error(`threw ${String(error)}`);
          }
          expect(status, `answered ${status}`).toBeLessThan(500);
          if (status >= 400)
            expect(changedTables(before, await fingerprint()), "refused, yet changed").toEqual([]);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261201), endOnFailure: true },
      );
    });
  }
});

describe("generated IPNs", () => {
  test("VNPay's IPN: every input gets one of VNPay's reply codes, and nothing changes", async () => {
    const { loader } = (await import("~/routes/payments/vnpay-ipn")) as {
      loader: (args: LoaderFunctionArgs) => unknown;
    };
    const field = fc.constantFrom(
      "vnp_Amount",
      "vnp_BankCode",
      "vnp_BankTranNo",
      "vnp_CardType",
      "vnp_OrderInfo",
      "vnp_PayDate",
      "vnp_ResponseCode",
      "vnp_TmnCode",
      "vnp_TransactionNo",
      "vnp_TransactionStatus",
      "vnp_TxnRef",
      "vnp_SecureHashType",
      "other",
    );
    const input = fc.record({
      fields: fc.dictionary(field, fc.oneof(hostile, fc.constantFrom("00", "24", TMN, "20261201120000"))),
      signed: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ fields, signed }) => {
        const query = new URLSearchParams(fields);
        if (signed) query.set("vnp_SecureHash", signParams(fields, SECRET));
        else if (fields.vnp_TxnRef) query.set("vnp_SecureHash", "0".repeat(128));
        const before = await fingerprint();
        const { status, data } = await settle(() =>
          loader({ request: getRequest(`/payments/vnpay/ipn?${query}`), params: {}, context: testContext() }),
        );
        expect(status).toBe(200);
        const reply = (typeof data === "string" ? JSON.parse(data) : data) as { RspCode: string };
        expect(["00", "01", "02", "04", "97", "99"]).toContain(reply.RspCode);
        expect(changedTables(before, await fingerprint())).toEqual([]);
      }),
      { numRuns: RUNS * 5, seed: Number(process.env.FUZZ_SEED ?? 20261201), endOnFailure: true },
    );
  });
});
