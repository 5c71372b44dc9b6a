-- Catalogue search (issue 5): accent-insensitive, typo-tolerant matching with pg_trgm on both PGlite
-- and PostgreSQL, filter/sort indexes for listed products, and a change clock for caches.

-- unaccent() is only STABLE (its dictionary could change), so it cannot appear in an index or be
-- folded into a constant. This IMMUTABLE wrapper names the dictionary explicitly, in whatever
-- schema the extension was installed. unaccent maps đ/Đ to d/D and drops combining marks (text
-- typed as decomposed Unicode), so "Cà phê Đắk Mil" becomes "ca phe dak mil".
DO $$
DECLARE
  ext_schema text;
BEGIN
  SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'unaccent';
  EXECUTE format(
    'CREATE FUNCTION "ocop_unaccent"(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       AS %L',
    format('SELECT lower(%I.unaccent(%L::regdictionary, $1))', ext_schema, quote_ident(ext_schema) || '.unaccent')
  );
END;
$$;

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "searchName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- What a product is found by: its name, category, producer, the producer's commune and province,
-- and its origin commune, unaccented and lower-cased. Kept by the triggers below.
CREATE FUNCTION "ocop_product_search_text"(p_name text, p_category text, p_producer uuid, p_origin text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT "ocop_unaccent"(concat_ws(' ', p_name, p_category, pr."name", c."name", pv."name",
           CASE WHEN oc."code" IS DISTINCT FROM c."code" THEN oc."name" END))
    FROM "Producer" pr
    JOIN "Commune" c ON c."code" = pr."communeCode"
    JOIN "Province" pv ON pv."code" = pr."provinceCode"
    LEFT JOIN "Commune" oc ON oc."code" = p_origin
   WHERE pr."id" = p_producer
$$;

CREATE FUNCTION "product_search_fields"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchName" := "ocop_unaccent"(NEW."name");
  NEW."searchText" := coalesce(
    "ocop_product_search_text"(NEW."name", NEW."category", NEW."producerId", NEW."originCommuneCode"),
    NEW."searchName");
  RETURN NEW;
END;
$$;

-- Also fires when the search columns themselves are written: they can only hold computed values.
CREATE TRIGGER "Product_search_fields"
  BEFORE INSERT OR UPDATE OF "name", "category", "producerId", "originCommuneCode", "searchName", "searchText"
  ON "Product"
  FOR EACH ROW EXECUTE FUNCTION "product_search_fields"();

-- A renamed or moved producer, or a renamed commune or province, changes its products' text:
-- touching "searchText" makes Product_search_fields recompute it.
CREATE FUNCTION "producer_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Product" SET "searchText" = '' WHERE "producerId" = NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Producer_search_refresh"
  AFTER UPDATE OF "name", "communeCode", "provinceCode" ON "Producer"
  FOR EACH ROW
  WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."communeCode" IS DISTINCT FROM NEW."communeCode"
        OR OLD."provinceCode" IS DISTINCT FROM NEW."provinceCode")
  EXECUTE FUNCTION "producer_search_refresh"();

CREATE FUNCTION "place_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'Province' THEN
    UPDATE "Product" p SET "searchText" = ''
      FROM "Producer" pr
     WHERE pr."id" = p."producerId" AND pr."provinceCode" = NEW."code";
  ELSE
    UPDATE "Product" p SET "searchText" = ''
     WHERE p."originCommuneCode" = NEW."code"
        OR p."producerId" IN (SELECT "id" FROM "Producer" WHERE "communeCode" = NEW."code");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Province_search_refresh"
  AFTER UPDATE OF "name" ON "Province"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "place_search_refresh"();

CREATE TRIGGER "Commune_search_refresh"
  AFTER UPDATE OF "name" ON "Commune"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "place_search_refresh"();

-- Existing products.
UPDATE "Product" SET "searchText" = '';

-- Trigram matching of the query's words, only over listed products (the only ones searched).
CREATE INDEX "Product_listed_searchText_trgm_idx" ON "Product" USING GIN ("searchText" gin_trgm_ops)
  WHERE "listedAt" IS NOT NULL;

-- Keyset pagination in each sort order (the key columns, then id), and the category pages.
CREATE INDEX "Product_listed_price_idx" ON "Product"("priceVnd", "id") WHERE "listedAt" IS NOT NULL;
CREATE INDEX "Product_listed_newest_idx" ON "Product"("listedAt", "id") WHERE "listedAt" IS NOT NULL;
CREATE INDEX "Product_listed_stars_idx" ON "Product"((coalesce("ocopStars", 0)), "listedAt", "id")
  WHERE "listedAt" IS NOT NULL;
CREATE INDEX "Product_listed_group_stars_idx"
  ON "Product"("ocopGroup", (coalesce("ocopStars", 0)), "listedAt", "id") WHERE "listedAt" IS NOT NULL;

-- The catalogue's change clock: every statement that changes what the catalogue shows (products,
-- producers, certificates, place names) moves it to the current time in milliseconds, always
-- forward. Read with one cheap query, it keys the search facet cache and dates the public pages
-- (Last-Modified). Sequences are not transactional: a rolled-back change still moves it, which
-- only costs a cache miss.
CREATE SEQUENCE "catalogue_clock" MINVALUE 0 START WITH 0;

CREATE FUNCTION "catalogue_clock_tick"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM setval('"catalogue_clock"', greatest(
    (SELECT "last_value" FROM "catalogue_clock") + 1,
    (extract(epoch FROM clock_timestamp()) * 1000)::bigint));
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Product_catalogue_clock" AFTER INSERT OR UPDATE OR DELETE ON "Product"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
CREATE TRIGGER "Producer_catalogue_clock" AFTER INSERT OR UPDATE OR DELETE ON "Producer"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
CREATE TRIGGER "Certificate_catalogue_clock" AFTER INSERT OR UPDATE OR DELETE ON "Certificate"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
CREATE TRIGGER "ProductPhoto_catalogue_clock" AFTER INSERT OR UPDATE OR DELETE ON "ProductPhoto"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
CREATE TRIGGER "Province_catalogue_clock" AFTER UPDATE ON "Province"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
CREATE TRIGGER "Commune_catalogue_clock" AFTER UPDATE ON "Commune"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();

SELECT setval('"catalogue_clock"', (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
