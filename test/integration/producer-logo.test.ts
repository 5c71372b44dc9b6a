// The producer logo through the profile route: upload (photo pipeline), removal, access control,
// and the change record naming a helper who set it.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { addMember, createProducer, createUser } from "../../prisma/seed/factories";
import { callAction, callLoader, getRequest, ORIGIN } from "../support/routes";
import { tempMediaDirs } from "../support/media";

const dirs = tempMediaDirs("logo");

const { prisma } = await import("~/utils/db.server");
const { createUserSession } = await import("~/utils/session.server");
const profile = await import("~/routes/producer/profile");
const layout = await import("~/routes/producer/layout");

type ProfileData = Awaited<ReturnType<typeof profile.loader>>;
type LayoutData = Awaited<ReturnType<typeof layout.loader>>;

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function logoImage(n: number): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 600, channels: 3, background: { r: n * 40, g: 160, b: 90 } } })
    .png()
    .toBuffer();
}

let producerId: string;
let owner: string;
let stranger: string;
let helper: string;
let helperId: string;

async function sessionCookie(userId: string): Promise<string> {
  return (await createUserSession(getRequest("/"), userId, false)).split(";")[0]!;
}

const profilePath = () => `/producer/${producerId}/profile`;

function logoRequest(cookie: string, fields: Record<string, string>, logo?: Buffer | string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const part = logo === undefined ? "" : typeof logo === "string" ? logo : (logo as Uint8Array<ArrayBuffer>);
  form.set("logo", new File([part], logo === undefined ? "" : "logo.png", { type: "image/png" }));
  return callAction(
    profile.action,
    new Request(ORIGIN + profilePath(), {
      method: "POST",
      body: form,
      headers: { Cookie: cookie, Origin: ORIGIN },
    }),
    { producerId },
  );
}

const logoHash = async () =>
  (await prisma.producer.findUniqueOrThrow({ where: { id: producerId }, select: { logoHash: true } }))
    .logoHash;

beforeAll(async () => {
  await prisma.province.create({ data: { code: "08", name: "Tuyên Quang", type: "tỉnh" } });
  await prisma.commune.create({ data: { code: "00769", name: "Mèo Vạc", type: "xã", provinceCode: "08" } });
  producerId = (await createProducer(prisma, { communeCode: "00769", name: "HTX Mật ong Mèo Vạc" })).id;
  const otherId = (await createProducer(prisma, { communeCode: "00769", name: "HTX Khác" })).id;
  const ownerUser = await createUser(prisma, { role: "PRODUCER" });
  const strangerUser = await createUser(prisma, { role: "PRODUCER" });
  const helperUser = await createUser(prisma, { role: "HELPER" });
  helperId = helperUser.id;
  await addMember(prisma, producerId, ownerUser.id, true);
  await addMember(prisma, otherId, strangerUser.id, true);
  await prisma.consent.create({
    data: {
      producerId,
      helperId: helperUser.id,
      grantedByName: "Giàng Seo Phử",
      method: "ON_DEVICE",
      scope: ["profile"],
    },
  });
  owner = await sessionCookie(ownerUser.id);
  stranger = await sessionCookie(strangerUser.id);
  helper = await sessionCookie(helperUser.id);
});

