-- dnslens case schema, version 1. Never edit once released: add V2__... instead.
-- Layout rationale (docs/STORAGE.md): narrow fact rows of integer ids, dictionaries for names, IPs and
-- rdata text, wire bytes kept so nothing is lost, passive DNS aggregated at ingest.
-- Enumerations are stored as the small integer codes of org.dnslens.storage.casefile.StoredCodes.

CREATE TABLE case_meta (
  meta_key   VARCHAR(64) PRIMARY KEY,
  meta_value VARCHAR(1000) NOT NULL
);
-- The marker that makes an H2 file a dnslens case.
INSERT INTO case_meta (meta_key, meta_value) VALUES ('format', 'dnslens-case');

-- One row; an ingest holds it FOR UPDATE for its whole run, so two ingests never interleave and a
-- run still marked 'running' while we hold the lock is known to be dead.
CREATE TABLE ingest_lock (id INT PRIMARY KEY);
INSERT INTO ingest_lock (id) VALUES (1);

CREATE TABLE ingest_run (
  id            INT PRIMARY KEY,
  started       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  finished      TIMESTAMP WITH TIME ZONE,
  status        VARCHAR(16) NOT NULL,          -- running | complete
  first_tx_id   BIGINT NOT NULL,
  bytes_read    BIGINT,
  frames        BIGINT,
  dns_messages  BIGINT,
  transactions  BIGINT,
  records       BIGINT
);

CREATE TABLE source (
  id            INT PRIMARY KEY,
  run_id        INT NOT NULL,
  label         VARCHAR(4096) NOT NULL,
  path          VARCHAR(4096),
  sha256        CHAR(64),
  size_bytes    BIGINT NOT NULL,
  format        VARCHAR(32),
  link_types    VARCHAR(256),
  first_ts      BIGINT,
  last_ts       BIGINT,
  frames        BIGINT,
  dns_messages  BIGINT,
  transactions  BIGINT,
  CONSTRAINT source_sha256_unique UNIQUE (sha256)
);

-- Dictionaries. name: the presentation text as on the wire (case kept); lname: lower case, for exact
-- search; rname: lower case with labels reversed (com.example.www), for domain/suffix search by prefix.
CREATE TABLE dns_name (
  id     INT PRIMARY KEY,
  name   VARCHAR(1100) NOT NULL,
  lname  VARCHAR(1100) NOT NULL,
  rname  VARCHAR(1100) NOT NULL
);
CREATE INDEX dns_name_lname ON dns_name (lname);
CREATE INDEX dns_name_rname ON dns_name (rname);

-- ip_key: a family byte (4 or 6) then the address bytes; unsigned byte order makes a CIDR a range.
CREATE TABLE ip_addr (
  id      INT PRIMARY KEY,
  ip_key  VARBINARY(17) NOT NULL,
  text    VARCHAR(64) NOT NULL,
  CONSTRAINT ip_addr_key_unique UNIQUE (ip_key)
);

-- rdata presentation text (targets, TXT strings, addresses...), shared by records and passive DNS.
CREATE TABLE rdata (
  id    INT PRIMARY KEY,
  data  VARCHAR(1000000) NOT NULL
);

