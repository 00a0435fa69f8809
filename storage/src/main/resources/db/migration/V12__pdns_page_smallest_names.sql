-- dnslens case schema, version 12: each PDNS_NAME page written since has its smallest name in the order of
-- `pdns name`'s rows (the lower-case name of each entry, UTF-8) in the directory, so a wildcard query reads
-- only the pages that can hold one of its first rows (docs/STORAGE.md "Page formats"). Pages written before
-- have none (NULL) and are read as before; `compact` rewrites them with it.
ALTER TABLE seg_page ADD COLUMN IF NOT EXISTS min_name VARBINARY;
