-- dnslens case schema, version 3: the block layout (docs/STORAGE.md "Layout").
-- H2 costs tens of microseconds per row, so transactions are no longer rows: they are stored in blocks
-- of up to 512 (compressed summary + compressed wire bytes), and every per-transaction index is a
-- per-run sorted segment (key -> block ids) stored as a few pages. V4 moves the rows of older cases in
-- and drops the row tables of V1.

-- One row per block: what the in-memory directory needs (time span, id range). Ids ascend with ingest.
CREATE TABLE tx_block (
  id           INT PRIMARY KEY,
  run_id       INT NOT NULL,
  first_tx_id  BIGINT NOT NULL,   -- transaction ids of the block: first_tx_id .. first_tx_id + tx_count - 1
  tx_count     INT NOT NULL,
  min_ts       BIGINT NOT NULL,   -- query times (epoch ns) of the block's transactions
  max_ts       BIGINT NOT NULL
);
-- The blobs, apart from the directory so scanning it reads no blob; summary and wire apart so a search
-- inflates only the summaries of candidate blocks and the wire of blocks its results come from.
CREATE TABLE tx_block_summary (block_id INT PRIMARY KEY, data VARBINARY NOT NULL);
CREATE TABLE tx_block_wire (block_id INT PRIMARY KEY, data VARBINARY NOT NULL);

-- Segment pages: sorted (key, value) entries of one kind (layout.SegmentKind), per run and part (a run
-- writes one part, more when its in-memory aggregates spill). first_key/last_key bound each page.
CREATE TABLE seg_page (
  id         BIGINT PRIMARY KEY,
  run_id     INT NOT NULL,
  kind       TINYINT NOT NULL,
  part       INT NOT NULL,
  page_no    INT NOT NULL,
  first_key  VARBINARY(2048) NOT NULL,
  last_key   VARBINARY(2048) NOT NULL
);
CREATE TABLE seg_page_data (page_id BIGINT PRIMARY KEY, data VARBINARY NOT NULL);

-- Per-run counts for CaseInfo: rcode/qtype/status breakdowns (item = the numeric code) and the run's
-- top names, clients and servers (item = name or address text).
CREATE TABLE run_count (
  run_id  INT NOT NULL,
  kind    VARCHAR(16) NOT NULL,
  item    VARCHAR(1100) NOT NULL,
  cnt     BIGINT NOT NULL
);
CREATE INDEX run_count_run ON run_count (run_id);
