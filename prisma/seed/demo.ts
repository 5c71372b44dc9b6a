// Demo data: one account per role, six producers across the country, 16 products with generated
// photos. Idempotent: every record is keyed on a natural key (user email, producer slug, product
// slug, photo (productId, hash)) and only created when missing; existing records are left as they
// are, so a second run writes nothing. To start over, delete the database (rm -rf data).
import { access } from "node:fs/promises";
import path from "node:path";
import type { OcopGroup, ProducerKind, ProductStatus, Role, User } from "~/generated/prisma/client";
import { storeProductImage } from "~/modules/photos/variants.server";
import { VARIANT_FORMATS, variantWidths } from "~/modules/photos/urls";
import { env } from "~/utils/env.server";
import { addMember, createProducer, createProduct, createUser, type Db } from "./factories";
import { isValidGtin } from "~/modules/products/gtin";
import type { ProducerAccess } from "~/modules/producers/access.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { seedBatch, seedCertificates } from "./traceability";
import { isValidTaxCode } from "~/modules/producers/tax-code";

/** Shared by every demo account: long, not a common password, easy to type on a phone. */
export const DEMO_PASSWORD = "Ocop-Demo@2026!";

export interface DemoAccount {
  role: Role;
  name: string;
  email: string;
  phone?: string;
  password: string;
  provinceCode?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    role: "PRODUCER",
    name: "Nguyễn Văn Thành",
    email: "producer@demo.ocop.vn",
    phone: "0912345678",
    password: DEMO_PASSWORD,
  },
  { role: "HELPER", name: "Trần Thị Mai", email: "helper@demo.ocop.vn", password: DEMO_PASSWORD },
  {
    role: "OFFICIAL",
    name: "Lê Hoàng Nam",
    email: "official@demo.ocop.vn",
    password: DEMO_PASSWORD,
    provinceCode: "68",
  },
  {
    role: "OFFICIAL",
    name: "Vũ Thị Lan",
    email: "official2@demo.ocop.vn",
    password: DEMO_PASSWORD,
    provinceCode: "68",
  },
  { role: "OPERATOR", name: "Phạm Minh Tuấn", email: "operator@demo.ocop.vn", password: DEMO_PASSWORD },
  { role: "BUYER", name: "Hoàng Thu Hà", email: "buyer@demo.ocop.vn", password: DEMO_PASSWORD },
  { role: "ADMIN", name: "Đỗ Quang Huy", email: "admin@demo.ocop.vn", password: DEMO_PASSWORD },
];

interface DemoProducer {
  slug: string;
  kind: ProducerKind;
  name: string;
  taxCode: string;
  provinceCode: string;
  communeCode: string;
  street: string;
  description: string;
  /** Demo account (by role) that owns this producer. */
  owner?: Role;
  /** Onboarded by the demo helper, under a recorded consent, and not yet claimed by the producer. */
  assistedBy?: { grantedByName: string };
}

