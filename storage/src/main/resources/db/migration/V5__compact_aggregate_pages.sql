-- dnslens case schema, version 5: no table changes. Aggregate segment pages (passive DNS, per client)
-- may now have a format header (docs/STORAGE.md "Page formats"): a dnslens that knows only version 4
-- would misread them, so this version number makes it refuse the case ("written by a newer dnslens")
-- instead. Pages written before stay valid and are read as they were.
UPDATE case_meta SET meta_value = meta_value WHERE 1 = 0;
