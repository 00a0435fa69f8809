package org.dnslens.gui.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GUI's ingest into a real case file: the capture's sha256 is made beside the reading (not before it)
 * and still stored, so the same capture dropped again is recognised and adds nothing.
 */
class IngestJobTest {
  @Test
  void storesTheCapturesSha256AndSkipsItTheSecondTime(@TempDir Path dir) throws Exception {
    Path capture = dir.resolve("sample.pcapng.gz");
    Files.copy(SampleCase.CAPTURE, capture);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(capture)));
    List<Double> fractions = new CopyOnWriteArrayList<>();
    TaskRunner.TaskContext ctx =
        new TaskRunner.TaskContext() {
          @Override
          public void progress(double fraction, String message) {
            fractions.add(fraction);
          }

          @Override
          public boolean isCancelled() {
            return false;
          }
        };
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      IngestJob.Outcome first = IngestJob.run(db, List.of(capture), ctx);
      assertThat(first.cancelled()).isFalse();
      assertThat(first.skippedSources()).isZero();
      assertThat(first.stats().transactions()).isEqualTo(SampleCase.TRANSACTIONS);
      CaseInfo info = CaseInfo.load(db);
      assertThat(info.sources()).singleElement().satisfies(s -> {
        assertThat(s.sha256()).isEqualTo(sha256);
        assertThat(s.sizeBytes()).isEqualTo(Files.size(capture));
      });
      assertThat(info.transactions()).isEqualTo(SampleCase.TRANSACTIONS);
      assertThat(fractions).contains(1.0);

      IngestJob.Outcome again = IngestJob.run(db, List.of(capture), ctx);
      assertThat(again.skippedSources()).as("the same bytes are in the case already").isEqualTo(1);
      assertThat(CaseInfo.load(db).transactions()).isEqualTo(SampleCase.TRANSACTIONS);
      assertThat(CaseInfo.load(db).sources()).hasSize(1);
    }
  }
}
