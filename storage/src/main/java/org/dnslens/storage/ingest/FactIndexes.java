package org.dnslens.storage.ingest;

import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The secondary indexes of the big fact tables, which a bulk ingest drops and rebuilds. Random inserts
 * into these B-trees (names, clients, servers and answer addresses arrive in no order) dirty most of
 * their pages at every commit, and H2's copy-on-write store rewrites every dirty page; building each index
 * once at the end, from sorted data, is several times cheaper than maintaining it row by row. The
 * definitions equal those of {@code V1__case_schema.sql}.
 */
final class FactIndexes {
  /** Cases holding fewer transactions than this are bulk-loaded (indexes dropped, rebuilt at the end). */
  static final long MAX_EXISTING_TRANSACTIONS_FOR_BULK_LOAD = 2_000_000;

  private static final Map<String, String> INDEXES =
      Map.of(
          "tx_qname", "tx (qname_id)",
          "tx_client", "tx (client_ip_id)",
          "tx_server", "tx (server_ip_id)",
          "tx_answer_ip_ip", "tx_answer_ip (ip_id)",
          "pdns_name", "pdns (name_id)",
          "pdns_ip", "pdns (ip_id)",
          "pdns_client_client", "pdns_client (client_ip_id)",
          "pdns_client_name", "pdns_client (name_id)");

  private FactIndexes() {}

  static void drop(Handle h) {
    for (String name : INDEXES.keySet()) {
      h.execute("DROP INDEX IF EXISTS " + name); // names from the fixed map above
    }
  }

  /** Creates whichever index is missing (all of them after a bulk load, none normally). */
  static void ensure(Handle h) {
    for (var e : INDEXES.entrySet()) {
      h.execute("CREATE INDEX IF NOT EXISTS " + e.getKey() + " ON " + e.getValue());
    }
  }
}
