-- The trace and product pages show batches and their diaries: a new batch or diary event moves the
-- catalogue's change clock too, so cached public pages (server/page-cache.ts) are dropped at once.
CREATE TRIGGER "Batch_catalogue_clock" AFTER INSERT OR UPDATE OR DELETE ON "Batch"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
CREATE TRIGGER "DiaryEvent_catalogue_clock" AFTER INSERT ON "DiaryEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_clock_tick"();
