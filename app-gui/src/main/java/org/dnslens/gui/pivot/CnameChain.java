package org.dnslens.gui.pivot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.model.RrType;
import org.dnslens.gui.transactions.DisplayName;
import org.dnslens.storage.search.PassiveDnsQuery;

/**
 * A name's CNAME chain as the case saw it, from passive DNS: the name, each CNAME target in turn, and the
 * final answers (A, AAAA and anything else the last name held). Over time a name may have pointed at
 * several targets, so the chain is a tree, printed indented.
 */
public final class CnameChain {
  /** Deeper chains are cut: resolvers give up near here too (BIND follows 16 CNAMEs, Unbound 11). */
  public static final int MAX_DEPTH = 16;

  /** Links shown at most; a name rotating through many targets would otherwise flood the view. */
  public static final int MAX_LINES = 500;

  /** Answers read per name. */
  private static final int ANSWERS_PER_NAME = 200;

  /** One line: depth in the tree and the text, already made safe to show. */
  public record Line(int depth, String text) {}

  private final PassiveDnsQuery pdns;
  private final List<Line> lines = new ArrayList<>();

  private CnameChain(PassiveDnsQuery pdns) {
    this.pdns = pdns;
  }

  /** The chain from {@code name}; just the name with "(no answers seen)" when the case holds none. */
  public static List<Line> of(PassiveDnsQuery pdns, String name) {
    CnameChain c = new CnameChain(pdns);
    c.lines.add(new Line(0, DisplayName.of(name)));
    Set<String> onPath = new HashSet<>();
    onPath.add(key(name));
    c.follow(name, 1, onPath);
    return List.copyOf(c.lines);
  }

  private void follow(String name, int depth, Set<String> onPath) {
    if (name.contains("*")) {
      // PassiveDnsQuery reads * as a wildcard; a hostile target holding one is shown, not expanded.
      add(depth, "(target holds '*': not followed)");
      return;
    }
    List<PassiveDnsQuery.Entry> entries = pdns.byName(name, ANSWERS_PER_NAME);
    if (entries.isEmpty()) {
      add(depth, depth == 1 ? "(no answers seen)" : "(no answers seen for this target)");
      return;
    }
    for (PassiveDnsQuery.Entry e : entries) {
      if (lines.size() >= MAX_LINES) {
        add(depth, "(more than " + MAX_LINES + " lines: cut)");
        return;
      }
      String stats = String.format(Locale.ROOT, "  %,dx  %s .. %s", e.count(), EpochTime.iso(e.firstNanos()),
          EpochTime.iso(e.lastNanos()));
      boolean cname = e.type() == RrType.CNAME;
      add(depth, (cname ? "CNAME -> " : RrType.name(e.type()) + " ") + DisplayName.of(e.data()) + stats);
      if (!cname) {
        continue;
      }
      String target = e.data();
      if (onPath.contains(key(target))) {
        add(depth + 1, "(loops back to " + DisplayName.of(target) + ")");
      } else if (depth >= MAX_DEPTH) {
        add(depth + 1, "(chain longer than " + MAX_DEPTH + ": stopped)");
      } else {
        onPath.add(key(target));
        follow(target, depth + 1, onPath);
        onPath.remove(key(target));
      }
    }
  }

  private void add(int depth, String text) {
    lines.add(new Line(depth, text));
  }

  private static String key(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
  }

  /** The tree as indented text. */
  public static String render(List<Line> lines) {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines) {
      sb.append("  ".repeat(l.depth())).append(l.text()).append('\n');
    }
    return sb.toString();
  }
}
