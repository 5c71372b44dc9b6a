-- CreateEnum
CREATE TYPE "CertificateKind" AS ENUM ('OCOP', 'VIETGAP', 'GLOBALGAP', 'ORGANIC', 'PUC', 'PHC');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('ON_DEVICE', 'PAPER_SIGNED', 'VERBAL_WITNESSED');

-- CreateEnum
CREATE TYPE "DiaryEventKind" AS ENUM ('PLANTING', 'FERTILISING', 'SPRAYING', 'HARVESTING', 'PROCESSING', 'PACKING', 'INSPECTING', 'SHIPPING', 'CORRECTION');

-- AlterTable
ALTER TABLE "Producer" ADD COLUMN     "registrationNumber" TEXT,
ADD COLUMN     "representative" TEXT,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "bankName" TEXT,
ADD COLUMN     "bankAccountNumber" TEXT,
ADD COLUMN     "bankAccountName" TEXT,
ADD COLUMN     "logoHash" VARCHAR(64),
ADD COLUMN     "onboardedById" UUID,
ADD COLUMN     "claimedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "sku" TEXT,
ADD COLUMN     "category" TEXT,
ADD COLUMN     "packSize" TEXT,
ADD COLUMN     "minOrder" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "weightGrams" INTEGER,
ADD COLUMN     "lengthMm" INTEGER,
ADD COLUMN     "widthMm" INTEGER,
ADD COLUMN     "heightMm" INTEGER,
ADD COLUMN     "shelfLifeDays" INTEGER,
ADD COLUMN     "storage" TEXT,
ADD COLUMN     "ingredients" TEXT,
ADD COLUMN     "originCommuneCode" VARCHAR(5),
ADD COLUMN     "submittedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ProductPhoto" ADD COLUMN     "originalKey" TEXT;

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "producerId" UUID NOT NULL,
    "helperId" UUID NOT NULL,
    "grantedByName" TEXT NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "scope" TEXT[],
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProducerClaim" (
    "id" UUID NOT NULL,
    "producerId" UUID NOT NULL,
    "codeHash" VARCHAR(64) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "usedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProducerClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeRecord" (
    "id" UUID NOT NULL,
    "producerId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "viaHelper" BOOLEAN NOT NULL DEFAULT false,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "producerId" UUID NOT NULL,
    "productId" UUID,
    "kind" "CertificateKind" NOT NULL,
    "number" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "issuerLevel" TEXT,
    "standard" TEXT,
    "ocopStars" SMALLINT,
    "ocopGroup" "OcopGroup",
    "scoreA" SMALLINT,
    "scoreB" SMALLINT,
    "scoreC" SMALLINT,
    "issuedOn" DATE NOT NULL,
    "expiresOn" DATE,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" TEXT,
    "documentKey" TEXT,
    "documentMime" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Batch" (
    "id" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "lotNumber" VARCHAR(20) NOT NULL,
    "growingAreaCode" TEXT,
    "producedOn" DATE,
    "harvestedOn" DATE,
    "expiresOn" DATE,
    "quantity" DOUBLE PRECISION,
    "uom" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiaryEvent" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "DiaryEventKind" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT,
    "quantity" DOUBLE PRECISION,
    "uom" TEXT,
    "note" TEXT,
    "chemical" TEXT,
    "phiDays" INTEGER,
    "photoHash" VARCHAR(64),
    "recordedById" UUID NOT NULL,
    "actingForProducerId" UUID,
    "correctsSeq" INTEGER,
    "prevHash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiaryEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductDraft" (
    "id" UUID NOT NULL,
    "producerId" UUID NOT NULL,
    "productId" UUID,
    "authorId" UUID NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProductDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "producerId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" VARCHAR(64) NOT NULL,
    "status" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "createdRows" INTEGER NOT NULL DEFAULT 0,
    "updatedRows" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Product_producerId_sku_key" ON "Product"("producerId", "sku");

-- CreateIndex
CREATE INDEX "Consent_helperId_idx" ON "Consent"("helperId");

-- CreateIndex
CREATE INDEX "Consent_producerId_idx" ON "Consent"("producerId");

-- CreateIndex
CREATE UNIQUE INDEX "ProducerClaim_codeHash_key" ON "ProducerClaim"("codeHash");

-- CreateIndex
CREATE INDEX "ProducerClaim_producerId_idx" ON "ProducerClaim"("producerId");

-- CreateIndex
CREATE INDEX "ChangeRecord_producerId_createdAt_idx" ON "ChangeRecord"("producerId", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeRecord_entity_entityId_idx" ON "ChangeRecord"("entity", "entityId");

-- CreateIndex
CREATE INDEX "Certificate_producerId_idx" ON "Certificate"("producerId");

-- CreateIndex
CREATE INDEX "Certificate_productId_idx" ON "Certificate"("productId");

-- CreateIndex
CREATE INDEX "Certificate_expiresOn_idx" ON "Certificate"("expiresOn");

-- CreateIndex
CREATE UNIQUE INDEX "Batch_productId_lotNumber_key" ON "Batch"("productId", "lotNumber");

-- CreateIndex
CREATE UNIQUE INDEX "DiaryEvent_hash_key" ON "DiaryEvent"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "DiaryEvent_batchId_seq_key" ON "DiaryEvent"("batchId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ProductDraft_productId_key" ON "ProductDraft"("productId");

-- CreateIndex
CREATE INDEX "ProductDraft_producerId_authorId_idx" ON "ProductDraft"("producerId", "authorId");

-- CreateIndex
CREATE INDEX "ImportJob_producerId_createdAt_idx" ON "ImportJob"("producerId", "createdAt");

-- AddForeignKey
ALTER TABLE "Producer" ADD CONSTRAINT "Producer_onboardedById_fkey" FOREIGN KEY ("onboardedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_originCommuneCode_fkey" FOREIGN KEY ("originCommuneCode") REFERENCES "Commune"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_helperId_fkey" FOREIGN KEY ("helperId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProducerClaim" ADD CONSTRAINT "ProducerClaim_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRecord" ADD CONSTRAINT "ChangeRecord_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRecord" ADD CONSTRAINT "ChangeRecord_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Batch" ADD CONSTRAINT "Batch_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiaryEvent" ADD CONSTRAINT "DiaryEvent_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductDraft" ADD CONSTRAINT "ProductDraft_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductDraft" ADD CONSTRAINT "ProductDraft_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The farm diary is append-only: corrections are new events, so an edit or a deletion is refused
-- by the database itself, whoever asks.
CREATE FUNCTION "diary_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'DiaryEvent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "DiaryEvent_append_only"
  BEFORE UPDATE OR DELETE ON "DiaryEvent"
  FOR EACH ROW EXECUTE FUNCTION "diary_event_append_only"();
