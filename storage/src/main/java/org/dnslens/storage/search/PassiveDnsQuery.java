package org.dnslens.storage.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.DataRef;
import org.dnslens.storage.layout.ByteReader;
import org.dnslens.storage.layout.NameTable;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;
import org.dnslens.storage.layout.SegmentPageReader;
import org.jdbi.v3.core.Handle;

/**
 * Passive DNS over a case, offline, in the manner of DNSDB: which data a name resolved to, which names
 * resolved to an address, and which clients asked for what, each with first/last seen and a count.
 * Aggregates cover answer sections of every reply (passive DNS) and every query (per client) of completed
 * ingest runs. Each run stores its aggregates as sorted segments; a query reads the key range it needs
 * from every run and sums equal entries.
 *
 * <p>Name patterns: {@code www.example.com} exact; {@code *.example.com} its subdomains (a reversed-name
 * key range); any other {@code *} is a general wildcard (a scan of the run's names). Matching is
 * case-insensitive and every other character is literal.
 */
public final class PassiveDnsQuery {
  /** Rows returned at most per query unless a smaller limit is given. */
  public static final int MAX_ROWS = 100_000;

  /** One (name, type, data) aggregate. */
  public record Entry(String name, int type, String data, long firstNanos, long lastNanos, long count) {}

  /** One (client, name) aggregate. */
  public record ClientEntry(IpAddress client, String name, long firstNanos, long lastNanos, long count) {}

  private final CaseDatabase db;

  public PassiveDnsQuery(CaseDatabase db) {
    this.db = db;
  }

  /** A key range of reversed names plus an exact test of each key (and of the name as sent). */
  record NameMatch(byte[] lo, byte[] hi, CaseDirectory.KeyFilter keys, Predicate<String> name) {}

  static final NameMatch NOTHING =
      new NameMatch(new byte[] {0}, new byte[] {0}, (k, n) -> false, s -> false);

  static NameMatch nameMatch(String pattern) {
    String p = pattern.strip().toLowerCase(Locale.ROOT);
    if (p.length() > 1 && p.endsWith(".") && !p.endsWith("\\.")) {
      p = p.substring(0, p.length() - 1);
    }
    int stars = (int) p.chars().filter(c -> c == '*').count();
    if (stars == 0) {
      String key = NameKeys.reversedUserName(p);
      if (key == null) {
        return NOTHING;
      }
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      return new NameMatch(k, k, null, s -> true);
    }
    if (stars == 1 && p.startsWith("*.")) {
      String key = NameKeys.reversedUserName(p.substring(2));
      if (key != null) {
        byte[] lo = (key + ".").getBytes(StandardCharsets.UTF_8);
        byte[] hi = (key + "/").getBytes(StandardCharsets.UTF_8);
        return new NameMatch(lo, hi, (k, n) -> n > lo.length && k[lo.length - 1] == '.', s -> true);
      }
    }
    Pattern glob = TransactionSearch.globPattern(p);
    return new NameMatch(null, null, null, s -> glob.matcher(s.toLowerCase(Locale.ROOT)).matches());
  }

  /**
   * Passive DNS for names matching {@code pattern}, by name, type and data: the first {@code limit} rows
   * in the order of the lower-case name, then the name as sent, type and data, each row summed over every
   * run. Entries whose name sorts after the first rows already held are skipped without being decoded
   * ({@link FirstRows}).
   */
  public List<Entry> byName(String pattern, int limit) {
    NameMatch m = nameMatch(pattern);
    int max = bounded(limit);
    // Pages in the order of their smallest names (schema V12; pages without one first): the first rows of a
    // wildcard lie all over its range, and this brings the bound down early, so later pages are skipped.
    List<CaseDirectory.Page> pages = bySmallestName(CaseDirectory.of(db).pages(SegmentKind.PDNS_NAME, m.lo(), m.hi()));
    AtomicReference<String> bound = new AtomicReference<>(); // the smallest bound either thread has proven
    List<NameScan> scans = SharedPageWork.run(db, pages, () -> new NameScan(m, max, bound));
    FirstRows<Row> top = scans.get(0).top;
    List<PendingRow> pending = scans.get(0).pending;
    for (NameScan other : scans.subList(1, scans.size())) {
      top.addAll(other.top);
      pending.addAll(other.pending);
    }
    addReferenced(pending, top);
    return top.rows((k, first, last, count) -> new Entry(k.name(), k.type(), k.data(), first, last, count));
  }

