package org.dnslens.gui.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dnslens.engine.capture.CaptureReader;
import org.dnslens.engine.capture.CaptureReaders;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.FilterExpression;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Export packets to pcap" on the real sample case: the carved file holds exactly the selection's frames. */
class CarvePacketsViewModelTest {
  @TempDir static Path dir;
  static Path caseFile;
  static CaseDatabase db;
  static CaseInfo info;
  static List<StoredTransaction> tunnel;

  @BeforeAll
  static void open() throws Exception {
    caseFile = SampleCase.create(dir);
    db = CaseDatabase.open(caseFile);
    info = CaseInfo.load(db);
    tunnel = new TransactionSearch(db).search(FilterExpression.parse("domain:" + SampleCase.TUNNEL_DOMAIN, 0).withLimit(3));
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** Frame number -> hex of the captured bytes, for the whole file. */
  private static Map<Long, String> frames(Path capture) throws Exception {
    Map<Long, String> out = new TreeMap<>();
    try (CaptureReader r = CaptureReaders.open(capture, 0, new IssueCounter())) {
      Frame f;
      while ((f = r.next()) != null) {
        byte[] b = new byte[f.capturedLength()];
        f.data().duplicate().get(b);
        out.put(f.frameNumber(), HexFormat.of().formatHex(b));
      }
    }
    return out;
  }

  private static List<String> expected(Map<Long, String> original) {
    List<String> out = new ArrayList<>();
    for (StoredTransaction t : tunnel) {
      out.add(original.get(t.queryFrame()));
      out.add(original.get(t.replyFrame()));
    }
    return out;
  }

  @Test
  void theSelectionsQueryAndReplyFramesAreCarvedByteForByte() throws Exception {
    assertThat(tunnel).hasSize(3).allMatch(t -> t.queryFrame() != null && t.replyFrame() != null);
    CarvePacketsViewModel vm = new CarvePacketsViewModel(new SameThreadTaskRunner());
    vm.setCase(caseFile, info);
    Path out = dir.resolve("tunnel.pcap");
    vm.carve(tunnel, out);
    assertThat(vm.missingCaptureProperty().get()).isNull();
    assertThat(vm.messageProperty().get()).startsWith("Wrote 6 frames of 3 transactions to tunnel.pcap (pcap)");
    assertThat(new ArrayList<>(frames(out).values())).isEqualTo(expected(frames(SampleCase.CAPTURE)));
  }

  @Test
  void aMovedCaptureIsAskedForAndOnlyTheSameSizedFileAccepted() throws Exception {
    CaseInfo.Source s = info.sources().get(0);
    CaseInfo.Source moved = new CaseInfo.Source(s.id(), s.label(), "/nonexistent/evidence/" + s.label(), s.sha256(),
        s.sizeBytes(), s.format(), s.linkTypes(), s.firstNanos(), s.lastNanos(), s.frames(), s.dnsMessages(),
        s.transactions());
    CaseInfo movedInfo = new CaseInfo(List.of(moved), info.transactions(), info.records(), info.firstNanos(),
        info.lastNanos(), info.topNames(), info.topClients(), info.topServers(), info.rcodes(), info.qtypes(),
        info.statuses(), info.issues());
    CarvePacketsViewModel vm = new CarvePacketsViewModel(new SameThreadTaskRunner());
    vm.setCase(caseFile, movedInfo);
    Path out = dir.resolve("moved.pcapng");
    vm.carve(tunnel, out);
    assertThat(vm.missingCaptureProperty().get()).isNotNull();
    assertThat(vm.missingCaptureProperty().get().storedPath()).isEqualTo("/nonexistent/evidence/" + s.label());
    assertThat(vm.messageProperty().get()).contains("no longer at /nonexistent/evidence/", "show where it is now");
    assertThat(out).doesNotExist();

    // The wrong file (the case itself) is refused: the frames would be someone else's.
    assertThat(vm.locate(caseFile)).isFalse();
    assertThat(vm.messageProperty().get()).contains("not the same capture");
    assertThat(out).doesNotExist();

    Path newHome = Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed.pcapng.gz");
    Files.copy(SampleCase.CAPTURE, newHome);
    assertThat(vm.locate(newHome)).isTrue();
    assertThat(vm.missingCaptureProperty().get()).isNull();
    assertThat(vm.messageProperty().get()).startsWith("Wrote 6 frames of 3 transactions to moved.pcapng (pcapng)");
    assertThat(new ArrayList<>(frames(out).values())).isEqualTo(expected(frames(SampleCase.CAPTURE)));
  }
}
