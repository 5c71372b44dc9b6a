// Writes across producers over real HTTP: the demo producer (A) posts complete, valid forms to the
// business the demo helper looks after (B), at B's URLs and with B's ids under A's own URLs. Every
// one is refused, and B's pages, as B's helper sees them, are exactly as before. (Reads are in the
// access matrix; the same attacks, checked row by row in the database, in
// test/integration/security-tampering.test.ts.)
import type { APIResponse } from "@playwright/test";
import { expect, http, locationOf, test, textOf, vi, type Session } from "../support";

interface Ids {
  own: string;
  ownProduct: string;
  helped: string;
  helpedProduct: string;
  helpedBatch: string;
}

async function findIds(producer: Session, helper: Session): Promise<Ids> {
  const home = await http(producer.request, "GET", "/producer", { cookie: producer.cookie });
  const own = /^\/producer\/([0-9a-f-]{36})$/.exec(locationOf(home))?.[1];
  const ownPage = await (
    await http(producer.request, "GET", `/producer/${own}`, { cookie: producer.cookie })
  ).text();
  const ownProduct = new RegExp(`/producer/${own}/products/([0-9a-f-]{36})`).exec(ownPage)?.[1];
  const helperPage = await (await http(helper.request, "GET", "/helper", { cookie: helper.cookie })).text();
  const helped = /\/producer\/([0-9a-f-]{36})/.exec(helperPage)?.[1];
  const helpedPage = await (
    await http(helper.request, "GET", `/producer/${helped}`, { cookie: helper.cookie })
  ).text();
  const helpedProduct = new RegExp(`/producer/${helped}/products/([0-9a-f-]{36})`).exec(helpedPage)?.[1];
  expect(own && ownProduct && helped && helpedProduct, "demo ids found").toBeTruthy();
  // The demo has no batch on B's product: B's helper makes one (as B may), so the diary is attacked too.
  const batchesUrl = `/producer/${helped}/products/${helpedProduct}/batches`;
  const batchLink = new RegExp(`/products/${helpedProduct}/batches/([0-9a-f-]{36})`);
  let helpedBatch = batchLink.exec(
    await (await http(helper.request, "GET", batchesUrl, { cookie: helper.cookie })).text(),
  )?.[1];
  if (!helpedBatch) {
    const created = await http(helper.request, "POST", batchesUrl, {
      cookie: helper.cookie,
      form: { lotNumber: "SEC2026-01" },
    });
    expect(created.status(), "B's helper creates a batch").toBe(302);
    helpedBatch = batchLink.exec(locationOf(created))?.[1];
  }
  expect(helpedBatch, "a batch of B's product").toBeTruthy();
  return {
    own: own!,
    ownProduct: ownProduct!,
    helped: helped!,
    helpedProduct: helpedProduct!,
    helpedBatch: helpedBatch!,
  };
}

/** B's workspace as its helper sees it: what a successful attack would have changed. */
async function helpedPages(helper: Session, ids: Ids): Promise<Record<string, string>> {
  const base = `/producer/${ids.helped}`;
  const product = `${base}/products/${ids.helpedProduct}`;
  const paths = [
    base,
    `${base}/profile`,
    product,
    `${product}/photos`,
    `${product}/certificates`,
    `${product}/batches`,
  ];
  paths.push(`${product}/batches/${ids.helpedBatch}`);
  const pages: Record<string, string> = {};
  for (const path of paths) {
    const response = await http(helper.request, "GET", path, { cookie: helper.cookie });
    expect(response.status(), path).toBe(200);
    pages[path] = await textOf(response);
  }
  return pages;
}

const PRODUCT_FORM = { name: "Đã bị chiếm", ocopGroup: "FOOD", unit: "gói", priceVnd: "1000", stock: "0" };

async function multipart(
  session: Session,
  baseURL: string,
  url: string,
  fields: Record<string, string>,
  file: { field: string; name: string; type: string; bytes: Buffer },
): Promise<APIResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const response = await session.request.fetch(url, {
    method: "POST",
    multipart: form,
    headers: { Cookie: session.cookie, Origin: new URL(baseURL).origin },
    maxRedirects: 0,
  });
  expect(response.status(), `POST ${url} must never answer 5xx`).toBeLessThan(500);
  return response;
}

// A 1 × 1 JPEG: valid, so a refusal can only come from access control.
const TINY_JPEG = Buffer.from(
  "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9",
  "hex",
);