export const DEMO_PRODUCERS: readonly DemoProducer[] = [
  {
    slug: "htx-ca-phe-dak-mil",
    kind: "COOPERATIVE",
    name: "Hợp tác xã Nông nghiệp Cà phê Đắk Mil",
    taxCode: "5800451233",
    provinceCode: "68",
    communeCode: "24670", // xã Đắk Mil, Lâm Đồng
    street: "Thôn Đức Lập",
    description:
      "Hợp tác xã gồm 46 hộ thành viên canh tác cà phê Robusta trên đất đỏ bazan ở độ cao 700 m. " +
      "Thu hái quả chín trên 90%, phơi trên giàn, rang mộc không tẩm ướp, ghi nhật ký canh tác đầy đủ.",
    owner: "PRODUCER",
  },
  {
    slug: "hkd-sau-rieng-ut-hien-long-khanh",
    kind: "HOUSEHOLD_BUSINESS",
    name: "Hộ kinh doanh Vườn sầu riêng Út Hiền",
    taxCode: "3602187343",
    provinceCode: "75",
    communeCode: "26080", // phường Long Khánh, Đồng Nai
    street: "Ấp Suối Chồn",
    description:
      "Vườn sầu riêng và chôm chôm 4,5 ha của gia đình chị Út Hiền, canh tác theo VietGAP, " +
      "có mã số vùng trồng. Trái được cắt đúng độ già, giao trong ngày.",
  },
  {
    slug: "htx-nong-san-trung-khanh",
    kind: "COOPERATIVE",
    name: "Hợp tác xã Nông sản Trùng Khánh",
    taxCode: "4800312566",
    provinceCode: "04",
    communeCode: "01477", // xã Trùng Khánh, Cao Bằng
    street: "Xóm Pác Rằng",
    description:
      "Hợp tác xã của đồng bào Tày, Nùng vùng biên giới Cao Bằng, sản xuất trà xanh từ những đồi chè " +
      "trung du và hạt dẻ Trùng Khánh, đặc sản chỉ dẫn địa lý của tỉnh.",
  },
  {
    slug: "nuoc-mam-hong-phuc-phu-quoc",
    kind: "COMPANY",
    name: "Công ty TNHH Nước mắm Hồng Phúc Phú Quốc",
    taxCode: "1700943185",
    provinceCode: "91",
    communeCode: "31078", // đặc khu Phú Quốc, An Giang
    street: "Khu phố 7, Dương Đông",
    description:
      "Nhà thùng ba thế hệ ủ chượp cá cơm than với muối biển trong thùng gỗ bời lời 12 tháng, " +
      "không chất bảo quản, không chất điều vị.",
  },
  {
    slug: "htx-mat-ong-bac-ha-meo-vac",
    assistedBy: { grantedByName: "Giàng Seo Phử" },
    kind: "COOPERATIVE",
    name: "Hợp tác xã Mật ong bạc hà Mèo Vạc",
    taxCode: "5100273458",
    provinceCode: "08",
    communeCode: "00769", // xã Mèo Vạc, Tuyên Quang
    street: "Thôn Chúng Pả",
    description:
      "Đàn ong nội của 60 hộ người Mông trên cao nguyên đá, lấy mật từ hoa bạc hà dại mùa đông. " +
      "Mật được quay và lọc tại chỗ, đóng chai thủy tinh.",
  },
  {
    slug: "tht-gom-men-lam-bat-trang",
    kind: "COOPERATIVE_GROUP",
    name: "Tổ hợp tác Gốm men lam Bát Tràng",
    taxCode: "0107295645",
    provinceCode: "01",
    communeCode: "00577", // xã Bát Tràng, Hà Nội
    street: "Xóm 3",
    description:
      "Tổ hợp tác của năm lò gốm gia đình, vẽ tay men lam và men rạn theo lối cổ truyền, " +
      "nung lò ga ở 1.250 °C.",
  },
];