CREATE TABLE tx (
  id                 BIGINT PRIMARY KEY,       -- assigned by the writer, contiguous per run
  run_id             INT NOT NULL,
  source_id          INT NOT NULL,
  query_frame        BIGINT,
  reply_frame        BIGINT,
  ts                 BIGINT NOT NULL,          -- query capture time (reply's for an orphan), epoch ns
  reply_ts           BIGINT,
  client_ip_id       INT NOT NULL,
  client_port        INT NOT NULL,
  server_ip_id       INT NOT NULL,
  server_port        INT NOT NULL,
  transport          TINYINT NOT NULL,
  port_class         TINYINT NOT NULL,
  dns_id             INT NOT NULL,
  qname_id           INT,                      -- null when the messages carry no question
  qtype              INT,
  qclass             INT,
  rcode              SMALLINT NOT NULL,        -- -1 when unanswered
  status             TINYINT NOT NULL,
  role               TINYINT NOT NULL,
  query_flags        INT,
  reply_flags        INT,
  retransmissions    INT NOT NULL,
  identical_replies  INT NOT NULL,
  reason             VARCHAR(64),
  query_issue        VARCHAR(64),
  reply_issue        VARCHAR(64),
  query_wire         VARBINARY(65535),
  reply_wire         VARBINARY(65535)
);
CREATE INDEX tx_ts ON tx (ts, id);
CREATE INDEX tx_qname ON tx (qname_id);
CREATE INDEX tx_client ON tx (client_ip_id);
CREATE INDEX tx_server ON tx (server_ip_id);

-- Further, different replies of a DUPLICATE_REPLY transaction (rare), kept whole.
CREATE TABLE tx_other_reply (
  tx_id        BIGINT NOT NULL,
  ord          INT NOT NULL,
  ts           BIGINT NOT NULL,
  frame        BIGINT NOT NULL,
  server_ip_id INT NOT NULL,
  wire         VARBINARY(65535),
  PRIMARY KEY (tx_id, ord)
);

-- Resource records of a transaction's query and first reply. id = tx_id * 4096 + ordinal, so a
-- transaction's records are adjacent in the primary key and need no tx_id index.
CREATE TABLE rr (
  id       BIGINT PRIMARY KEY,
  tx_id    BIGINT NOT NULL,
  msg      TINYINT NOT NULL,                   -- 0 query, 1 reply
  section  TINYINT NOT NULL,                   -- 1 answer, 2 authority, 3 additional
  name_id  INT NOT NULL,
  rtype    INT NOT NULL,
  rclass   INT NOT NULL,
  ttl      BIGINT NOT NULL,
  data_id  INT NOT NULL,
  ip_id    INT                                 -- A/AAAA address
);
CREATE INDEX rr_ip ON rr (ip_id);

-- Passive DNS (answer sections of replies): first/last seen (epoch ns) and count.
CREATE TABLE pdns (
  name_id  INT NOT NULL,
  rtype    INT NOT NULL,
  data_id  INT NOT NULL,
  ip_id    INT,
  first_ts BIGINT NOT NULL,
  last_ts  BIGINT NOT NULL,
  cnt      BIGINT NOT NULL,
  PRIMARY KEY (name_id, rtype, data_id)
);
CREATE INDEX pdns_ip ON pdns (ip_id);

-- Which client asked for which name.
CREATE TABLE pdns_client (
  client_ip_id INT NOT NULL,
  name_id      INT NOT NULL,
  first_ts     BIGINT NOT NULL,
  last_ts      BIGINT NOT NULL,
  cnt          BIGINT NOT NULL,
  PRIMARY KEY (client_ip_id, name_id)
);
CREATE INDEX pdns_client_name ON pdns_client (name_id);

-- Passive DNS aggregates of a run in progress (spilled when the in-memory map is full, and at the end);
-- merged into pdns / pdns_client when the run completes, in the same transaction.
CREATE TABLE pdns_stage (
  run_id   INT NOT NULL,
  name_id  INT NOT NULL,
  rtype    INT NOT NULL,
  data_id  INT NOT NULL,
  ip_id    INT,
  first_ts BIGINT NOT NULL,
  last_ts  BIGINT NOT NULL,
  cnt      BIGINT NOT NULL
);
CREATE TABLE pdns_client_stage (
  run_id       INT NOT NULL,
  client_ip_id INT NOT NULL,
  name_id      INT NOT NULL,
  first_ts     BIGINT NOT NULL,
  last_ts      BIGINT NOT NULL,
  cnt          BIGINT NOT NULL
);

-- Issue counts per run and reason (IngestStats), and a bounded sample of located issues.
CREATE TABLE issue_count (
  run_id  INT NOT NULL,
  reason  VARCHAR(64) NOT NULL,
  cnt     BIGINT NOT NULL,
  PRIMARY KEY (run_id, reason)
);
CREATE TABLE issue_sample (
  run_id     INT NOT NULL,
  source_id  INT NOT NULL,
  frame      BIGINT NOT NULL,
  ts         BIGINT NOT NULL,
  reason     VARCHAR(64) NOT NULL,
  detail     VARCHAR(1000)
);
