-- Findings of `dnslens hunt` and IOC hits of `dnslens ioc match`. Both are results computed over the whole
-- case, so a new hunt (or a match against the same lists) replaces the previous set; the evidence columns
-- hold bounded lists of "source_id:frame" references into the case's sources.

CREATE TABLE finding (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  score INT NOT NULL,
  severity VARCHAR(16) NOT NULL,
  client VARCHAR(64),
  domain VARCHAR(1100),
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  explanation VARCHAR(4000) NOT NULL,
  metrics VARCHAR(8000) NOT NULL,
  evidence VARCHAR(2000) NOT NULL
);
CREATE INDEX finding_score ON finding (score DESC);
CREATE INDEX finding_client ON finding (client);

CREATE TABLE ioc_hit (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  ioc VARCHAR(1100) NOT NULL,
  ioc_kind VARCHAR(16) NOT NULL,
  list VARCHAR(1024) NOT NULL,
  list_line BIGINT NOT NULL,
  object_id VARCHAR(256),
  tags VARCHAR(2000),
  location VARCHAR(32) NOT NULL,
  matched VARCHAR(1100) NOT NULL,
  hit_count BIGINT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  clients VARCHAR(20000) NOT NULL,
  clients_truncated BOOLEAN NOT NULL,
  evidence VARCHAR(20000) NOT NULL,
  evidence_truncated BOOLEAN NOT NULL
);
CREATE INDEX ioc_hit_ioc ON ioc_hit (ioc);
