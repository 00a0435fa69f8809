package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dnslens.engine.model.DnsName;
import org.junit.jupiter.api.Test;

/**
 * A name's NAME postings list every block it was asked in, however many: until session 28 the run writer
 * copied a chain it had just read from the scratch array it held before the read had to enlarge it, so the
 * name whose postings first outgrew the scratch (64 blocks, then 128, ...) was stored with its later blocks
 * replaced by zeros, and a search by that name missed them (3 names of the 1 M generated capture).
 */
class RunWriterNamePostingsTest {

  @Test
  void aNameInMoreBlocksThanTheScratchHoldsKeepsThemAll() throws Exception {
    Map<String, int[]> postings = new HashMap<>();
    List<Integer> blocks = new ArrayList<>();
    RunWriter w = new RunWriter(output(postings, blocks), 1, 1, 1_000_000, 0);
    int n = 200 * TxBlock.MAX_TRANSACTIONS; // 200 blocks
    for (int i = 0; i < n; i++) {
      // every transaction asks a.example; its upper-case variant (another slot, the same key) in every
      // seventh block only, and b.example in the first block only
      String name = (i / TxBlock.MAX_TRANSACTIONS) % 7 == 3 && i % 2 == 0 ? "A.example" : i < 10 ? "b.example" : "a.example";
      w.add(RunWriterNameSlotsTest.tx(i, name), DnsName.parse(name));
    }
    w.finish();
    assertThat(blocks).hasSize(200);
    assertThat(postings.get("example.a")).containsExactly(blocks.stream().mapToInt(b -> b).toArray());
    assertThat(postings.get("example.b")).containsExactly(blocks.get(0));
  }

  /** Collects the NAME pages' postings by key text, and the ids of the blocks written. */
  private static RunOutput output(Map<String, int[]> postings, List<Integer> blocks) {
    return new RunOutput() {
      @Override
      public void block(EncodedBlock block) {
        blocks.add(block.id());
      }

      @Override
      public void pages(List<SegmentPage> pages) {
        for (SegmentPage p : pages) {
          if (p.kind() == SegmentKind.NAME) {
            SegmentPage.scan(p.data(), null, null, (key, len, data, off, vlen) -> {
              postings.put(new String(key, 0, len, StandardCharsets.ISO_8859_1),
                  RunWriter.readPostings(data, off, vlen));
              return true;
            });
          }
        }
      }

      @Override
      public void counts(List<RunCount> counts) {}
    };
  }
}
