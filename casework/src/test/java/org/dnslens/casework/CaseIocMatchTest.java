package org.dnslens.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ioc.IocListReader;
import org.dnslens.engine.ioc.IocMatcher;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.MatchLocation;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HTTPSRecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The screened retroactive match returns exactly what decoding and matching every transaction returns, on a
 * real case file holding every public test capture, the bundled incident sample, a generated capture and
 * a crafted one with indicators hidden in every place the matcher looks (CNAME chains, MX/PTR/SRV/HTTPS
 * targets, NS and glue in the authority and additional sections, answer and endpoint addresses, a reverse
 * lookup, IDN, wildcards, an answer address past the 64 the index keeps, an orphan reply).
 */
class CaseIocMatchTest {
  static final String CLIENT = "10.0.0.5";
  static final String RESOLVER = "10.0.0.53";
  static final String LIST = String.join("\n",
      "# crafted indicators",
      "evil.com",
      "*.wild.example",
      "bücher.example",
      "exactonly.example",
      "mx.evil-mx.net",
      "target.evil-srv.io",
      "ns1.evil-ns.org",
      "host.evil-ptr.org",
      "svc.evil-https.net",
      "198.51.100.77",
      "203.0.113.66",
      "203.0.113.64/28",
      "10.9.9.9",
      "2001:db8:bad::1",
      "192.0.2.250",
      "") + "\n";

  @TempDir static Path dir;
  static CaseDatabase db;
  static List<Ioc> crafted;
  static List<Ioc> drawn;

  @BeforeAll
  static void ingest() throws Exception {
    Path craftedPcap = craftedCapture().write(dir.resolve("crafted.pcap"));
    Path generated = dir.resolve("generated.pcap");
    new CaptureGenerator(GeneratorConfig.defaults(11, 20_000)).write(generated);
    List<Path> captures = new ArrayList<>(List.of(craftedPcap, generated,
        Path.of("../testdata/sample/incident-sample.pcapng.gz")));
    try (Stream<Path> s = Files.walk(Path.of("../testdata/pcaps"))) {
      s.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$"))
          .sorted()
          .forEach(captures::add);
    }
    db = CaseDatabase.open(dir.resolve("case"));
    IngestPipeline pipeline = new IngestPipeline(IngestPipeline.Config.defaults());
    List<SourceInfo> sources = pipeline.describe(captures);
    try (DatabaseSink sink = DatabaseSink.open(db)) {
      pipeline.run(sources, sink, IngestPipeline.MessageListener.NONE, IngestPipeline.Progress.NONE, () -> false);
    }
    Path list = dir.resolve("crafted.txt");
    Files.writeString(list, LIST);
    crafted = new IocListReader().read(list).iocs();
    Path drawnList = dir.resolve("drawn.txt");
    Files.writeString(drawnList, drawnFromTheCase(new Random(5), 400, 60));
    drawn = new IocListReader().read(drawnList).iocs();
  }