  /** One thread's share of {@link #byName}: the first rows of the pages it took, and their data references. */
  private static final class NameScan implements SharedPageWork.Worker {
    final FirstRows<Row> top;
    /**
     * Entries whose data is a reference into a block (schema V10): held until every page is scanned, then the
     * blocks are read once each and the rows join the others (FirstRows's result does not depend on the order
     * of adding).
     */
    final List<PendingRow> pending = new ArrayList<>();
    private final NameMatch m;
    private final AggregateCodec codec = AggregateCodec.of(SegmentKind.PDNS_NAME);
    private final AtomicReference<String> sharedBound;
    private boolean keyAccepted; // of the current key: a key's entries come together

    NameScan(NameMatch m, int limit, AtomicReference<String> sharedBound) {
      this.m = m;
      this.top = new FirstRows<>(limit, ROW_ORDER);
      this.sharedBound = sharedBound;
    }

    @Override
    public void batch(Handle h, List<CaseDirectory.Page> pages) {
      // a page whose smallest name sorts after the rows held (here or by the other thread) cannot add a row:
      // not read; each page's bound is shared before the next page is judged
      visitPages(h, pages, m.lo(), m.hi(), p -> {
        share();
        return p.smallestName() == null || top.wants(p.smallestName());
      }, null, null, this::entry);
      share();
    }

    /** Publishes this thread's bound if it is the smaller, and takes the other's if that is. */
    private void share() {
      String mine = top.bound();
      if (mine != null) {
        sharedBound.accumulateAndGet(mine, (a, b) -> a == null || b.compareTo(a) < 0 ? b : a);
      }
      top.tighten(sharedBound.get());
    }

    private boolean entry(byte[] key, int len, boolean same, byte[] d, int off, int vlen) {
      if (!same) {
        top.nextKey();
        keyAccepted = m.keys() == null || m.keys().accept(key, len);
      }
      if (!keyAccepted) {
        return true;
      }
      ByteReader r = codec.open(d, off, vlen);
      int nameLen = r.readInt();
      String n = nameLen == 0 ? top.wantedCurrentKeyName(key, len) : wantedSpelledName(r, nameLen, top);
      if (n == null || !m.name().test(n)) {
        return true;
      }
      int type = r.readInt();
      String text = codec.readData(r);
      codec.readTimes(r);
      if (text == null) {
        pending.add(new PendingRow(n, type, codec.ref(), codec.first(), codec.last(), codec.count()));
      } else {
        top.add(n.toLowerCase(Locale.ROOT), new Row(n, type, text), codec.first(), codec.last(), codec.count());
      }
      return true;
    }
  }

