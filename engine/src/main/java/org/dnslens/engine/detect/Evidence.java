package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FrameRef;

/** The first query frames of a key, bounded by {@link Finding#MAX_EVIDENCE_REFS}; later ones are counted. */
final class Evidence {
  private final List<FrameRef> refs = new ArrayList<>(4);
  private long total;

  void add(FrameRef ref) {
    total++;
    if (ref != null && refs.size() < Finding.MAX_EVIDENCE_REFS) {
      refs.add(ref);
    }
  }

  List<FrameRef> refs() {
    return refs;
  }

  long total() {
    return total;
  }
}
