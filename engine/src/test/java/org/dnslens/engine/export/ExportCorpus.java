package org.dnslens.engine.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dnslens.engine.ingest.CollectingIngestSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.DnsFixtures;

/** Transactions for export tests: every Zeek and gopassivedns capture in the repo, plus hostile ones. */
final class ExportCorpus {
  private ExportCorpus() {}

  static List<Transaction> load() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("../testdata/pcaps/zeek", "../testdata/pcaps/gopassivedns/data")) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".pcap")).sorted().forEach(files::add);
      }
    }
    IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults());
    CollectingIngestSink sink = CollectingIngestSink.transactionsOnly();
    p.run(p.describe(files), sink, IngestPipeline.MessageListener.NONE, IngestPipeline.Progress.NONE, () -> false);
    List<Transaction> out = new ArrayList<>(sink.transactions());
    out.addAll(hostile());
    return out;
  }

  /** Names and TXT data chosen to break CSV, spreadsheets, `||` and line formats. */
  static List<Transaction> hostile() {
    DnsFixtures f = new DnsFixtures();
    List<Transaction> out = new ArrayList<>();
    String[] texts = {"=HYPERLINK(\"http://x\",\"y\")", "+1,2\r\nnext", "-x||y", "@SUM(A1)", "\tTAB\"q\""};
    long t = 1_700_000_000L * DnsFixtures.S;
    int id = 1;
    for (String text : texts) {
      DnsMessage q = f.query("10.0.0.1", "10.0.0.53", id, "x.example", 16, t);
      DnsMessage r = f.reply("10.0.0.1", "10.0.0.53", id, "x.example", 16, t + 1_234_567,
          List.of(DnsFixtures.txt("x.example", text)), List.of());
      out.add(new Transaction(TransactionStatus.ANSWERED, q, r, List.of(), 0, 0, Role.CLIENT, null));
      id++;
      t += DnsFixtures.S;
    }
    DnsMessage q = f.query("2001:db8::1", "2001:db8::53", 9, "=cmd.example", 1, t);
    out.add(new Transaction(TransactionStatus.UNANSWERED, q, null, List.of(), 0, 0, Role.UNKNOWN, null));
    return out;
  }
}