interface DemoProduct {
  producer: string; // producer slug
  slug: string;
  name: string;
  ocopGroup: OcopGroup;
  ocopStars: number | null;
  unit: string;
  /** Packed, as a carrier bills it: postmart.vn and voso.vn take no product without one. */
  weightGrams: number;
  priceVnd: number;
  stock: number;
  status: ProductStatus;
  gtin?: string;
  description: string;
  /** Generated photos (1–3): the first is the cover. */
  photos: 1 | 2 | 3;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    producer: "htx-ca-phe-dak-mil",
    slug: "ca-phe-robusta-rang-moc-dak-mil",
    name: "Cà phê Robusta rang mộc Đắk Mil",
    ocopGroup: "BEVERAGE",
    ocopStars: 4,
    unit: "gói 500 g",
    weightGrams: 520,
    priceVnd: 185_000,
    stock: 240,
    status: "APPROVED",
    gtin: "8938512000015",
    description:
      "100% Robusta chín cây, rang mộc vừa, hậu vị sô-cô-la đắng. Hạt nguyên hoặc xay theo yêu cầu " +
      "(phin, pha máy). Túi van một chiều giữ hương 6 tháng.",
    photos: 3,
  },
  {
    producer: "htx-ca-phe-dak-mil",
    slug: "ca-phe-hat-robusta-honey-dak-mil",
    name: "Cà phê hạt Robusta Honey Đắk Mil",
    ocopGroup: "BEVERAGE",
    ocopStars: 3,
    unit: "gói 250 g",
    weightGrams: 265,
    priceVnd: 135_000,
    stock: 120,
    status: "APPROVED",
    description: "Sơ chế honey: phơi cả lớp nhớt quả, vị ngọt tự nhiên, chua nhẹ. Rang vừa, hạt nguyên.",
    photos: 2,
  },
  {
    producer: "htx-ca-phe-dak-mil",
    slug: "hat-mac-ca-say-nut-vo-dak-mil",
    name: "Hạt mắc ca sấy nứt vỏ Đắk Mil",
    ocopGroup: "FOOD",
    ocopStars: 3,
    unit: "hũ 500 g",
    weightGrams: 650,
    priceVnd: 210_000,
    stock: 90,
    status: "APPROVED",
    description: "Mắc ca trồng xen trong vườn cà phê, sấy lạnh, nứt vỏ sẵn, kèm dụng cụ tách vỏ.",
    photos: 1,
  },
  {
    producer: "htx-ca-phe-dak-mil",
    slug: "ca-phe-phin-giay-dak-mil",
    name: "Cà phê phin giấy Đắk Mil",
    ocopGroup: "BEVERAGE",
    ocopStars: null,
    unit: "hộp 10 gói",
    weightGrams: 180,
    priceVnd: 95_000,
    stock: 0,
    status: "DRAFT",
    description: "Cà phê xay sẵn đóng trong phin giấy dùng một lần, tiện mang theo.",
    photos: 1,
  },
  {
    producer: "htx-ca-phe-dak-mil",
    slug: "hat-mac-ca-say-dak-mil",
    name: "Hạt mắc ca sấy nứt vỏ Đắk Mil",
    ocopGroup: "FOOD",
    ocopStars: null,
    unit: "hũ 500 g",
    weightGrams: 650,
    priceVnd: 210_000,
    stock: 120,
    status: "SUBMITTED",
    description:
      "Mắc ca trồng xen trong vườn cà phê của hợp tác xã, sấy lạnh 48 giờ, tách nứt sẵn, kèm dụng cụ mở.",
    photos: 1,
  },
  {
    producer: "htx-ca-phe-dak-mil",
    slug: "ho-tieu-den-dak-mil",
    name: "Hồ tiêu đen Đắk Mil",
    ocopGroup: "FOOD",
    ocopStars: null,
    unit: "gói 250 g",
    weightGrams: 265,
    priceVnd: 75_000,
    stock: 300,
    status: "SUBMITTED",
    description:
      "Tiêu đen hạt chắc, phơi nắng tự nhiên, sàng sạch tạp chất, cay thơm đặc trưng đất đỏ bazan.",
    photos: 1,
  },
  {
    producer: "hkd-sau-rieng-ut-hien-long-khanh",
    slug: "sau-rieng-ri6-long-khanh",
    name: "Sầu riêng Ri6 Long Khánh",
    ocopGroup: "FOOD",
    ocopStars: 3,
    unit: "kg",
    weightGrams: 1_000,
    priceVnd: 95_000,
    stock: 500,
    status: "APPROVED",
    description: "Cơm vàng, ráo, hạt lép, vị béo ngọt. Trái 2,5–4 kg, cắt già, chín tự nhiên.",
    photos: 2,
  },
  {
    producer: "hkd-sau-rieng-ut-hien-long-khanh",
    slug: "chom-chom-java-long-khanh",
    name: "Chôm chôm Java Long Khánh",
    ocopGroup: "FOOD",
    ocopStars: null,
    unit: "kg",
    weightGrams: 1_000,
    priceVnd: 35_000,
    stock: 800,
    status: "APPROVED",
    description: "Chôm chôm Java cùi dày, tróc hạt, giòn ngọt. Hái buổi sáng, giao trong ngày.",
    photos: 1,
  },
  {
    producer: "hkd-sau-rieng-ut-hien-long-khanh",
    slug: "sau-rieng-ri6-say-thang-hoa",
    name: "Sầu riêng Ri6 sấy thăng hoa",
    ocopGroup: "FOOD",
    ocopStars: null,
    unit: "hộp 100 g",
    weightGrams: 180,
    priceVnd: 145_000,
    stock: 60,
    status: "SUBMITTED",
    description: "Múi sầu riêng Ri6 sấy đông khô, giòn xốp, giữ nguyên hương vị, không đường.",
    photos: 1,
  },
  {
    producer: "htx-nong-san-trung-khanh",
    slug: "tra-xanh-trung-khanh",
    name: "Trà xanh Trùng Khánh",
    ocopGroup: "BEVERAGE",
    ocopStars: 3,
    unit: "gói 200 g",
    weightGrams: 220,
    priceVnd: 120_000,
    stock: 150,
    status: "APPROVED",
    description: "Búp chè một tôm hai lá, sao tay trên chảo gang. Nước xanh vàng, chát dịu, hậu ngọt.",
    photos: 2,
  },
  {
    producer: "htx-nong-san-trung-khanh",
    slug: "hat-de-trung-khanh",
    name: "Hạt dẻ Trùng Khánh",
    ocopGroup: "FOOD",
    ocopStars: 4,
    unit: "kg",
    weightGrams: 1_020,
    priceVnd: 160_000,
    stock: 300,
    status: "APPROVED",
    description: "Hạt dẻ chỉ dẫn địa lý Trùng Khánh, vỏ nâu bóng, nhân vàng, bùi thơm khi rang hoặc luộc.",
    photos: 2,
  },
  {
    producer: "nuoc-mam-hong-phuc-phu-quoc",
    slug: "nuoc-mam-cot-ca-com-phu-quoc-40-do-dam",
    name: "Nước mắm cốt cá cơm Phú Quốc 40 độ đạm",
    ocopGroup: "FOOD",
    ocopStars: 4,
    unit: "chai 500 ml",
    weightGrams: 850,
    priceVnd: 125_000,
    stock: 300,
    status: "APPROVED",
    gtin: "8936045100035",
    description: "Nước mắm nhĩ kéo lần đầu từ thùng gỗ, 40 độ đạm, màu cánh gián, thơm, hậu ngọt.",
    photos: 2,
  },
  {
    producer: "nuoc-mam-hong-phuc-phu-quoc",
    slug: "tieu-den-phu-quoc",
    name: "Tiêu đen Phú Quốc",
    ocopGroup: "FOOD",
    ocopStars: 3,
    unit: "hũ 100 g",
    weightGrams: 160,
    priceVnd: 65_000,
    stock: 200,
    status: "APPROVED",
    description: "Tiêu hạt chín đỏ trên cây, phơi nắng, cay nồng và thơm đặc trưng đất đảo.",
    photos: 1,
  },
  {
    producer: "htx-mat-ong-bac-ha-meo-vac",
    slug: "mat-ong-bac-ha-meo-vac",
    name: "Mật ong bạc hà Mèo Vạc",
    ocopGroup: "FOOD",
    ocopStars: 4,
    unit: "chai 500 ml",
    weightGrams: 950,
    priceVnd: 350_000,
    stock: 80,
    status: "APPROVED",
    description: "Mật hoa bạc hà dại vụ đông, màu vàng sáng, thơm the nhẹ. Độ ẩm dưới 20%, không pha trộn.",
    photos: 2,
  },
  {
    producer: "htx-mat-ong-bac-ha-meo-vac",
    slug: "tam-that-bac-kho-meo-vac",
    name: "Tam thất bắc khô Mèo Vạc",
    ocopGroup: "HERBAL",
    ocopStars: 3,
    unit: "hộp 200 g",
    weightGrams: 260,
    priceVnd: 450_000,
    stock: 40,
    status: "APPROVED",
    description:
      "Củ tam thất trồng dưới tán rừng trên 3 năm tuổi, thái lát, sấy khô. Dùng hãm trà hoặc tán bột.",
    photos: 1,
  },
  {
    producer: "tht-gom-men-lam-bat-trang",
    slug: "bo-am-chen-men-lam-bat-trang",
    name: "Bộ ấm chén men lam Bát Tràng",
    ocopGroup: "HANDICRAFT",
    ocopStars: 4,
    unit: "bộ (1 ấm, 6 chén)",
    weightGrams: 1_800,
    priceVnd: 650_000,
    stock: 40,
    status: "APPROVED",
    gtin: "8937521000146",
    description: "Gốm sứ vẽ tay hoa văn hoa sen men lam, an toàn thực phẩm, dùng được với nước sôi.",
    photos: 2,
  },
  {
    producer: "tht-gom-men-lam-bat-trang",
    slug: "binh-hoa-men-ran-bat-trang",
    name: "Bình hoa men rạn Bát Tràng",
    ocopGroup: "HANDICRAFT",
    ocopStars: 3,
    unit: "chiếc",
    weightGrams: 2_500,
    priceVnd: 420_000,
    stock: 25,
    status: "APPROVED",
    description: "Bình cao 30 cm, men rạn cổ màu ngà, đắp nổi hoạ tiết rồng mây.",
    photos: 1,
  },
  {
    producer: "tht-gom-men-lam-bat-trang",
    slug: "dia-gom-ve-sen-bat-trang",
    name: "Đĩa gốm vẽ sen Bát Tràng",
    ocopGroup: "HANDICRAFT",
    ocopStars: null,
    unit: "chiếc (đường kính 30 cm)",
    weightGrams: 1_200,
    priceVnd: 280_000,
    stock: 15,
    status: "DRAFT",
    description: "Đĩa treo tường vẽ tay đầm sen, men lam trên nền trắng ngà.",
    photos: 1,
  },
];

