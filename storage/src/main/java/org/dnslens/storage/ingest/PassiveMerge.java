package org.dnslens.storage.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/**
 * Merges a run's in-memory passive-DNS aggregates into {@code pdns} and {@code pdns_client} with one
 * batched statement per table, inside the run's final transaction. Into an empty table (a new case) it
 * inserts; otherwise it merges, adding counts and widening first/last seen.
 */
final class PassiveMerge {
  private static final int BATCH_ROWS = 10_000;

  private PassiveMerge() {}

  static void fromMemory(
      Connection c, Map<DatabaseSink.PdnsKey, long[]> pdns, Map<Long, long[]> clients) throws SQLException {
    boolean pdnsEmpty = isEmpty(c, "pdns");
    String pdnsSql =
        pdnsEmpty
            ? "INSERT INTO pdns (name_id, rtype, data_id, ip_id, first_ts, last_ts, cnt) VALUES (?, ?, ?, ?, ?, ?, ?)"
            : "MERGE INTO pdns p USING (VALUES (CAST(? AS INT), CAST(? AS INT), CAST(? AS INT), CAST(? AS INT),"
                + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))) s(name_id, rtype, data_id, ip_id, f, l, c)"
                + " ON (p.name_id = s.name_id AND p.rtype = s.rtype AND p.data_id = s.data_id)"
                + " WHEN MATCHED THEN UPDATE SET first_ts = LEAST(p.first_ts, s.f),"
                + " last_ts = GREATEST(p.last_ts, s.l), cnt = p.cnt + s.c"
                + " WHEN NOT MATCHED THEN INSERT (name_id, rtype, data_id, ip_id, first_ts, last_ts, cnt)"
                + " VALUES (s.name_id, s.rtype, s.data_id, s.ip_id, s.f, s.l, s.c)";
    try (PreparedStatement p = c.prepareStatement(pdnsSql)) {
      int n = 0;
      for (var e : pdns.entrySet()) {
        DatabaseSink.PdnsKey k = e.getKey();
        long[] v = e.getValue();
        p.setInt(1, k.nameId());
        p.setInt(2, k.type());
        p.setInt(3, k.dataId());
        if (v[3] >= 0) {
          p.setInt(4, (int) v[3]);
        } else {
          p.setNull(4, Types.INTEGER);
        }
        p.setLong(5, v[0]);
        p.setLong(6, v[1]);
        p.setLong(7, v[2]);
        p.addBatch();
        if (++n % BATCH_ROWS == 0) {
          p.executeBatch();
        }
      }
      p.executeBatch();
    }
    boolean clientsEmpty = isEmpty(c, "pdns_client");
    String clientSql =
        clientsEmpty
            ? "INSERT INTO pdns_client (client_ip_id, name_id, first_ts, last_ts, cnt) VALUES (?, ?, ?, ?, ?)"
            : "MERGE INTO pdns_client p USING (VALUES (CAST(? AS INT), CAST(? AS INT), CAST(? AS BIGINT),"
                + " CAST(? AS BIGINT), CAST(? AS BIGINT))) s(client_ip_id, name_id, f, l, c)"
                + " ON (p.client_ip_id = s.client_ip_id AND p.name_id = s.name_id)"
                + " WHEN MATCHED THEN UPDATE SET first_ts = LEAST(p.first_ts, s.f),"
                + " last_ts = GREATEST(p.last_ts, s.l), cnt = p.cnt + s.c"
                + " WHEN NOT MATCHED THEN INSERT (client_ip_id, name_id, first_ts, last_ts, cnt)"
                + " VALUES (s.client_ip_id, s.name_id, s.f, s.l, s.c)";
    try (PreparedStatement p = c.prepareStatement(clientSql)) {
      int n = 0;
      for (var e : clients.entrySet()) {
        long key = e.getKey();
        long[] v = e.getValue();
        p.setInt(1, (int) (key >>> 32));
        p.setInt(2, (int) key);
        p.setLong(3, v[0]);
        p.setLong(4, v[1]);
        p.setLong(5, v[2]);
        p.addBatch();
        if (++n % BATCH_ROWS == 0) {
          p.executeBatch();
        }
      }
      p.executeBatch();
    }
  }

  private static boolean isEmpty(Connection c, String table) throws SQLException {
    // Table names come from the two constants above, never from input.
    try (var st = c.createStatement();
        var rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
