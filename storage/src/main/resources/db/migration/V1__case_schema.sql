-- dnslens case schema, version 1. Never edit once released: add V2__... instead.
-- (Not released yet: the storage performance work reshaped rr -> tx_answer_ip and made passive DNS
-- per run, see docs/STORAGE.md "Performance". From the first release on this file is frozen.)
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

-- A/AAAA answer addresses of a transaction's replies, one row per distinct address: the only record
-- data search needs. Every record stays in the wire bytes; the apps decode them again for detail.
-- The primary key starts with tx_id (ids grow during an ingest, so inserts append to the B-tree).
CREATE TABLE tx_answer_ip (
  tx_id  BIGINT NOT NULL,
  ip_id  INT NOT NULL,
  PRIMARY KEY (tx_id, ip_id)
);
CREATE INDEX tx_answer_ip_ip ON tx_answer_ip (ip_id);

-- Passive DNS (answer sections of replies) per ingest run: first/last seen (epoch ns) and count.
-- Queries aggregate over complete runs (they select few names or addresses, so GROUP BY is cheap);
-- a run writes its aggregates in ordinary chunks, so completing a run is a one-row update and a killed
-- run's rows are removed by run_id. A run may write the same key more than once (memory spills).
CREATE TABLE pdns (
  run_id   INT NOT NULL,
  name_id  INT NOT NULL,
  rtype    INT NOT NULL,
  data_id  INT NOT NULL,
  ip_id    INT,
  first_ts BIGINT NOT NULL,
  last_ts  BIGINT NOT NULL,
  cnt      BIGINT NOT NULL
);
CREATE INDEX pdns_name ON pdns (name_id);
CREATE INDEX pdns_ip ON pdns (ip_id);

-- Which client asked for which name, per run (same rules as pdns).
CREATE TABLE pdns_client (
  run_id       INT NOT NULL,
  client_ip_id INT NOT NULL,
  name_id      INT NOT NULL,
  first_ts     BIGINT NOT NULL,
  last_ts      BIGINT NOT NULL,
  cnt          BIGINT NOT NULL
);
CREATE INDEX pdns_client_client ON pdns_client (client_ip_id);
CREATE INDEX pdns_client_name ON pdns_client (name_id);

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
