-- Every checkout and every expired reservation changes a product's stock, and each change moved the
-- catalogue's change clock, which empties the public page cache: under a stream of buyers the cache
-- was empty more often than not. Public pages show only whether a product is in stock, so an UPDATE
-- of products moves the clock only when something else changed, or when a stock crossed zero.
DROP TRIGGER "Product_catalogue_clock" ON "Product";

CREATE TRIGGER "Product_catalogue_clock" AFTER INSERT OR DELETE ON "Product"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();

CREATE FUNCTION "catalogue_clock_tick_products"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1
      FROM "catalogue_old_products" o
      JOIN "catalogue_new_products" n ON n."id" = o."id"
     WHERE (o."stock" > 0) IS DISTINCT FROM (n."stock" > 0)
        OR (to_jsonb(o) - 'stock' - 'updatedAt') IS DISTINCT FROM (to_jsonb(n) - 'stock' - 'updatedAt')
  ) THEN
    PERFORM setval('"catalogue_clock"', greatest(
      (SELECT "last_value" FROM "catalogue_clock") + 1,
      (extract(epoch FROM clock_timestamp()) * 1000)::bigint));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Product_catalogue_clock_update" AFTER UPDATE ON "Product"
  REFERENCING OLD TABLE AS "catalogue_old_products" NEW TABLE AS "catalogue_new_products"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick_products"();