// ---------------------------------------------------------------------------------------------
// Generated product photos: an SVG (gradient, shapes, a motif per OCOP group, the product name)
// rendered by sharp. Deterministic: the same product always gives the same pixels and hash.

const PALETTES: Record<OcopGroup, { from: string; to: string; label: string }> = {
  FOOD: { from: "#7c2d12", to: "#f59e0b", label: "THỰC PHẨM" },
  BEVERAGE: { from: "#14532d", to: "#a3b836", label: "ĐỒ UỐNG" },
  HERBAL: { from: "#134e4a", to: "#2dd4bf", label: "THẢO DƯỢC" },
  HANDICRAFT: { from: "#1e3a8a", to: "#60a5fa", label: "THỦ CÔNG MỸ NGHỆ" },
  ORNAMENTAL: { from: "#701a75", to: "#f0abfc", label: "SINH VẬT CẢNH" },
  TOURISM: { from: "#0c4a6e", to: "#38bdf8", label: "DU LỊCH" },
};

const MOTIFS: Record<OcopGroup, string> = {
  // A cup with steam.
  BEVERAGE: `<path d="M-150 -40 h300 v120 a150 150 0 0 1 -300 0 z"/><path d="M150 0 a70 70 0 0 1 0 140" fill="none" stroke="#fff" stroke-width="28"/>
    <path d="M-70 -90 c-40 -50 40 -80 0 -140 M10 -90 c-40 -50 40 -80 0 -140 M90 -90 c-40 -50 40 -80 0 -140" fill="none" stroke="#fff" stroke-width="22" stroke-linecap="round"/>`,
  // Two leaves.
  FOOD: `<path d="M0 160 C -220 40 -160 -200 60 -220 C 140 -40 120 80 0 160 z"/><path d="M20 170 C 200 120 260 -40 180 -120 C 60 -60 20 40 20 170 z" opacity="0.7"/>`,
  // Leaves on a stem.
  HERBAL: `<path d="M0 200 V-200" stroke="#fff" stroke-width="18" fill="none"/><ellipse cx="-70" cy="-80" rx="70" ry="30" transform="rotate(-30 -70 -80)"/>
    <ellipse cx="70" cy="-10" rx="70" ry="30" transform="rotate(30 70 -10)"/><ellipse cx="-70" cy="70" rx="70" ry="30" transform="rotate(-30 -70 70)"/>`,
  // A vase.
  HANDICRAFT: `<path d="M-60 -220 h120 v40 c0 40 120 80 120 200 c0 110 -80 160 -100 180 h-160 c-20 -20 -100 -70 -100 -180 c0 -120 120 -160 120 -200 z"/>`,
  ORNAMENTAL: `<circle r="90"/><circle cx="-120" cy="-60" r="70"/><circle cx="120" cy="-60" r="70"/><path d="M0 80 V240" stroke="#fff" stroke-width="20"/>`,
  TOURISM: `<path d="M-240 160 L-60 -160 L60 40 L120 -40 L260 160 z"/>`,
};

