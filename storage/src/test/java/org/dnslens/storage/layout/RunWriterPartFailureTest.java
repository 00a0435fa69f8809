package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A part's pages are built by two threads that wait for each other's sorts; when the output fails at any
 * of its page hand-overs, {@link RunWriter#finish} throws that failure, does not hang, and leaves no helper
 * thread behind.
 */
class RunWriterPartFailureTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aFailingOutputFailsTheRunWithoutAHang() throws Exception {
    int hands = run(Integer.MAX_VALUE); // how many page lists a part of this run hands over
    // the name table, NAME, CLIENT, SERVER and ANSWER postings, per-client pages, PDNS_NAME, PDNS_IP
    assertThat(hands).isGreaterThanOrEqualTo(7);
    for (int failing = 1; failing <= hands; failing++) {
      int f = failing;
      assertThatThrownBy(() -> run(f)).isInstanceOf(IOException.class).hasMessage("disk full at hand " + f);
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("dnslens-passive-dns-pages") && t.isAlive());
    }
  }

  /** Writes a small run whose output fails at its {@code failingHand}th page list; returns the lists handed. */
  private static int run(int failingHand) throws IOException {
    int[] hands = {0};
    RunOutput out = new RunOutput() {
      @Override
      public void block(EncodedBlock block) {}

      @Override
      public void pages(List<SegmentPage> pages) throws IOException {
        if (++hands[0] == failingHand) {
          throw new IOException("disk full at hand " + failingHand);
        }
      }

      @Override
      public void counts(List<RunCount> counts) {}
    };
    RunWriter w = new RunWriter(out, 1, 1, 1_000_000, 0);
    for (int i = 0; i < 2_000; i++) {
      String name = "n" + (i % 300) + ".example";
      w.add(RunWriterNameSlotsTest.tx(i, name), DnsName.parse(name));
      w.answer(DnsName.parse(name), 1, null, IpAddress.parse("192.0.2." + (i % 200)), 1_000L + i);
      w.answer(DnsName.parse(name), 5, "alias" + i + ".example.", null, 1_000L + i);
    }
    w.finish();
    return hands[0];
  }
}
