package org.dnslens.storage.ingest;

import java.util.HashMap;
import java.util.Map;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.NameKeys;
import org.jdbi.v3.core.Handle;

/**
 * In-memory copies of the case's name, address and rdata dictionaries, so ingest never asks the database
 * whether a name is known. They are full maps, not LRU caches: a miss must mean "new", or every unseen
 * name (the common case in tunnelling and DGA traffic) would cost a database round trip. Memory is about
 * 150 bytes per distinct name or rdata string and 100 per address, loaded at the start of an ingest; a
 * case with 5 M distinct names needs under 1 GB, within the CLI's default heap.
 *
 * <p>Used only by the thread calling the sink. New entries are added to the current {@link Chunk}, which
 * the writer commits before the facts that refer to them.
 */
final class Dictionaries {
  private final Map<DnsName, Integer> names = new HashMap<>();
  private final Map<IpAddress, Integer> ips = new HashMap<>();
  private final Map<String, Integer> data = new HashMap<>();
  private int nextNameId;
  private int nextIpId;
  private int nextDataId;

  Dictionaries(Handle h) {
    h.createQuery("SELECT id, name FROM dns_name")
        .setFetchSize(10_000)
        .map((rs, ctx) -> {
          names.put(DnsName.parse(rs.getString(2)), rs.getInt(1));
          return null;
        })
        .forEach(x -> {});
    h.createQuery("SELECT id, ip_key FROM ip_addr")
        .setFetchSize(10_000)
        .map((rs, ctx) -> {
          ips.put(NameKeys.ipFromKey(rs.getBytes(2)), rs.getInt(1));
          return null;
        })
        .forEach(x -> {});
    h.createQuery("SELECT id, data FROM rdata")
        .setFetchSize(10_000)
        .map((rs, ctx) -> {
          data.put(rs.getString(2), rs.getInt(1));
          return null;
        })
        .forEach(x -> {});
    nextNameId = maxId(h, "SELECT COALESCE(MAX(id), 0) FROM dns_name") + 1;
    nextIpId = maxId(h, "SELECT COALESCE(MAX(id), 0) FROM ip_addr") + 1;
    nextDataId = maxId(h, "SELECT COALESCE(MAX(id), 0) FROM rdata") + 1;
  }

  private static int maxId(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Integer.class).one();
  }

  int name(DnsName name, Chunk chunk) {
    Integer id = names.get(name);
    if (id != null) {
      return id;
    }
    int nid = nextNameId++;
    names.put(name, nid);
    chunk.names.add(new Chunk.NameRow(nid, name.toString(), NameKeys.lower(name), NameKeys.reversed(name)));
    return nid;
  }

  int ip(IpAddress ip, Chunk chunk) {
    Integer id = ips.get(ip);
    if (id != null) {
      return id;
    }
    int nid = nextIpId++;
    ips.put(ip, nid);
    chunk.ips.add(new Chunk.IpRow(nid, NameKeys.ipKey(ip), ip.toString()));
    return nid;
  }

  int data(String text, Chunk chunk) {
    Integer id = data.get(text);
    if (id != null) {
      return id;
    }
    int nid = nextDataId++;
    data.put(text, nid);
    chunk.data.add(new Chunk.DataRow(nid, text));
    return nid;
  }
}