const CAPTIONS = ["", "Tại nơi sản xuất", "Đóng gói & tem truy xuất"];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small deterministic PRNG (mulberry32) seeded from a string. */
function prng(seed: string): () => number {
  let a = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Greedy word wrap using an average glyph width (DejaVu Sans Bold is about 0.62 em). */
function wrap(text: string, fontSize: number, maxWidth: number): string[] {
  const maxChars = Math.floor(maxWidth / (fontSize * 0.62));
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface PhotoArtInput {
  name: string;
  ocopGroup: OcopGroup;
  ocopStars: number | null;
  producerName: string;
  place: string;
  index: number;
  /** Output size in px; the drawing is 1600×1200 units, scaled (default 1600×1200). */
  width?: number;
}

/** The SVG of a 4:3 product picture. */
export function productPhotoSvg(input: PhotoArtInput): string {
  const W = 1600;
  const H = 1200;
  const outWidth = input.width ?? W;
  const palette = PALETTES[input.ocopGroup];
  const random = prng(`${input.name}#${input.index}`);
  const mirrored = input.index % 2 === 1;

  const bubbles = Array.from({ length: 7 }, () => {
    const r = 60 + random() * 260;
    return `<circle cx="${(random() * W).toFixed(0)}" cy="${(random() * H).toFixed(0)}" r="${r.toFixed(0)}" fill="#fff" fill-opacity="${(0.04 + random() * 0.09).toFixed(2)}"/>`;
  }).join("");

  let fontSize = 128;
  let lines = wrap(input.name, fontSize, 1380);
  while (lines.length > 3 && fontSize > 72) {
    fontSize -= 8;
    lines = wrap(input.name, fontSize, 1380);
  }
  const caption = CAPTIONS[input.index] ?? "";
  const nameTop = 690 - ((lines.length - 1) * fontSize * 1.1) / 2;
  const nameText = lines
    .map((l, i) => `<tspan x="110" y="${(nameTop + i * fontSize * 1.1).toFixed(0)}">${escapeXml(l)}</tspan>`)
    .join("");
  const stars = input.ocopStars ? "★".repeat(input.ocopStars) : "";
  const chipText = `OCOP · ${palette.label}`;
  const chipWidth = 60 + chipText.length * 29;

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${outWidth}" height="${Math.round((outWidth * H) / W)}" viewBox="0 0 ${W} ${H}">
  <defs>
    <linearGradient id="bg" x1="${mirrored ? 1 : 0}" y1="0" x2="${mirrored ? 0 : 1}" y2="1">
      <stop offset="0" stop-color="${palette.from}"/>
      <stop offset="1" stop-color="${palette.to}"/>
    </linearGradient>
    <radialGradient id="glow" cx="${mirrored ? 0.25 : 0.78}" cy="0.28" r="0.55">
      <stop offset="0" stop-color="#fff" stop-opacity="0.35"/>
      <stop offset="1" stop-color="#fff" stop-opacity="0"/>
    </radialGradient>
    <filter id="shadow" x="-10%" y="-10%" width="120%" height="130%">
      <feDropShadow dx="0" dy="6" stdDeviation="8" flood-color="#000" flood-opacity="0.35"/>
    </filter>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#bg)"/>
  <rect width="${W}" height="${H}" fill="url(#glow)"/>
  ${bubbles}
  <path d="M0 ${H - 220} C 400 ${H - 330} 800 ${H - 120} ${W} ${H - 260} V ${H} H 0 z" fill="#000" fill-opacity="0.18"/>
  <g transform="translate(${mirrored ? 1250 : 1280} 300) scale(${mirrored ? 0.9 : 1})" fill="#fff" fill-opacity="0.9" opacity="0.3">${MOTIFS[input.ocopGroup]}</g>
  <g font-family="sans-serif" fill="#fff">
    <rect x="110" y="100" width="${chipWidth}" height="76" rx="38" fill="#000" fill-opacity="0.25"/>
    <text x="${110 + chipWidth / 2}" y="152" font-size="40" font-weight="700" text-anchor="middle" letter-spacing="2">${escapeXml(chipText)}</text>
    ${stars ? `<text x="${110 + chipWidth + 30}" y="156" font-size="60" fill="#fcd34d">${stars}</text>` : ""}
    ${caption ? `<text x="110" y="${(nameTop - fontSize - 10).toFixed(0)}" font-size="52" font-weight="600" fill-opacity="0.9">${escapeXml(caption)}</text>` : ""}
    <text font-size="${fontSize}" font-weight="700" filter="url(#shadow)">${nameText}</text>
    <text x="110" y="${H - 130}" font-size="46" font-weight="600">${escapeXml(input.producerName)}</text>
    <text x="110" y="${H - 70}" font-size="38" fill-opacity="0.85">${escapeXml(input.place)}</text>
  </g>
</svg>`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

// ---------------------------------------------------------------------------------------------

export interface SeedDemoOptions {
  /** Where photo variants go; defaults to env().MEDIA_DIR. */
  mediaDir?: string;
  /** Progress lines (none by default). */
  log?: (line: string) => void;
  /** Width of the generated pictures (4:3), default 1600. Tests pass a small one to save time. */
  photoWidth?: number;
  /** AVIF effort for the generated pictures (flat art compresses well even at low effort). */
  avifEffort?: number;
}

export interface SeedDemoResult {
  /** Records created by this run (all zero when the demo data was already there). */
  created: {
    users: number;
    producers: number;
    members: number;
    products: number;
    photos: number;
    certificates: number;
    batches: number;
  };
}

/** Seeds the demo data. Needs the administrative units (seedAdminUnits) to be loaded first. */
export async function seedDemo(db: Db, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const mediaDir = path.resolve(opts.mediaDir ?? env().MEDIA_DIR);
  const log = opts.log ?? (() => undefined);
  const { photoWidth = 1600, avifEffort = 2 } = opts;
  const created = { users: 0, producers: 0, members: 0, products: 0, photos: 0, certificates: 0, batches: 0 };

  // Users. Hashing (argon2) is slow, so it only happens for accounts that do not exist yet.
  const users = new Map<Role, User>();
  await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => {
      let user = await db.user.findUnique({ where: { email: account.email } });
      if (!user) {
        user = await createUser(db, account);
        created.users++;
      }
      // Two demo officials share a role; either may stand for it below.
      if (!users.has(account.role)) users.set(account.role, user);
    }),
  );

  // Producers and their owners.
  const producers = new Map<string, { id: string; name: string; place: string }>();
  for (const spec of DEMO_PRODUCERS) {
    if (!isValidTaxCode(spec.taxCode)) throw new Error(`Demo tax code ${spec.taxCode} is invalid`);
    let producer = await db.producer.findUnique({ where: { slug: spec.slug } });
    if (!producer) {
      producer = await createProducer(db, {
        slug: spec.slug,
        kind: spec.kind,
        name: spec.name,
        taxCode: spec.taxCode,
        provinceCode: spec.provinceCode,
        communeCode: spec.communeCode,
        street: spec.street,
        description: spec.description,
      });
      created.producers++;
    }
    const owner = spec.owner && users.get(spec.owner);
    if (owner) {
      const membership = await db.producerMember.findUnique({
        where: { producerId_userId: { producerId: producer.id, userId: owner.id } },
      });
      if (!membership) {
        await addMember(db, producer.id, owner.id, true);
        created.members++;
      }
    }
    const helper = users.get("HELPER");
    if (spec.assistedBy && helper) {
      const consent = await db.consent.findFirst({ where: { producerId: producer.id, helperId: helper.id } });
      if (!consent) {
        await db.consent.create({
          data: {
            producerId: producer.id,
            helperId: helper.id,
            grantedByName: spec.assistedBy.grantedByName,
            method: "PAPER_SIGNED",
            scope: ["PROFILE", "PRODUCTS", "PHOTOS", "CERTIFICATES", "BATCHES"],
          },
        });
        await db.producer.update({ where: { id: producer.id }, data: { onboardedById: helper.id } });
      }
    }
    const commune = await db.commune.findUniqueOrThrow({
      where: { code: producer.communeCode },
      include: { province: true },
    });
    producers.set(spec.slug, {
      id: producer.id,
      name: producer.name,
      place: `${capitalise(commune.type)} ${commune.name}, ${commune.province.name}`,
    });
  }

  // Products.
  const products: { spec: DemoProduct; id: string; producer: { name: string; place: string } }[] = [];
  for (const spec of DEMO_PRODUCTS) {
    if (spec.gtin && !isValidGtin(spec.gtin)) throw new Error(`Demo GTIN ${spec.gtin} is invalid`);
    const producer = producers.get(spec.producer);
    if (!producer) throw new Error(`Unknown demo producer ${spec.producer}`);
    let product = await db.product.findUnique({ where: { slug: spec.slug } });
    if (!product) {
      product = await createProduct(db, {
        producerId: producer.id,
        slug: spec.slug,
        name: spec.name,
        description: spec.description,
        ocopGroup: spec.ocopGroup,
        ocopStars: spec.ocopStars,
        unit: spec.unit,
        priceVnd: spec.priceVnd,
        stock: spec.stock,
        gtin: spec.gtin ?? null,
        status: spec.status,
      });
      // The factory takes no weight.
      await db.product.update({ where: { id: product.id }, data: { weightGrams: spec.weightGrams } });
      created.products++;
    }
    products.push({ spec, id: product.id, producer });
  }

  // Photos: skipped when the product has all its photos and their files are on disk; otherwise
  // rendered (deterministically) and stored, which also restores deleted variant files.
  await eachLimit(products, 2, async ({ spec, id, producer }) => {
    const existing = await db.productPhoto.findMany({
      where: { productId: id },
      orderBy: { position: "asc" },
    });
    const filesPresent = async () => {
      for (const photo of existing) {
        for (const w of variantWidths(photo.width)) {
          for (const ext of VARIANT_FORMATS) {
            if (!(await exists(path.join(mediaDir, `${photo.hash}-${w}.${ext}`)))) return false;
          }
        }
      }
      return true;
    };
    if (existing.length >= spec.photos && (await filesPresent())) return;

    for (let index = 0; index < spec.photos; index++) {
      const svg = productPhotoSvg({
        name: spec.name,
        ocopGroup: spec.ocopGroup,
        ocopStars: spec.ocopStars,
        producerName: producer.name,
        place: producer.place,
        index,
        width: photoWidth,
      });
      const stored = await storeProductImage(Buffer.from(svg), { mediaDir, avifEffort });
      // Keyed on (productId, hash). A slot already holding another picture (e.g. rendered with
      // other fonts on another machine) is left alone rather than doubled.
      if (existing.some((p) => p.hash === stored.hash || p.position === index)) continue;
      await db.productPhoto.create({
        data: {
          productId: id,
          ...stored,
          position: index,
          alt: index === 0 ? spec.name : `${spec.name} – ${CAPTIONS[index]}`,
        },
      });
      created.photos++;
    }
    log(`photos: ${spec.name}`);
  });

  // Certificates and a batch go through the app's own modules, acting as the producer's owner (or
  // its helper, or else the admin, for producers nobody has claimed).
  const actingFor = async (producerId: string): Promise<ProducerAccess> => {
    const producer = await db.producer.findUniqueOrThrow({
      where: { id: producerId },
      select: {
        id: true,
        name: true,
        slug: true,
        provinceCode: true,
        communeCode: true,
        members: { select: { userId: true } },
        consents: { select: { helperId: true } },
      },
    });
    const helperId = producer.consents[0]?.helperId;
    const userId = producer.members[0]?.userId ?? helperId ?? users.get("ADMIN")!.id;
    const user = await db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, name: true, role: true, provinceCode: true, locale: true },
    });
    const { members: _m, consents: _c, ...rest } = producer;
    return { user, producer: rest, viaHelper: !producer.members.length && userId === helperId };
  };
  created.certificates = await seedCertificates(db as PrismaClient, actingFor);
  created.batches = await seedBatch(db as PrismaClient, actingFor);

  return { created };
}