  static CraftedCapture craftedCapture() throws Exception {
    CraftedCapture c = new CraftedCapture();
    c.exchange(CLIENT, RESOLVER, "www.evil.com.", Type.A, r -> r.addRecord(a("www.evil.com.", "192.0.2.1"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "WWW.EvIl.CoM.", Type.A, r -> r.addRecord(a("WWW.EvIl.CoM.", "192.0.2.1"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "www.notevil.com.", Type.A, r -> r.addRecord(a("www.notevil.com.", "192.0.2.3"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "benign.example.org.", Type.A, r -> {
      r.addRecord(new CNAMERecord(n("benign.example.org."), DClass.IN, 60, n("edge.example.net.")), Section.ANSWER);
      r.addRecord(new CNAMERecord(n("edge.example.net."), DClass.IN, 60, n("a.cdn.evil.com.")), Section.ANSWER);
      r.addRecord(a("a.cdn.evil.com.", "192.0.2.2"), Section.ANSWER);
    });
    c.exchange(CLIENT, RESOLVER, "example.org.", Type.MX,
        r -> r.addRecord(new MXRecord(n("example.org."), DClass.IN, 60, 10, n("mx.evil-mx.net.")), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "_sip._tcp.example.org.", Type.SRV, r -> r.addRecord(
        new SRVRecord(n("_sip._tcp.example.org."), DClass.IN, 60, 1, 1, 5060, n("target.evil-srv.io.")), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "9.2.0.192.in-addr.arpa.", Type.PTR, r -> r.addRecord(
        new PTRRecord(n("9.2.0.192.in-addr.arpa."), DClass.IN, 60, n("host.evil-ptr.org.")), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "66.113.0.203.in-addr.arpa.", Type.PTR, r -> r.addRecord(
        new PTRRecord(n("66.113.0.203.in-addr.arpa."), DClass.IN, 60, n("benign.example.net.")), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "example.com.", Type.HTTPS, r -> r.addRecord(
        new HTTPSRecord(n("example.com."), DClass.IN, 60, 1, n("svc.evil-https.net."), List.of()), Section.ANSWER));
    // A referral: the listed name server and its glue address only in authority and additional.
    c.exchange(CLIENT, RESOLVER, "sub.example.org.", Type.A, r -> {
      r.addRecord(new NSRecord(n("sub.example.org."), DClass.IN, 60, n("ns1.evil-ns.org.")), Section.AUTHORITY);
      r.addRecord(a("ns1.evil-ns.org.", "203.0.113.66"), Section.ADDITIONAL);
    });
    c.exchange(CLIENT, RESOLVER, "nx.example.org.", Type.A, r -> r.addRecord(
        new SOARecord(n("example.org."), DClass.IN, 60, n("ns.evil.com."), n("hostmaster.example.org."), 1, 2, 3, 4, 5),
        Section.AUTHORITY));
    c.exchange(CLIENT, RESOLVER, "shop.example.org.", Type.A, r -> r.addRecord(a("shop.example.org.", "198.51.100.77"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "v6.example.org.", Type.AAAA, r -> r.addRecord(
        new AAAARecord(n("v6.example.org."), DClass.IN, 60, InetAddress.getByName("2001:db8:bad::1")), Section.ANSWER));
    c.exchange("10.9.9.9", RESOLVER, "www.example.net.", Type.A, r -> r.addRecord(a("www.example.net.", "192.0.2.4"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "xn--bcher-kva.example.", Type.A, r -> r.addRecord(a("xn--bcher-kva.example.", "192.0.2.5"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "a.b.wild.example.", Type.A, r -> r.addRecord(a("a.b.wild.example.", "192.0.2.6"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "wild.example.", Type.A, r -> r.addRecord(a("wild.example.", "192.0.2.7"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "exactonly.example.", Type.A, r -> r.addRecord(a("exactonly.example.", "192.0.2.8"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "www.exactonly.example.", Type.A, r -> r.addRecord(a("www.exactonly.example.", "192.0.2.8"), Section.ANSWER));
    c.exchange(CLIENT, RESOLVER, "a\\.b.evil.com.", Type.A, null);
    c.exchange(CLIENT, RESOLVER, "unanswered.evil.com.", Type.A, null);
    // 70 addresses: the index keeps 64 per transaction; the listed one is the 70th.
    c.exchange(CLIENT, RESOLVER, "many.example.org.", Type.A, r -> {
      for (int i = 1; i < 70; i++) {
        r.addRecord(a("many.example.org.", "192.0.2." + (100 + i)), Section.ANSWER);
      }
      r.addRecord(a("many.example.org.", "192.0.2.250"), Section.ANSWER);
    });
    c.orphanReply(CLIENT, RESOLVER, "orphan.example.org.", Type.A, r -> r.addRecord(
        new CNAMERecord(n("orphan.example.org."), DClass.IN, 60, n("late.evil.com.")), Section.ANSWER));
    return c;
  }

  static Name n(String s) {
    return Name.fromConstantString(s);
  }

  static ARecord a(String owner, String ip) throws IOException {
    return new ARecord(n(owner), DClass.IN, 60, InetAddress.getByName(ip));
  }

  /**
   * A list drawn from every name and address in the case's messages (question, owners, targets, in every
   * section; answer and endpoint addresses): names as they are, their parents, wildcards of them, addresses
   * and /24 blocks around them.
   */
  static String drawnFromTheCase(Random r, int names, int addresses) {
    Set<String> allNames = new LinkedHashSet<>();
    Set<String> allIps = new LinkedHashSet<>();
    TransactionReplay replay = new TransactionReplay();
    new CaseScanner(db).forEach(SearchQuery.all(), Long.MAX_VALUE, s -> {
      Transaction tx = replay.rebuild(s);
      allIps.add(s.clientIp().toString());
      allIps.add(s.serverIp().toString());
      for (DnsMessage m : new DnsMessage[] {tx.query(), tx.reply()}) {
        if (m == null) {
          continue;
        }
        m.questions().stream().map(Question::name).forEach(x -> allNames.add(x.toLowerCaseString()));
        for (ResourceRecord rr : m.allRecords()) {
          allNames.add(rr.name().toLowerCaseString());
          RData d = rr.rdata();
          if (d instanceof RData.Target t) {
            allNames.add(t.target().toLowerCaseString());
          } else if (d instanceof RData.Mx mx) {
            allNames.add(mx.exchange().toLowerCaseString());
          } else if (d instanceof RData.Srv srv) {
            allNames.add(srv.target().toLowerCaseString());
          } else if (d instanceof RData.Address ad && ad.address() != null) {
            allIps.add(ad.address().toString());
          }
        }
      }
    }, CaseScanner.Progress.NONE);
    List<String> ns = allNames.stream().filter(x -> x.contains(".") && !x.contains("\\")).collect(Collectors.toList());
    List<String> ips = new ArrayList<>(allIps);
    StringBuilder sb = new StringBuilder("# drawn from the case\n");
    for (int i = 0; i < names; i++) {
      String x = ns.get(r.nextInt(ns.size()));
      String parent = x.substring(x.indexOf('.') + 1);
      switch (r.nextInt(3)) {
        case 0 -> sb.append(x);
        case 1 -> sb.append(parent.contains(".") ? parent : x);
        default -> sb.append("*.").append(parent.contains(".") ? parent : x);
      }
      sb.append('\n');
    }
    for (int i = 0; i < addresses; i++) {
      String ip = ips.get(r.nextInt(ips.size()));
      sb.append(i % 5 == 4 && ip.indexOf('.') > 0 ? ip.substring(0, ip.lastIndexOf('.')) + ".0/24" : ip).append('\n');
    }
    return sb.toString();
  }

  static List<IocHitSummary> screened(List<Ioc> iocs, boolean exact) {
    CaseIocMatch.Result r = new CaseIocMatch(db).match(IocMatcher.of(iocs, exact), t -> {}, CaseScanner.Progress.NONE);
    assertThat(r.cancelled()).isFalse();
    if (iocs == crafted) {
      // (the drawn lists hold the resolvers' addresses, which are in nearly every transaction)
      assertThat(r.decoded()).as("the screen decodes only what may match").isLessThan(r.screened() / 100);
    }
    return r.hits();
  }

  @Test
  void craftedIndicatorsAreFoundEverywhereTheyHide() {
    List<IocHitSummary> hits = screened(crafted, false);
    assertThat(hits).isEqualTo(CaseIocMatch.fullScan(db, IocMatcher.of(crafted, false)));
    Set<String> seen = hits.stream()
        .map(h -> h.where() + " " + h.matchedValue() + " <- " + h.ioc().value())
        .collect(Collectors.toSet());
    assertThat(seen).contains(
        "QNAME www.evil.com <- evil.com",
        "CNAME_TARGET a.cdn.evil.com <- evil.com",
        "MX_TARGET mx.evil-mx.net <- mx.evil-mx.net",
        "SRV_TARGET target.evil-srv.io <- target.evil-srv.io",
        "PTR_TARGET host.evil-ptr.org <- host.evil-ptr.org",
        "SVCB_TARGET svc.evil-https.net <- svc.evil-https.net",
        "NS_TARGET ns1.evil-ns.org <- ns1.evil-ns.org",
        "ANSWER_IP 203.0.113.66 <- 203.0.113.66",
        "ANSWER_IP 203.0.113.66 <- 203.0.113.64/28",
        "ANSWER_IP 198.51.100.77 <- 198.51.100.77",
        "ANSWER_IP 2001:db8:bad::1 <- 2001:db8:bad::1",
        "ANSWER_IP 192.0.2.250 <- 192.0.2.250",
        "CLIENT_IP 10.9.9.9 <- 10.9.9.9",
        "QNAME xn--bcher-kva.example <- xn--bcher-kva.example",
        "QNAME a.b.wild.example <- wild.example",
        "QNAME www.exactonly.example <- exactonly.example",
        "QNAME unanswered.evil.com <- evil.com",
        "CNAME_TARGET late.evil.com <- evil.com");
    assertThat(seen).anyMatch(s -> s.startsWith("QNAME 66.113.0.203.in-addr.arpa <- 203.0.113.66"));
    assertThat(seen).noneMatch(s -> s.contains("notevil"));
    IocHitSummary www = hits.stream().filter(h -> h.where() == MatchLocation.QNAME && h.matchedValue().equals("www.evil.com"))
        .findFirst().orElseThrow();
    assertThat(www.count()).as("upper and lower case asked twice").isEqualTo(2);
    assertThat(www.clients()).extracting(Object::toString).containsExactly(CLIENT);
  }

  @Test
  void exactModeMatchesTheNameAlone() {
    List<IocHitSummary> hits = screened(crafted, true);
    assertThat(hits).isEqualTo(CaseIocMatch.fullScan(db, IocMatcher.of(crafted, true)));
    assertThat(hits).extracting(IocHitSummary::matchedValue)
        .contains("exactonly.example", "mx.evil-mx.net")
        .doesNotContain("www.exactonly.example", "www.evil.com");
  }

  @Test
  void listsDrawnFromTheCaseGiveTheFullScansAnswerInBothModes() {
    for (boolean exact : new boolean[] {false, true}) {
      List<IocHitSummary> hits = screened(drawn, exact);
      assertThat(hits).as("exact=" + exact).isEqualTo(CaseIocMatch.fullScan(db, IocMatcher.of(drawn, exact)));
      assertThat(hits).hasSizeGreaterThan(100);
      assertThat(hits.stream().map(IocHitSummary::where).collect(Collectors.toSet()))
          .contains(MatchLocation.QNAME, MatchLocation.CNAME_TARGET, MatchLocation.RECORD_OWNER, MatchLocation.ANSWER_IP,
              MatchLocation.CLIENT_IP, MatchLocation.SERVER_IP);
    }
  }

  @Test
  void matchAndStoreReplacesTheStoredHits() {
    new CaseIocMatch(db).matchAndStore(drawn, false);
    CaseIocMatch.Result r = new CaseIocMatch(db).matchAndStore(crafted, false);
    List<IocHitSummary> stored = new IocHitStore(db).list();
    assertThat(stored).hasSameSizeAs(r.hits());
    assertThat(stored).extracting(h -> h.ioc().value()).allMatch(v -> crafted.stream().anyMatch(i -> i.value().equals(v)));
    assertThat(stored.stream().map(h -> h.matchedValue().toLowerCase(Locale.ROOT))).contains("www.evil.com");
  }

  @Test
  void blocksReadBeforeTheMatcherExistsGiveTheSameAnswer() throws Exception {
    List<IocHitSummary> expected = CaseIocMatch.fullScan(db, IocMatcher.of(drawn, false));
    long[] sizes = {0, 0}; // whole case, largest block
    new TransactionSearch(db).blocks().forEach(0, 1, b -> {
      sizes[0] += CaseIocMatch.heapBytes(b);
      sizes[1] = Math.max(sizes[1], CaseIocMatch.heapBytes(b));
      return true;
    });
    // 0: nothing may be held, the readers wait for the matcher; part of the case; all of it.
    for (long bound : new long[] {0, Math.max(2 * sizes[1], sizes[0] / 3), Long.MAX_VALUE}) {
      for (int threads : new int[] {1, 2}) {
        try (CaseIocMatch.ReadAhead ahead = new CaseIocMatch(db).readAhead(threads, bound)) {
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (bound > 0 && ahead.heldBytes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
          assertThat(ahead.heldBytes()).as("bound %d", bound).isLessThanOrEqualTo(bound);
          if (bound > 0) {
            assertThat(ahead.heldBytes()).as("blocks held before the matcher, bound %d", bound).isPositive();
          }
          CaseIocMatch.Result r = ahead.match(IocMatcher.of(drawn, false), t -> {}, CaseScanner.Progress.NONE);
          assertThat(r.cancelled()).isFalse();
          assertThat(r.hits()).as("bound %d, %d threads", bound, threads).isEqualTo(expected);
          assertThat(r.screened()).isEqualTo(new TransactionSearch(db).blocks().transactions());
          assertThat(ahead.heldBytes()).isZero();
        }
      }
    }
  }

  @Test
  void aReadAheadClosedWithoutAMatchStopsItsReadersAndMatchesOnce() {
    CaseIocMatch.ReadAhead abandoned = new CaseIocMatch(db).readAhead(2, Long.MAX_VALUE);
    abandoned.close(); // returns only once its threads are done: the case may be closed after it
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dnslens-ioc-match-"));
    try (CaseIocMatch.ReadAhead ahead = new CaseIocMatch(db).readAhead(2, 0)) {
      ahead.match(IocMatcher.of(crafted, false), t -> {}, CaseScanner.Progress.NONE);
      assertThatThrownBy(() -> ahead.match(IocMatcher.of(crafted, false), t -> {}, CaseScanner.Progress.NONE))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aCancelledMatchStopsEarlyAndSaysSo() {
    CaseScanner.Progress cancelAtOnce = new CaseScanner.Progress() {
      @Override
      public boolean cancelled() {
        return true;
      }
    };
    try (CaseIocMatch.ReadAhead ahead = new CaseIocMatch(db).readAhead(2, 0)) {
      CaseIocMatch.Result r = ahead.match(IocMatcher.of(crafted, false), t -> {}, cancelAtOnce);
      assertThat(r.cancelled()).isTrue();
      assertThat(r.screened()).as("cancelled before the readers had a matcher").isZero();
      assertThat(r.hits()).isEmpty();
    }
  }
}
