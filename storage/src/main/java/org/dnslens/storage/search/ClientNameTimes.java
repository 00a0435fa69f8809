package org.dnslens.storage.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;

/**
 * First seen, last seen and count of per-client rows found in {@code NAME_BY_CLIENT} postings (schema V11,
 * {@link SegmentPage#FORMAT_CLIENT_POSTINGS}), which store none: they are read from the {@code CLIENT_BY_NAME}
 * entry of the same client and name as sent in the posting's own run and part, its twin (both are written
 * from one aggregate, and compaction merges both kinds from the same runs). Only the twins of the runs and
 * parts that asked are summed, so a row also found in an older run's page with times is not counted twice.
 *
 * <p>Cost: the {@code CLIENT_BY_NAME} pages holding the asked names, read in key order, each once (16 at a
 * time): ~one page per name for a client's first 1 000 names (names in output order are random in key order),
 * instead of the ~5 bytes of times per row that {@code NAME_BY_CLIENT} held before. Memory: the rows asked for
 * plus one batch of inflated pages.
 */
final class ClientNameTimes {
  /** A row as its posting names it. */
  record Row(IpAddress client, String name) {}

  /** The twins wanted for a row and the address key of its client (as the posting's key has it). */
  private static final class Want extends TwinPageTimes.Want {
    byte[] clientKey;
  }

  private final CaseDirectory dir;
  private final Map<Row, Want> wanted = new LinkedHashMap<>();

  ClientNameTimes(CaseDirectory dir) {
    this.dir = dir;
  }

  /**
   * Asks for the times of {@code row}, whose client's address key is {@code clientKey} (as the posting's key
   * has it), in each of {@code owners} ({@link TwinPageTimes#owner} values).
   */
  void want(Row row, byte[] clientKey, Set<Long> owners) {
    Want w = wanted.computeIfAbsent(row, r -> new Want());
    w.clientKey = clientKey;
    w.owners.addAll(owners);
  }

  boolean isEmpty() {
    return wanted.isEmpty();
  }

  /**
   * Reads the twins of every row asked for and returns each row's times ({first, last, count}, summed
   * over its owners); forgets the rows. A row without a twin is a damaged case.
   */
  Map<Row, long[]> resolve(Connection c) {
    Map<ByteBuffer, List<Probe>> byKey =
        TwinPageTimes.probesByNameKey(wanted, Row::name, (r, key, w) -> new Probe(r, w, key));
    TwinPageTimes.sum(c, dir, SegmentKind.CLIENT_BY_NAME, byKey, (probes, r, d, format) -> {
      // compared on the stored bytes: a popular name has an entry per client, most not asked for
      int clientLen = r.readInt();
      int clientAt = r.position();
      r.skip(clientLen);
      int nameLen = r.readInt();
      int nameAt = r.position();
      r.skip(nameLen);
      for (Probe x : probes) {
        if (x.matches(d, clientAt, clientLen, nameAt, nameLen)) {
          return x;
        }
      }
      return null;
    });
    Map<Row, long[]> out = TwinPageTimes.times(wanted,
        r -> "the names of client " + r.client() + " hold " + r.name() + ", which has no entry by name");
    wanted.clear();
    return out;
  }

  /**
   * A row as the bytes of a {@code CLIENT_BY_NAME} value under its key hold it: the client's address key,
   * then the name as sent, elided ("") exactly when it is the key's own form (as {@code RunWriter} writes
   * it; a page written before schema V5 may spell it out, which matches too).
   */
  private static final class Probe implements TwinPageTimes.Probe {
    final Row row;
    final Want want;
    final byte[] client;
    final byte[] name;
    final boolean elided;

    Probe(Row row, Want want, byte[] key) {
      this.row = row;
      this.want = want;
      this.client = want.clientKey;
      this.name = row.name().getBytes(StandardCharsets.UTF_8);
      this.elided = row.name().equals(TransactionSearch.forward(new String(key, StandardCharsets.UTF_8)));
    }

    @Override
    public TwinPageTimes.Want want() {
      return want;
    }

    boolean matches(byte[] d, int clientAt, int clientLen, int nameAt, int nameLen) {
      if (!Arrays.equals(client, 0, client.length, d, clientAt, clientAt + clientLen)) {
        return false;
      }
      return nameLen == 0 ? elided : Arrays.equals(name, 0, name.length, d, nameAt, nameAt + nameLen);
    }
  }
}
