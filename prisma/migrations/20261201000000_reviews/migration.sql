-- CreateEnum
CREATE TYPE "SuspensionCause" AS ENUM ('CERTIFICATE_EXPIRED', 'CERTIFICATE_REVOKED', 'OFFICIAL');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('CLAIMED', 'RELEASED', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'SUSPENDED', 'REINSTATED');

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "listedAt" TIMESTAMPTZ(3),
ADD COLUMN     "revision" JSONB,
ADD COLUMN     "reviewerId" UUID,
ADD COLUMN     "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "suspensionCause" "SuspensionCause";

-- CreateTable
CREATE TABLE "ProductReview" (
    "id" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "reviewerId" UUID,
    "decision" "ReviewDecision" NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '{}',
    "checklist" JSONB NOT NULL DEFAULT '{}',
    "snapshot" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewChecklistItem" (
    "id" UUID NOT NULL,
    "labelVi" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewChecklistItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "link" TEXT,
    "readAt" TIMESTAMPTZ(3),
    "emailPending" BOOLEAN NOT NULL DEFAULT false,
    "emailedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateNotice" (
    "certificateId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateNotice_pkey" PRIMARY KEY ("certificateId","kind")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorRole" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "provinceCode" VARCHAR(2),
    "beforeHash" VARCHAR(64),
    "afterHash" VARCHAR(64),
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "requestId" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Product_reviewerId_idx" ON "Product"("reviewerId");

-- CreateIndex
CREATE INDEX "ProductReview_productId_createdAt_idx" ON "ProductReview"("productId", "createdAt");

-- CreateIndex
CREATE INDEX "ProductReview_reviewerId_idx" ON "ProductReview"("reviewerId");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_emailPending_idx" ON "Notification"("emailPending");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_idx" ON "AuditLog"("actorId");

-- CreateIndex
CREATE INDEX "AuditLog_provinceCode_at_idx" ON "AuditLog"("provinceCode", "at");

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductReview" ADD CONSTRAINT "ProductReview_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateNotice" ADD CONSTRAINT "CertificateNotice_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is evidence: no one, not even the application, may change or remove a record.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

-- TRUNCATE bypasses row triggers, so refuse it separately.
CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();

-- What the trade department checks on every dossier; admins edit the list afterwards.
INSERT INTO "ReviewChecklistItem" ("id", "labelVi", "labelEn", "position") VALUES
  (gen_random_uuid(), 'Ảnh chụp đúng sản phẩm thật, rõ nét', 'Photos show the real product, clearly', 0),
  (gen_random_uuid(), 'Số quyết định / số chứng nhận đã đối chiếu với cơ quan cấp', 'Certificate or decision number verified with the issuer', 1),
  (gen_random_uuid(), 'Tên, quy cách, thành phần khớp với nhãn sản phẩm', 'Name, pack size and ingredients match the label', 2),
  (gen_random_uuid(), 'Nguồn gốc, vùng trồng ghi rõ', 'Origin and growing area are stated', 3),
  (gen_random_uuid(), 'Giá bán hợp lý, có đơn vị tính', 'Price is reasonable and has a unit', 4);