test("the demo producer cannot write to the helped producer's business, by URL or by id", async ({
  sessions,
  baseURL,
}) => {
  const producer = await sessions.of("PRODUCER");
  const helper = await sessions.of("HELPER");
  const ids = await findIds(producer, helper);
  const before = await helpedPages(helper, ids);

  const theirs = `/producer/${ids.helped}`;
  const theirProduct = `${theirs}/products/${ids.helpedProduct}`;
  // B's product under A's own producer id: A passes the producer check, then finds nothing.
  const swapped = `/producer/${ids.own}/products/${ids.helpedProduct}`;
  const forms: [string, string, Record<string, string>, number][] = [
    ["profile", `${theirs}/profile`, { kind: "COMPANY", name: "Đã bị chiếm", communeCode: "24670" }, 403],
    ["new product", `${theirs}/products/new`, PRODUCT_FORM, 403],
    ["product save", theirProduct, PRODUCT_FORM, 403],
    ["product withdraw", theirProduct, { intent: "withdraw", confirm: "yes" }, 403],
    ["product save, own URL", swapped, PRODUCT_FORM, 404],
    ["batch", `${theirProduct}/batches`, { lotNumber: "CHIEM-01" }, 403],
    ["batch, own URL", `${swapped}/batches`, { lotNumber: "CHIEM-01" }, 404],
    [
      "certificate",
      `${theirProduct}/certificates`,
      { intent: "create", kind: "VIETGAP", number: "1/CHIEM", issuer: "X", issuedOn: "2026-01-15" },
      403,
    ],
    [
      "certificate, own URL",
      `${swapped}/certificates`,
      { intent: "create", kind: "VIETGAP", number: "1/CHIEM", issuer: "X", issuedOn: "2026-01-15" },
      404,
    ],
    ["members", `${theirs}/members`, { intent: "add", identifier: "chiem@example.vn", owner: "on" }, 403],
    ["helpers", `${theirs}/helpers`, { intent: "claim-code" }, 403],
    ["autosave", `${theirs}/products/draft`, { productId: ids.helpedProduct, name: "Đã bị chiếm" }, 403],
    [
      "autosave, own URL",
      `/producer/${ids.own}/products/draft`,
      { productId: ids.helpedProduct, name: "Đã bị chiếm" },
      404,
    ],
  ];
  const event = { kind: "SHIPPING", occurredAt: "2026-11-20T08:00", note: "Đã bị chiếm" };
  forms.push(["diary event", `${theirProduct}/batches/${ids.helpedBatch}`, event, 403]);
  forms.push(["diary event, own URL", `${swapped}/batches/${ids.helpedBatch}`, event, 404]);
  for (const [what, url, form, status] of forms) {
    const response = await http(producer.request, "POST", url, { cookie: producer.cookie, form });
    expect(response.status(), what).toBe(status);
    if ((response.headers()["content-type"] ?? "").includes("text/html"))
      expect(await textOf(response), what).toContain(
        status === 403 ? vi.errors.forbiddenTitle : vi.errors.notFoundTitle,
      );
  }

  const photo = { field: "photos", name: "chiem.jpg", type: "image/jpeg", bytes: TINY_JPEG };
  const uploads: [string, string, Record<string, string>, typeof photo, number][] = [
    ["photos", `${theirProduct}/photos`, { intent: "upload" }, photo, 403],
    ["photos, own URL", `${swapped}/photos`, { intent: "upload" }, photo, 404],
    ["diary photo", `${theirProduct}/batches/${ids.helpedBatch}`, event, { ...photo, field: "photo" }, 403],
    ["logo", `${theirs}/profile`, { intent: "logo" }, { ...photo, field: "logo" }, 403],
    [
      "certificate scan",
      `${theirProduct}/certificates`,
      { intent: "create", kind: "VIETGAP", number: "2/CHIEM", issuer: "X", issuedOn: "2026-01-15" },
      { ...photo, field: "document" },
      403,
    ],
    [
      "import",
      `${theirs}/import`,
      {},
      { field: "file", name: "sp.csv", type: "text/csv", bytes: Buffer.from("Tên;Nhóm\nĐã bị chiếm;FOOD\n") },
      403,
    ],
  ];
  for (const [what, url, fields, file, status] of uploads) {
    const response = await multipart(producer, baseURL!, url, fields, file);
    expect(response.status(), what).toBe(status);
  }

  expect(await helpedPages(helper, ids)).toEqual(before);
});
