package org.dnslens.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.junit.jupiter.api.Test;

/**
 * gopassivedns's own test expectations (testdata/pcaps/gopassivedns/EXPECTED.tsv) restated over our
 * transactions. gopassivedns logs one entry per answer record of a paired query/reply (NXDOMAIN: one entry),
 * so its "log entries" are our answer records of answered transactions. Its GC test (two packets fed 11 s
 * apart by the wall clock) does not apply: dnslens expires on capture time, where the pair is 0.1 s apart.
 */
class GopassivednsExpectationsTest {
  private static final Path DIR = PublicCaptures.ROOT.resolve("gopassivedns/data");

  private static List<Transaction> run(String file) throws IOException {
    return PublicCaptures.run(DIR.resolve(file), IngestPipeline.Config.defaults()).transactions();
  }

  private static Transaction only(List<Transaction> txs, int id) {
    List<Transaction> m = txs.stream().filter(t -> t.transactionId() == id).toList();
    assertThat(m).hasSize(1);
    return m.get(0);
  }

  private static void hasAnswer(Transaction tx, String type, String data, long ttl) {
    assertThat(tx.reply().answers())
        .anySatisfy(r -> {
          assertThat(RrType.name(r.type())).isEqualTo(type);
          assertThat(r.data()).isEqualToIgnoringCase(data);
          assertThat(r.ttl()).isEqualTo(ttl);
        });
  }

  private static long logEntries(List<Transaction> txs) {
    long n = 0;
    for (Transaction t : txs) {
      if (t.status() == TransactionStatus.ANSWERED) {
        n += t.rcode() == Rcode.NXDOMAIN ? 1 : t.reply().answers().size();
      }
    }
    return n;
  }

  @Test
  void aRecord() throws IOException {
    List<Transaction> txs = run("a.pcap");
    Transaction tx = only(txs, 0x4fb8);
    assertThat(tx.question().name().toString()).isEqualTo("www.slashdot.org");
    hasAnswer(tx, "A", "216.34.181.48", 110);
    assertThat(logEntries(txs)).isEqualTo(1);
  }

  @Test
  void aaaaRecord() throws IOException {
    List<Transaction> txs = run("aaaa.pcap");
    hasAnswer(only(txs, 0x1a63), "AAAA", "2607:f8b0:4001:c02::93", 55);
    assertThat(logEntries(txs)).isEqualTo(1);
  }

  @Test
  void nsAndMxRecords() throws IOException {
    List<Transaction> ns = run("ns.pcap");
    hasAnswer(only(ns, 0x6162), "NS", "ns2.google.com.", 21581);
    assertThat(logEntries(ns)).isEqualTo(4);
    List<Transaction> mx = run("mx.pcap");
    hasAnswer(only(mx, 0x6f87), "MX", "40 alt3.aspmx.l.google.com.", 567);
    assertThat(logEntries(mx)).isEqualTo(5);
  }

  @Test
  void nxdomainKeepsTheSoaWithItsRealTtl() throws IOException {
    List<Transaction> txs = run("nxdomain.pcap");
    Transaction tx = only(txs, 0xb369);
    assertThat(tx.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(tx.question().name().toString()).isEqualTo("asdtartfgeasf.asdfgsdf.com");
    // gopassivedns reports TTL 0; the authority SOA's TTL on the wire is 899, which we keep
    assertThat(tx.reply().authorities()).extracting(ResourceRecord::ttl).contains(899L);
    assertThat(logEntries(txs)).isEqualTo(1);
  }

  @Test
  void multipleUdp() throws IOException {
    List<Transaction> txs = run("multiple_udp.pcap");
    hasAnswer(only(txs, 0xb967), "A", "64.191.171.200", 600);
    assertThat(logEntries(txs)).isEqualTo(3);
  }

  @Test
  void hundredLookupsOverUdpAndTcp() throws IOException {
    assertThat(logEntries(run("100_udp_lookups.pcap"))).isEqualTo(50);
    assertThat(logEntries(run("100_tcp_lookups.pcap"))).isEqualTo(300);
  }
}
