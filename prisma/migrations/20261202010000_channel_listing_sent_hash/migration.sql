-- What was last delivered to the channel for each listing (SHA-256 of the product as sent): a push
-- of a product the marketplace already holds unchanged is not sent again. A second push of the
-- same catalogue, or a push queued while an earlier one was still being delivered, re-sent every
-- product under a new key: one more listing each on a marketplace that only creates.
ALTER TABLE "ChannelListing" ADD COLUMN "sentHash" VARCHAR(64);
