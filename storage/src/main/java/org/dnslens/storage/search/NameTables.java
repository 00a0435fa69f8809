package org.dnslens.storage.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.storage.layout.NameTable;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentMerge;

/**
 * The name tables of a case's runs and parts ({@link NameTable}), found in the directory and opened the
 * first time a value of that run and part asks for a name; each loads its pages as they are needed. One
 * instance per query: it holds the pages it loaded.
 */
final class NameTables {
  private final Map<Long, List<CaseDirectory.Page>> pagesByOwner = new HashMap<>();
  private final Map<Long, NameTable> open = new HashMap<>();
  private final SegmentMerge.PageSource source;

  NameTables(CaseDirectory dir, SegmentMerge.PageSource source) {
    this.source = source;
    for (CaseDirectory.Page p : dir.pages(SegmentKind.NAME_TABLE, null, null)) {
      pagesByOwner.computeIfAbsent(owner(p.run(), p.part()), k -> new ArrayList<>()).add(p);
    }
  }

  /** The table of a run's part (an empty one if it has none: its pages hold names as text). */
  NameTable of(int run, int part) {
    return open.computeIfAbsent(owner(run, part), o -> {
      List<CaseDirectory.Page> pages = pagesByOwner.get(o);
      if (pages == null) {
        return NameTable.EMPTY;
      }
      long[] ids = new long[pages.size()];
      int[] first = new int[pages.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = pages.get(i).id();
        first[i] = NameTable.ordinal(pages.get(i).firstKey());
      }
      return new NameTable(ids, first, source);
    });
  }

  private static long owner(int run, int part) {
    return (long) run << 32 | (part & 0xffffffffL);
  }
}
