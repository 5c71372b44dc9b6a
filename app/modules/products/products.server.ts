import type { ProductStatus } from "~/generated/prisma/enums";
import { prisma } from "~/utils/db.server";

const cardSelect = {
  id: true,
  slug: true,
  name: true,
  priceVnd: true,
  unit: true,
  ocopStars: true,
  producer: { select: { name: true, province: { select: { name: true } } } },
  photos: {
    select: { hash: true, width: true, height: true, placeholder: true, alt: true },
    orderBy: { position: "asc" },
    take: 1,
  },
} as const;

/** Approved products for the home page, OCOP stars first. */
export function listFeaturedProducts(take = 12) {
  return prisma.product.findMany({
    where: { listedAt: { not: null } },
    select: cardSelect,
    orderBy: [{ ocopStars: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take,
  });
}

export function countApprovedProducts() {
  return prisma.product.count({ where: { listedAt: { not: null } } });
}

export async function countProductsByStatusInProvince(provinceCode: string) {
  const groups = await prisma.product.groupBy({
    by: ["status"],
    where: { producer: { provinceCode } },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all])) as Partial<
    Record<ProductStatus, number>
  >;
}
