package org.dnslens.engine.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * DNS tunneling and exfiltration per (client, registrable domain).
 *
 * <p>Statistics per key: distinct query names under the domain (RITA v5's C2-over-DNS count: 100 is
 * suspicious, 500/800/1000 grade it); distinct subdomain parts of at least 50 characters within 5
 * minutes (Elastic's long-subdomain signal); mean Shannon entropy of the distinct subdomain parts;
 * the largest number of bytes of distinct subdomain text in one capture day (the information budget of
 * Paxson et al., "Practical Comprehensive Bounds on Surreptitious Communication over DNS", USENIX
 * Security 2013, which found about 4 kB per client, domain and day enough to separate benign use); the
 * share of TXT, NULL, CNAME and MX queries; the share of large replies.
 *
 * <p>Reported when the distinct-name count reaches {@code minDistinctSubdomains} and at least one other
 * signal corroborates, or when the information budget is exceeded with long, high-entropy subdomains
 * (slow exfiltration below the count). Score: 40 at 100 names, 55 at 500, 65 at 800, 75 at 1000 (30 below
 * 100), plus 10 each for long subdomains, high entropy and an exceeded budget, plus 5 each for the query
 * type share and large replies, capped at 100.
 */
public final class TunnelingDetector implements Detector {
  /** (client, domain) keys tracked; further keys are counted in {@link #overflowCount()}. */
  public static final int MAX_TRACKED_KEYS = 50_000;
  /** Timestamps of long subdomains kept per key for the sliding window. */
  static final int MAX_WINDOW_EVENTS = 4096;

  private static final long DAY_NANOS = 86_400_000_000_000L;

  private final DetectionConfig.Tunneling cfg;
  private final AllowList allowList;
  private final NameFacts facts;
  private final Map<Key, State> keys = new HashMap<>();
  private final int maxKeys;
  private long overflow;

  private record Key(IpAddress client, String domain) {}

  private static final class State {
    final DistinctCounter names = new DistinctCounter();
    final Evidence evidence = new Evidence();
    final ArrayDeque<Long> longTimes = new ArrayDeque<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long queries;
    long oddTypeQueries;
    long txtQueries;
    long nullQueries;
    long replies;
    long largeReplies;
    long distinctNew;
    long nameBytes;
    double entropySum;
    int maxSubdomainChars;
    int maxLongInWindow;
    long day = Long.MIN_VALUE;
    long dayBytes;
    long maxDayBytes;
  }

  public TunnelingDetector(DetectionConfig config) {
    this(config, new NameFacts(), MAX_TRACKED_KEYS);
  }

  /** With a smaller key limit, for tests of the bound. */
  TunnelingDetector(DetectionConfig config, int maxKeys) {
    this(config, new NameFacts(), maxKeys);
  }

  TunnelingDetector(DetectionConfig config, NameFacts facts, int maxKeys) {
    this.facts = facts;
    this.cfg = config.tunneling();
    this.allowList = config.allowList();
    this.maxKeys = maxKeys;
  }

  @Override
  public String name() {
    return "tunneling";
  }

  @Override
  public void add(Transaction tx) {
    if (!Transactions.isClientLeg(tx) || tx.query() == null) {
      return;
    }
    String name = facts.name(tx);
    if (name == null || name.equals(".")) {
      return;
    }
    IpAddress client = tx.clientIp();
    if (client == null || allowList.allowsClient(client) || allowList.allowsName(name)) {
      return;
    }
    String domain = facts.domain(tx);
    Key key = new Key(client, domain);
    State s = keys.get(key);
    if (s == null) {
      if (keys.size() >= maxKeys && !makeRoom()) {
        overflow++;
        return;
      }
      s = new State();
      keys.put(key, s);
    }
    long ts = tx.queryTimestampNanos();
    s.first = Math.min(s.first, ts);
    s.last = Math.max(s.last, ts);
    s.queries++;
    int type = Transactions.queryType(tx);
    if (type == RrType.TXT || type == RrType.NULL || type == RrType.CNAME || type == RrType.MX) {
      s.oddTypeQueries++;
      if (type == RrType.TXT) {
        s.txtQueries++;
      } else if (type == RrType.NULL) {
        s.nullQueries++;
      }
    }
    if (tx.reply() != null) {
      s.replies++;
      byte[] wire = tx.reply().wire();
      if (wire != null && wire.length >= cfg.largeReplyBytes()) {
        s.largeReplies++;
      }
    }
    String sub = RegistrableDomains.subdomainPart(name, domain);
    if (sub.isEmpty() || !s.names.add(name)) {
      return;
    }
    // A new distinct subdomain.
    s.evidence.add(Transactions.frame(tx));
    String text = sub.replace(".", "");
    s.distinctNew++;
    s.nameBytes += text.length();
    s.entropySum += TextStatistics.shannonEntropy(text);
    s.maxSubdomainChars = Math.max(s.maxSubdomainChars, sub.length());
    long day = Math.floorDiv(ts, DAY_NANOS);
    if (day != s.day) {
      s.day = day;
      s.dayBytes = 0;
    }
    s.dayBytes += text.length();
    s.maxDayBytes = Math.max(s.maxDayBytes, s.dayBytes);
    if (sub.length() >= cfg.longSubdomainChars()) {
      while (!s.longTimes.isEmpty() && s.longTimes.peekFirst() < ts - cfg.longSubdomainWindowNanos()) {
        s.longTimes.pollFirst();
      }
      if (s.longTimes.size() >= MAX_WINDOW_EVENTS) {
        s.longTimes.pollFirst();
      }
      s.longTimes.addLast(ts);
      s.maxLongInWindow = Math.max(s.maxLongInWindow, s.longTimes.size());
    }
  }

  /**
   * Frees a quarter of the table by evicting the smallest keys: first those with fewer than 4 distinct
   * names, then 8, 16, ... up to {@code minDistinctSubdomains}. A tunnel grows fast, so a key evicted while
   * small loses little; evictions are counted as overflow.
   */
  private boolean makeRoom() {
    int target = maxKeys - Math.max(1, maxKeys / 4);
    for (long below = 4; below <= Math.max(4, cfg.minDistinctSubdomains()); below *= 2) {
      final long b = below;
      int before = keys.size();
      keys.values().removeIf(s -> s.names.count() < b);
      overflow += before - keys.size();
      if (keys.size() <= target) {
        return true;
      }
    }
    return keys.size() < maxKeys;
  }

  @Override
  public List<Finding> finish() {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<Key, State> e : keys.entrySet()) {
      Finding f = score(e.getKey(), e.getValue());
      if (f != null) {
        out.add(f);
      }
    }
    out.sort(FINDING_ORDER);
    return out;
  }

  /** Best score first, then earliest, then client and domain, so output is stable. */
  static final Comparator<Finding> FINDING_ORDER =
      Comparator.comparingInt(Finding::score)
          .reversed()
          .thenComparingLong(Finding::firstSeenNanos)
          .thenComparing(f -> Objects.toString(f.client(), ""))
          .thenComparing(f -> Objects.toString(f.domain(), ""));

  private Finding score(Key key, State s) {
    long distinct = s.names.count();
    double entropy = s.distinctNew == 0 ? 0 : s.entropySum / s.distinctNew;
    double oddShare = s.queries == 0 ? 0 : (double) s.oddTypeQueries / s.queries;
    double largeShare = s.replies == 0 ? 0 : (double) s.largeReplies / s.replies;
    boolean longLabels = s.maxLongInWindow >= cfg.longSubdomainMinCount();
    boolean highEntropy = s.distinctNew > 0 && entropy >= cfg.highEntropyBitsPerChar();
    boolean overBudget = s.maxDayBytes >= cfg.infoBudgetBytesPerDay();
    boolean oddTypes = oddShare >= cfg.oddTypeShare();
    boolean largeReplies = largeShare >= cfg.largeReplyShare();
    int corroborating =
        (longLabels ? 1 : 0) + (highEntropy ? 1 : 0) + (overBudget ? 1 : 0) + (oddTypes ? 1 : 0)
            + (largeReplies ? 1 : 0);
    boolean manyNames = distinct >= cfg.minDistinctSubdomains() && corroborating >= 1;
    boolean slowExfil = overBudget && highEntropy && longLabels;
    if (!manyNames && !slowExfil) {
      return null;
    }
    int score;
    if (distinct >= cfg.gradeHigh()) {
      score = 75;
    } else if (distinct >= cfg.gradeMedium()) {
      score = 65;
    } else if (distinct >= cfg.gradeLow()) {
      score = 55;
    } else if (distinct >= cfg.minDistinctSubdomains()) {
      score = 40;
    } else {
      score = 30;
    }
    score += (longLabels ? 10 : 0) + (highEntropy ? 10 : 0) + (overBudget ? 10 : 0);
    score += (oddTypes ? 5 : 0) + (largeReplies ? 5 : 0);
    score = Math.min(100, score);

    long contentBytes = s.names.isExact() || s.distinctNew == 0
        ? s.nameBytes
        : Math.round((double) s.nameBytes / s.distinctNew * distinct);
    String typeText = typeMix(s);
    String explanation =
        "host "
            + key.client()
            + " sent "
            + (s.names.isExact() ? "" : "about ")
            + Explain.count(distinct)
            + " distinct names under "
            + key.domain()
            + " in "
            + Explain.duration(s.last - s.first)
            + " (subdomains up to "
            + s.maxSubdomainChars
            + " chars, "
            + Explain.count(s.maxLongInWindow)
            + " of "
            + cfg.longSubdomainChars()
            + "+ chars in 5 min at peak), "
            + Explain.bytes(contentBytes)
            + " of name content ("
            + Explain.bytes(s.maxDayBytes)
            + " in one day), "
            + Explain.oneDecimal(entropy)
            + " bits/char; "
            + typeText
            + (s.largeReplies > 0 ? ", " + Explain.percent(largeShare) + " large replies" : "");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("distinct_names", (double) distinct);
    m.put("distinct_exact", s.names.isExact() ? 1.0 : 0.0);
    m.put("queries", (double) s.queries);
    m.put("max_subdomain_chars", (double) s.maxSubdomainChars);
    m.put("max_long_subdomains_in_window", (double) s.maxLongInWindow);
    m.put("mean_entropy_bits_per_char", entropy);
    m.put("name_content_bytes", (double) contentBytes);
    m.put("max_name_bytes_per_day", (double) s.maxDayBytes);
    m.put("odd_type_share", oddShare);
    m.put("large_reply_share", largeShare);
    m.put("duration_seconds", (s.last - s.first) / 1e9);
    return Finding.of(
        FindingKind.TUNNELING,
        score,
        key.client(),
        key.domain(),
        s.first,
        s.last,
        explanation,
        m,
        s.evidence.refs());
  }

  private static String typeMix(State s) {
    if (s.oddTypeQueries == 0) {
      return "no TXT/NULL/CNAME/MX queries";
    }
    double odd = (double) s.oddTypeQueries / s.queries;
    if (s.txtQueries * 2 > s.oddTypeQueries && s.txtQueries > 0) {
      return Explain.percent((double) s.txtQueries / s.queries) + " TXT";
    }
    if (s.nullQueries * 2 > s.oddTypeQueries && s.nullQueries > 0) {
      return Explain.percent((double) s.nullQueries / s.queries) + " NULL";
    }
    return Explain.percent(odd) + " TXT/NULL/CNAME/MX";
  }

  @Override
  public long overflowCount() {
    return overflow;
  }

  /** Keys tracked now (for tests of the bound). */
  int trackedKeys() {
    return keys.size();
  }
}
