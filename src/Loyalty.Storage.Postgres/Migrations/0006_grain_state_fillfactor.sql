-- Every commit rewrites a grain's row. With full pages (the bulk import packs them) PostgreSQL cannot update the row
-- in place on its page (a HOT update), so each update also writes new index entries and more WAL; the load run saw
-- a quarter of the updates HOT and a checkpoint every ~15 s. Room on each page lets updates stay on their page.
-- Applies to pages written from now on (imports, new grains, rows moved by updates).
ALTER TABLE grain_state SET (fillfactor = 70);