describe("producer logo", () => {
  test("uploading sets logoHash; the 320 px variant exists and is shown on the profile and header", async () => {
    const res = await logoRequest(owner, { intent: "logo" }, await logoImage(1));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(profilePath());
    const hash = await logoHash();
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(filesUnder(dirs.media)).toContain(`${hash}-320.webp`);
    expect(filesUnder(dirs.uploads)).toEqual([]);

    const page = await callLoader(profile.loader, getRequest(profilePath(), owner), { producerId });
    expect((page.data as ProfileData).logoHash).toBe(hash);
    const head = await callLoader(layout.loader, getRequest(`/producer/${producerId}`, owner), {
      producerId,
    });
    expect((head.data as LayoutData).logo).toBe(`/media/${hash}-320.webp`);
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { producerId, action: "logo-updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(change).toMatchObject({ entity: "Producer", entityId: producerId, viaHelper: false });
  });

  test("a refused file keeps the logo and writes nothing", async () => {
    const before = {
      hash: await logoHash(),
      media: filesUnder(dirs.media),
      originals: filesUnder(dirs.originals),
    };
    const res = await logoRequest(owner, { intent: "logo" }, "<html><body>not a logo</body></html>");
    expect(res.status).toBe(415);
    expect((res.data as { logoError: string }).logoError).toContain("không phải ảnh JPEG");
    const empty = await logoRequest(owner, { intent: "logo" });
    expect(empty.status).toBe(400);
    expect({
      hash: await logoHash(),
      media: filesUnder(dirs.media),
      originals: filesUnder(dirs.originals),
    }).toEqual(before);
  });

  test("a member of another producer gets 403 and nothing changes", async () => {
    const before = await logoHash();
    const changes = await prisma.changeRecord.count({ where: { producerId } });
    const media = filesUnder(dirs.media);
    expect((await logoRequest(stranger, { intent: "logo" }, await logoImage(2))).status).toBe(403);
    expect((await logoRequest(stranger, { intent: "logo", remove: "1" })).status).toBe(403);
    expect(await logoHash()).toBe(before);
    expect(await prisma.changeRecord.count({ where: { producerId } })).toBe(changes);
    expect(filesUnder(dirs.media)).toEqual(media);
  });

  test("removing clears it", async () => {
    expect(await logoHash()).not.toBeNull();
    const res = await logoRequest(owner, { intent: "logo", remove: "1" });
    expect(res.status).toBe(302);
    expect(await logoHash()).toBeNull();
    const head = await callLoader(layout.loader, getRequest(`/producer/${producerId}`, owner), {
      producerId,
    });
    expect((head.data as LayoutData).logo).toBeNull();
  });

  test("a helper with consent can set it; the change record says viaHelper", async () => {
    const res = await logoRequest(helper, { intent: "logo" }, await logoImage(3));
    expect(res.status).toBe(302);
    const hash = await logoHash();
    expect(hash).not.toBeNull();
    expect(filesUnder(dirs.media)).toContain(`${hash}-320.webp`);
    const change = await prisma.changeRecord.findFirstOrThrow({
      where: { producerId, action: "logo-updated", actorId: helperId },
    });
    expect(change).toMatchObject({ entity: "Producer", entityId: producerId, viaHelper: true });
    expect(change.summary).toMatchObject({ from: null, to: hash });
  });
});

describe("shared files", () => {
  test("deleting a product photo with the same bytes as the logo keeps the logo's files, original included", async () => {
    const image = await logoImage(5);
    expect((await logoRequest(owner, { intent: "logo" }, image)).status).toBe(302);
    const hash = (await logoHash())!;
    // Originals are named by the SHA-256 of the uploaded bytes.
    const original = `${createHash("sha256").update(image).digest("hex")}.png`;
    expect(filesUnder(dirs.originals)).toContain(original);
    // The same picture used as a product photo, then deleted.
    const { removeUnreferenced } = await import("~/modules/photos/photos.server");
    await removeUnreferenced({ hash, width: 600, originalKey: original });
    expect(filesUnder(dirs.originals)).toContain(original);
    expect(filesUnder(dirs.media)).toContain(`${hash}-320.webp`);
  });
});

describe("replacing a logo", () => {
  test("the old logo's variants and private original are deleted; the new ones stay", async () => {
    const first = await logoImage(6);
    expect((await logoRequest(owner, { intent: "logo" }, first)).status).toBe(302);
    const oldHash = (await logoHash())!;
    const oldOriginal = `${createHash("sha256").update(first).digest("hex")}.png`;
    expect(filesUnder(dirs.originals)).toContain(oldOriginal);

    const second = await logoImage(3);
    expect((await logoRequest(owner, { intent: "logo" }, second)).status).toBe(302);
    const newHash = (await logoHash())!;
    expect(newHash).not.toBe(oldHash);
    expect(filesUnder(dirs.media).filter((f) => f.startsWith(oldHash))).toEqual([]);
    expect(filesUnder(dirs.originals)).not.toContain(oldOriginal);
    expect(filesUnder(dirs.media)).toContain(`${newHash}-320.webp`);

    expect((await logoRequest(owner, { intent: "logo", remove: "1" })).status).toBe(302);
    expect(filesUnder(dirs.media).filter((f) => f.startsWith(newHash))).toEqual([]);
  });
});
