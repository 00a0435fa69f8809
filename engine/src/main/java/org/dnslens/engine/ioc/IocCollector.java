package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.SafeText;

/** Accumulates one list's indicators and problems within the reader's bounds. */
final class IocCollector {
  /** Characters of an offending entry kept in a problem's excerpt. */
  static final int MAX_EXCERPT_CHARS = 80;
  /** Characters of a description or tag kept; the rest of a hostile comment is dropped. */
  static final int MAX_TEXT_CHARS = 512;
  /** Tags kept per indicator. */
  static final int MAX_TAGS = 32;

  final String list;
  private final int maxEntries;
  private final List<Ioc> iocs = new ArrayList<>();
  private final List<IocProblem> problems = new ArrayList<>();
  private long problemCount;
  private long ignored;
  private boolean complete = true;

  IocCollector(String list, int maxEntries) {
    this.list = list;
    this.maxEntries = maxEntries;
  }

  /** Whether the entry bound was reached; readers stop then. */
  boolean full() {
    return !complete;
  }

  void add(Ioc ioc) {
    if (!complete) {
      return;
    }
    if (iocs.size() >= maxEntries) {
      complete = false;
      problem(ioc.line(), "more than " + maxEntries + " entries; the rest of the list is ignored", "");
      return;
    }
    iocs.add(ioc);
  }

  void problem(long line, String reason, String offending) {
    problemCount++;
    if (problems.size() < IocListReader.MAX_PROBLEMS_LISTED) {
      problems.add(new IocProblem(list, line, reason, excerpt(offending)));
    }
  }

  void ignore() {
    ignored++;
  }

  void incomplete() {
    complete = false;
  }

  IocList build(IocFormat format) {
    return new IocList(list, format, iocs, problems, problemCount, ignored, complete);
  }

  static String excerpt(String s) {
    if (s == null) {
      return "";
    }
    String cut = s.length() > MAX_EXCERPT_CHARS ? s.substring(0, MAX_EXCERPT_CHARS) + "..." : s;
    return SafeText.escape(cut);
  }

  /** Text from the list cut to {@link #MAX_TEXT_CHARS}; null or blank gives null. */
  static String text(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.strip();
    return t.length() > MAX_TEXT_CHARS ? t.substring(0, MAX_TEXT_CHARS) : t;
  }
}