  /** {@code pages} with those without a smallest name first, then by smallest name (a stable sort). */
  private static List<CaseDirectory.Page> bySmallestName(List<CaseDirectory.Page> pages) {
    List<CaseDirectory.Page> out = new ArrayList<>(pages);
    out.sort(Comparator.comparing(CaseDirectory.Page::smallestName, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  /** What makes a passive-DNS row distinct within one lower-case name, in output order. */
  private record Row(String name, int type, String data) {}

  /** An entry whose data is a reference into a block, until its text is read. */
  private record PendingRow(String name, int type, DataRef ref, long first, long last, long count) {}

  /**
   * Reads the texts of the pending rows that can still be among the first rows (each block once; {@link
   * ReferenceChoice}: a row {@code limit} rows certainly come before is not read) and adds them to {@code top}.
   * Held rows certainly before a pending row: those of a smaller name, or of its name and a smaller name as
   * sent or type, or of its name, name as sent and type and a text that sorts at or before its prefix ({@link
   * DataRef#textBefore}).
   */
  private void addReferenced(List<PendingRow> pending, FirstRows<Row> top) {
    FirstRows<Row>.Ahead ahead = top.ahead();
    List<ReferenceChoice.Pending> candidates = new ArrayList<>();
    Map<String, String> lowered = new HashMap<>(); // a name's many rows share one name instance
    for (int i = 0; i < pending.size(); i++) {
      PendingRow p = pending.get(i);
      String lower = lowered.computeIfAbsent(p.name(), n -> n.toLowerCase(Locale.ROOT));
      if (top.wants(lower)) {
        candidates.add(new ReferenceChoice.Pending(new ReferenceChoice.Group(lower, p.name(), p.type()), p.ref(), i));
      }
    }
    List<ReferenceChoice.Pending> chosen = ReferenceChoice.toRead(candidates, ahead.limit(), g -> {
      // held rows of smaller names, or of this name and a smaller name as sent or type ("" sorts before any text)
      long before = ahead.heldBefore(g.lower(), new Row(g.name(), g.type(), ""));
      List<String> texts = new ArrayList<>();
      for (Row r : ahead.heldOf(g.lower())) {
        if (r.name().equals(g.name()) && r.type() == g.type()) {
          texts.add(r.data());
        }
      }
      String[] sorted = texts.toArray(new String[0]);
      Arrays.sort(sorted);
      return new ReferenceChoice.Held(before, sorted);
    });
    if (chosen.isEmpty()) {
      return;
    }
    List<DataRef> refs = chosen.stream().map(ReferenceChoice.Pending::ref).toList();
    Map<DataRef, String> texts = db.jdbi().withHandle(h -> new DataRefTexts(h.getConnection()).texts(refs));
    for (ReferenceChoice.Pending c : chosen) {
      PendingRow p = pending.get(c.index());
      String text = texts.get(c.ref());
      if (text != null) {
        top.add(c.group().lower(), new Row(p.name(), p.type(), text), p.first(), p.last(), p.count());
      }
    }
  }

  private static final Comparator<Row> ROW_ORDER =
      Comparator.comparing(Row::name).thenComparingInt(Row::type).thenComparing(Row::data);

  /** What makes a per-client row distinct within one lower-case name, in output order. */
  private record ClientRow(IpAddress client, String name) {}

  private static final Comparator<ClientRow> CLIENT_ROW_ORDER =
      Comparator.comparing(ClientRow::name).thenComparing(ClientRow::client);

  /**
   * Reads the name field of a name-keyed value (elided: the key's own form), or returns null when rows
   * of that name can no longer be among {@code top}'s first rows. An elided name is judged on the key's
   * bytes, before any string is made.
   */
  private static String wantedName(ByteReader r, byte[] key, int len, FirstRows<?> top) {
    int n = r.readInt();
    return n == 0 ? top.wantedKeyName(key, len) : wantedSpelledName(r, n, top);
  }

  /** {@link #wantedName} of a name stored spelled out ({@code n} bytes at the reader). */
  private static String wantedSpelledName(ByteReader r, int n, FirstRows<?> top) {
    int at = r.position();
    r.skip(n);
    String name = new String(r.array(), at, n, StandardCharsets.UTF_8);
    return top.wants(name.toLowerCase(Locale.ROOT)) ? name : null;
  }

  /**
   * Names that resolved (A/AAAA) to an address in {@code ipOrCidr}: the first {@code limit} rows in the
   * order of the data text, then lower-case name, name as sent and type, each row summed over every run
   * ({@link FirstRows}: an entry whose data sorts after the rows already held is not decoded further).
   * Rows found in postings without times (schema V9) get them from their {@code PDNS_NAME} twins once the
   * first rows are known ({@link PassiveDnsTimes}): only those rows' names are looked up.
   */
  public List<Entry> byIp(String ipOrCidr, int limit) {
    IpRange r = IpRange.parse(ipOrCidr);
    FirstRows<IpRow> top = new FirstRows<>(bounded(limit), IP_ROW_ORDER);
    AddressText keyText = new AddressText();
    AggregateCodec codec = AggregateCodec.of(SegmentKind.PDNS_IP);
    Owner owner = new Owner();
    // rows of postings (no times) and the runs' parts they were found in; trimmed to the rows still wanted
    Map<IpRow, Set<Long>> untimed = new HashMap<>();
    int[] trimAt = {TRIM_UNTIMED_ROWS};
    CaseDirectory dir = CaseDirectory.of(db);
    forEachEntry(dir, SegmentKind.PDNS_IP, r.low(), r.high(), page -> true, owner, (key, len, d, off, vlen) -> {
      ByteReader v = codec.open(d, off, vlen);
      // the name: an ordinal into the page's name table (schema V8) or its text, made only for a wanted row
      boolean byOrdinal = codec.format() >= SegmentPage.FORMAT_NAME_ORDINALS;
      int nameLen = v.readInt();
      int nameAt = v.position();
      if (!byOrdinal) {
        v.skip(nameLen);
      }
      int type = v.readInt();
      int dataLen = v.readInt();
      int dataAt = v.position();
      v.skip(dataLen);
      // data equal to the key address's own text is not stored (the key says it)
      String data = dataLen == 0 ? keyText.of(key, len) : new String(d, dataAt, dataLen, StandardCharsets.UTF_8);
      if (top.wants(data)) {
        String name = byOrdinal ? owner.names.name(nameLen) : new String(d, nameAt, nameLen, StandardCharsets.UTF_8);
        codec.readTimes(v);
        IpRow row = new IpRow(data, name, type);
        top.add(data, row, codec.first(), codec.last(), codec.count());
        if (!codec.storesTimes()) {
          untimed.computeIfAbsent(row, x -> new HashSet<>(2)).add(TwinPageTimes.owner(owner.run, owner.part));
          if (untimed.size() > trimAt[0]) {
            untimed.keySet().removeIf(k -> !top.wants(k.data())); // rows past the bound never come back
            trimAt[0] = Math.max(TRIM_UNTIMED_ROWS, 2 * untimed.size());
          }
        }
      }
      return true;
    });
    PassiveDnsTimes twins = new PassiveDnsTimes(dir);
    List<Entry> rows = top.rows((k, first, last, count) -> {
      Set<Long> owners = untimed.get(k);
      if (owners != null) {
        twins.want(new PassiveDnsTimes.Row(k.name(), k.type(), k.data()), owners);
      }
      return new Entry(k.name(), k.type(), k.data(), first, last, count);
    });
    if (twins.isEmpty()) {
      return rows;
    }
    Map<PassiveDnsTimes.Row, long[]> found = db.jdbi().withHandle(h -> twins.resolve(h.getConnection()));
    List<Entry> out = new ArrayList<>(rows.size());
    for (Entry e : rows) {
      out.add(PassiveDnsTimes.withTwin(e, found));
    }
    return out;
  }

  /** Rows of postings remembered before those past the first rows' bound are dropped. */
  private static final int TRIM_UNTIMED_ROWS = 4096;

  /** What makes a passive-DNS row distinct within one data text, in output order (data first: all equal). */
  private record IpRow(String data, String name, int type) {}

  /**
   * Within one data text: lower-case name, name as sent, then type. The type only breaks ties the order
   * before this class left to the order of appearance: one name with equal A and AAAA data texts, which
   * two address families cannot produce.
   */
  private static final Comparator<IpRow> IP_ROW_ORDER =
      Comparator.comparing((IpRow e) -> e.name().toLowerCase(Locale.ROOT)).thenComparing(IpRow::name)
          .thenComparingInt(IpRow::type);

  /** The address (and its text) of the last address key seen: an address key comes once per name. */
  private static final class AddressText {
    private byte[] key = new byte[0];
    private IpAddress address;
    private String text;

    String of(byte[] k, int len) {
      return address(k, len) != null ? text() : null;
    }

    IpAddress address(byte[] k, int len) {
      if (address == null || !Arrays.equals(key, 0, key.length, k, 0, len)) {
        key = Arrays.copyOf(k, len);
        address = NameKeys.ipFromKey(key);
        text = null;
      }
      return address;
    }

    private String text() {
      if (text == null) {
        text = address.toString();
      }
      return text;
    }
  }

  /** Which clients asked for names matching {@code pattern} (first rows as in {@link #byName}). */
  public List<ClientEntry> clientsForName(String pattern, int limit) {
    NameMatch m = nameMatch(pattern);
    FirstRows<ClientRow> top = new FirstRows<>(bounded(limit), CLIENT_ROW_ORDER);
    AggregateCodec codec = AggregateCodec.of(SegmentKind.CLIENT_BY_NAME);
    forEachEntry(SegmentKind.CLIENT_BY_NAME, m.lo(), m.hi(), (key, len, d, off, vlen) -> {
      if (m.keys() != null && !m.keys().accept(key, len)) {
        return true;
      }
      ByteReader r = codec.open(d, off, vlen);
      int clientLen = r.readInt();
      int clientAt = r.position();
      r.skip(clientLen); // the client's address key, decoded only for a wanted row
      String n = wantedName(r, key, len, top);
      if (n == null || !m.name().test(n)) {
        return true;
      }
      IpAddress client = NameKeys.ipFromKey(Arrays.copyOfRange(d, clientAt, clientAt + clientLen));
      codec.readTimes(r);
      top.add(n.toLowerCase(Locale.ROOT), new ClientRow(client, n), codec.first(), codec.last(), codec.count());
      return true;
    });
    return top.rows((k, first, last, count) -> new ClientEntry(k.client(), k.name(), first, last, count));
  }

  /**
   * Which names clients in {@code ipOrCidr} asked for: the first {@code limit} rows by client, lower-case
   * name, name as sent, each summed over every run. The sort key of {@link FirstRows} is the client's key
   * (as ISO-8859-1 text, which compares like unsigned bytes: the key order) joined to the lower-case name,
   * so that once {@code limit} rows are held an entry of a busy client whose name sorts after them is
   * dropped before it becomes a row, and a run's pages that start past the bound's client are not read at
   * all. Why: a client's names are not in name order within its key in pages before schema V11 (a client of
   * 84 k names at 10 M transactions), and holding them all to sort them with a lower-casing comparator was
   * most of the query. V11 pages list a client's name ordinals ascending in a table numbered in output order,
   * so a client's names are read only up to the first past the bound; their rows have no times until the
   * first rows are chosen, which {@link ClientNameTimes} then reads from their {@code CLIENT_BY_NAME} twins.
   */
  public List<ClientEntry> namesForClient(String ipOrCidr, int limit) {
    IpRange r = IpRange.parse(ipOrCidr);
    FirstRows<ClientRow> top = new FirstRows<>(bounded(limit), NAME_ROW_ORDER);
    AddressText client = new AddressText();
    ClientKeyText keyText = new ClientKeyText();
    AggregateCodec codec = AggregateCodec.of(SegmentKind.NAME_BY_CLIENT);
    Owner owner = new Owner();
    // rows of postings (no times, schema V11), their client keys and the runs' parts they were found in
    Map<ClientRow, Set<Long>> untimed = new HashMap<>();
    Map<IpAddress, byte[]> clientKeys = new HashMap<>();
    int[] trimAt = {TRIM_UNTIMED_ROWS};
    int[] ordinals = new int[AggregateCodec.MAX_ORDINALS_PER_ENTRY];
    CaseDirectory dir = CaseDirectory.of(db);
    forEachEntry(dir, SegmentKind.NAME_BY_CLIENT, r.low(), r.high(),
        page -> top.wants(new String(page.firstKey(), StandardCharsets.ISO_8859_1)), owner,
        (key, len, d, off, vlen) -> {
          keyText.of(key, len);
          if (!top.wants(keyText.key)) {
            return false; // every later entry of this page has a greater key
          }
          ByteReader v = codec.open(d, off, vlen);
          if (codec.format() == SegmentPage.FORMAT_CLIENT_POSTINGS) {
            // Ascending ordinals of a table in output order (schema V11): the client's names in output
            // order, so the first one past the bound ends this entry (and the next entries of the client in
            // this run and part stop at their first ordinal). Only the names up to there are looked up.
            int n = AggregateCodec.readOrdinals(v, ordinals);
            IpAddress a = client.address(key, len);
            for (int i = 0; i < n; i++) {
              String name = owner.names.name(ordinals[i]);
              String lower = name.toLowerCase(Locale.ROOT);
              if (!top.wantsJoined(keyText.prefix, lower)) {
                break;
              }
              ClientRow row = new ClientRow(a, name);
              top.add(keyText.prefix + lower, row, Long.MAX_VALUE, Long.MIN_VALUE, 0);
              untimed.computeIfAbsent(row, x -> new HashSet<>(2)).add(TwinPageTimes.owner(owner.run, owner.part));
              clientKeys.computeIfAbsent(a, x -> Arrays.copyOf(key, len));
              if (untimed.size() > trimAt[0]) {
                untimed.keySet().removeIf(k -> !top.wantsJoined(keyOf(k.client(), clientKeys), k.name().toLowerCase(Locale.ROOT)));
                trimAt[0] = Math.max(TRIM_UNTIMED_ROWS, 2 * untimed.size());
              }
            }
            return true;
          }
          String name = codec.readName(v, owner.names);
          String lower = name.toLowerCase(Locale.ROOT);
          if (!top.wantsJoined(keyText.prefix, lower)) {
            return true;
          }
          codec.readTimes(v);
          top.add(keyText.prefix + lower, new ClientRow(client.address(key, len), name), codec.first(),
              codec.last(), codec.count());
          return true;
        });
    ClientNameTimes twins = new ClientNameTimes(dir);
    List<ClientEntry> rows = top.rows((k, first, last, count) -> {
      Set<Long> owners = untimed.get(k);
      if (owners != null) {
        twins.want(new ClientNameTimes.Row(k.client(), k.name()), clientKeys.get(k.client()), owners);
      }
      return new ClientEntry(k.client(), k.name(), first, last, count);
    });
    if (twins.isEmpty()) {
      return rows;
    }
    Map<ClientNameTimes.Row, long[]> found = db.jdbi().withHandle(h -> twins.resolve(h.getConnection()));
    List<ClientEntry> out = new ArrayList<>(rows.size());
    for (ClientEntry e : rows) {
      long[] f = found.get(new ClientNameTimes.Row(e.client(), e.name()));
      out.add(f == null ? e : new ClientEntry(e.client(), e.name(), Math.min(e.firstNanos(), f[0]),
          Math.max(e.lastNanos(), f[1]), e.count() + f[2]));
    }
    return out;
  }

  /** The sort-key prefix of a client's rows in {@link #namesForClient} (its key as ISO-8859-1 text, a NUL). */
  private static String keyOf(IpAddress client, Map<IpAddress, byte[]> keys) {
    return new String(keys.get(client), StandardCharsets.ISO_8859_1) + '\0';
  }

  /**
   * Within one sort key of {@link #namesForClient} (one client and lower-case name): the name as sent,
   * which with the sort key gives the order by client, lower-case name, then name as sent.
   */
  private static final Comparator<ClientRow> NAME_ROW_ORDER = Comparator.comparing(ClientRow::name);

  /**
   * The text of the last client key seen ({@code key}) and the sort-key prefix of its rows ({@code key}
   * and a NUL, below every character of a name): a client's entries come one after another.
   */
  private static final class ClientKeyText {
    private byte[] bytes = new byte[0];
    String key;
    String prefix;

    void of(byte[] k, int len) {
      if (key == null || !Arrays.equals(bytes, 0, bytes.length, k, 0, len)) {
        bytes = Arrays.copyOf(k, len);
        key = new String(bytes, StandardCharsets.ISO_8859_1);
        prefix = key + '\0';
      }
    }
  }

  /**
   * Visits the entries in [lo, hi] of every complete run's pages of {@code kind}, reading
   * {@link CaseDirectory#IN_BATCH} pages at a time: a wildcard's pages are not all held at once.
   */
  private void forEachEntry(SegmentKind kind, byte[] lo, byte[] hi, SegmentPage.Visitor v) {
    forEachEntry(kind, lo, hi, page -> true, null, v);
  }

  /** The name table of the page being visited (names by ordinal, schema V8), set before each page. */
  private static final class Owner {
    NameTable names = NameTable.EMPTY;
    int run;
    int part;
  }

  /**
   * {@link #forEachEntry(SegmentKind, byte[], byte[], SegmentPage.Visitor)} over the pages {@code wanted}
   * accepts when their turn comes (a page can become unwanted while earlier ones are read); {@code owner}
   * (if not null) is given the name table of each page's run and part before its entries.
   */
  private void forEachEntry(SegmentKind kind, byte[] lo, byte[] hi, Predicate<CaseDirectory.Page> wanted,
      Owner owner, SegmentPage.Visitor v) {
    forEachEntry(CaseDirectory.of(db), kind, lo, hi, wanted, owner, v);
  }

  private void forEachEntry(CaseDirectory dir, SegmentKind kind, byte[] lo, byte[] hi,
      Predicate<CaseDirectory.Page> wanted, Owner owner, SegmentPage.Visitor v) {
    forEachRun(dir, kind, lo, hi, wanted, owner, (key, len, same, d, off, vlen) -> v.entry(key, len, d, off, vlen));
  }

  /** {@link #forEachEntry} telling the visitor when a key repeats ({@link SegmentPage#scanRuns}). */
  private void forEachRun(CaseDirectory dir, SegmentKind kind, byte[] lo, byte[] hi,
      Predicate<CaseDirectory.Page> wanted, Owner owner, SegmentPage.RunVisitor v) {
    List<CaseDirectory.Page> pages = dir.pages(kind, lo, hi);
    db.jdbi().useHandle(h -> {
      try (SegmentPageReader tablePages = new SegmentPageReader(h.getConnection())) {
        NameTables tables = new NameTables(dir, tablePages);
        visitPages(h, pages, lo, hi, wanted, owner, tables, v);
      }
    });
  }

  private static void visitPages(Handle h, List<CaseDirectory.Page> pages, byte[] lo, byte[] hi,
      Predicate<CaseDirectory.Page> wanted, Owner owner, NameTables tables, SegmentPage.RunVisitor v) {
    int next = 0;
    List<CaseDirectory.Page> batch = new ArrayList<>(CaseDirectory.IN_BATCH);
    while (next < pages.size()) {
      batch.clear();
      while (next < pages.size() && batch.size() < CaseDirectory.IN_BATCH) {
        CaseDirectory.Page p = pages.get(next++);
        if (wanted.test(p)) {
          batch.add(p);
        }
      }
      if (batch.isEmpty()) {
        continue;
      }
      Map<Long, byte[]> data = CaseDirectory.pageData(h.getConnection(), batch);
      for (CaseDirectory.Page p : batch) {
        if (!wanted.test(p)) {
          continue;
        }
        // a page wholly inside the range needs no bound test per entry
        boolean fromLo = lo == null || Arrays.compareUnsigned(p.firstKey(), lo) >= 0;
        boolean toHi = hi == null || Arrays.compareUnsigned(p.lastKey(), hi) <= 0;
        if (owner != null) {
          owner.names = tables.of(p.run(), p.part());
          owner.run = p.run();
          owner.part = p.part();
        }
        SegmentPage.scanRuns(data.get(p.id()), fromLo ? null : lo, toHi ? null : hi, v);
      }
    }
  }

  /**
   * One stored passive-DNS entry of a {@code PDNS_NAME} or {@code PDNS_IP} page, or null when its name
   * fails {@code name} (tested before the rest is decoded). {@code names}: the name table of the entry's
   * run and part (read for {@code PDNS_IP} pages of schema V8 and V9). An entry of a {@code PDNS_IP} page
   * without times (V9 postings) has first seen {@code Long.MAX_VALUE}, last seen {@code Long.MIN_VALUE} and
   * count 0: its caller takes them from the entry's {@code PDNS_NAME} twin ({@link PassiveDnsTimes}). An entry
   * whose data is a reference into a block (schema V10) has data null, and {@code codec.ref()} gives the
   * reference: its caller reads the text with {@link DataRefTexts}, a batch at a time.
   */
  static Entry decode(AggregateCodec codec, byte[] key, int len, byte[] d, int off, int vlen, Predicate<String> name,
      NameTable names) {
    SegmentKind kind = codec.kind();
    ByteReader r = codec.open(d, off, vlen);
    String n = kind == SegmentKind.PDNS_IP ? codec.readName(r, names) : r.readString();
    if (kind == SegmentKind.PDNS_NAME && n.isEmpty()) {
      n = keyName(key, len);
    }
    if (!name.test(n)) {
      return null;
    }
    int type = r.readInt();
    String text = codec.readData(r); // null: a data reference, which codec.ref() gives (schema V10)
    if (kind == SegmentKind.PDNS_IP && text.isEmpty()) {
      text = NameKeys.ipFromKey(Arrays.copyOf(key, len)).toString();
    }
    codec.readTimes(r);
    return new Entry(n, type, text, codec.first(), codec.last(), codec.count());
  }

  /** The lower-case name a reversed-name key stands for (values omit names that equal it). */
  private static String keyName(byte[] key, int len) {
    return TransactionSearch.forward(new String(key, 0, len, StandardCharsets.UTF_8));
  }

  private static int bounded(int limit) {
    return limit < 1 || limit > MAX_ROWS ? MAX_ROWS : limit;
  }
}
