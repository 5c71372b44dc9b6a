-- Marketplace channels, what each holds of each product, operators' pushes and the push outbox.

-- CreateTable
CREATE TABLE "Channel" (
    "id" VARCHAR(40) NOT NULL,
    "name" TEXT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "feedToken" VARCHAR(64),
    "nextSlotAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelListing" (
    "channelId" VARCHAR(40) NOT NULL,
    "productId" UUID NOT NULL,
    "desired" VARCHAR(16) NOT NULL,
    "state" VARCHAR(24) NOT NULL,
    "remoteId" TEXT,
    "url" TEXT,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChannelListing_pkey" PRIMARY KEY ("channelId","productId")
);

-- CreateTable
CREATE TABLE "Push" (
    "id" UUID NOT NULL,
    "operatorId" UUID NOT NULL,
    "channelIds" TEXT[],
    "scope" JSONB NOT NULL DEFAULT '{}',
    "total" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Push_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushJob" (
    "id" UUID NOT NULL,
    "pushId" UUID,
    "channelId" VARCHAR(40) NOT NULL,
    "productId" UUID NOT NULL,
    "action" VARCHAR(8) NOT NULL,
    "idempotencyKey" VARCHAR(120) NOT NULL,
    "batchId" VARCHAR(40),
    "status" VARCHAR(8) NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "outcome" VARCHAR(16),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PushJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Channel_feedToken_key" ON "Channel"("feedToken");

-- CreateIndex
CREATE INDEX "ChannelListing_channelId_state_idx" ON "ChannelListing"("channelId", "state");

-- CreateIndex
CREATE INDEX "ChannelListing_productId_idx" ON "ChannelListing"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "PushJob_idempotencyKey_key" ON "PushJob"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PushJob_status_runAt_idx" ON "PushJob"("status", "runAt");

-- CreateIndex
CREATE INDEX "PushJob_pushId_idx" ON "PushJob"("pushId");

-- CreateIndex
CREATE INDEX "PushJob_batchId_idx" ON "PushJob"("batchId");

-- CreateIndex
CREATE INDEX "PushJob_channelId_productId_idx" ON "PushJob"("channelId", "productId");

-- AddForeignKey
ALTER TABLE "ChannelListing" ADD CONSTRAINT "ChannelListing_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelListing" ADD CONSTRAINT "ChannelListing_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushJob" ADD CONSTRAINT "PushJob_pushId_fkey" FOREIGN KEY ("pushId") REFERENCES "Push"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushJob" ADD CONSTRAINT "PushJob_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The channels the portal knows. API marketplaces get their address and keys from the environment.
INSERT INTO "Channel" ("id", "name", "kind", "feedToken") VALUES
  ('google', 'Google Merchant Center', 'feed', encode(sha256(gen_random_uuid()::text::bytea), 'hex')),
  ('postmart', 'postmart.vn', 'spreadsheet', NULL),
  ('voso', 'voso.vn', 'spreadsheet', NULL),
  ('market-api', 'Sàn TMĐT (API)', 'api', NULL);
