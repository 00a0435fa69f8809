package org.dnslens.engine.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.Transaction;

/**
 * NXDOMAIN storms and domain generation algorithms (DGA) per client.
 *
 * <p>Statistics per client: the peak number of distinct NXDOMAIN names in a sliding window (the community
 * Zeek rule: 50 in 5 minutes); for each distinct failed name, its registrable label ("xkqjzpw" of
 * "xkqjzpw.com") judged by a character bigram model ({@link BigramModel}, in the spirit of freq.py) and
 * its length; and names that did resolve (NOERROR with answers) with a random-looking registrable label.
 * A DGA tries many generated names and only the one the operator registered resolves: that name, when it
 * resolves within {@code resolveWindowNanos} of the burst, is named as the likely C2.
 *
 * <p>Reported when the peak of random-looking failed names in a window reaches {@code
 * minDistinctRandomNxNames} (a DGA burst), or when the peak of all failed names reaches {@code
 * minDistinctNxNames} and (with {@code stormNeedsCorroboration}) the labels look random or share one
 * length. Score: 50, plus 20 when at least {@code
 * randomShare} of the judged labels look random, plus 10 when at least {@code sameLengthShare} share one
 * length (generators often emit fixed-length labels), plus 15 when a random-looking name resolved during
 * the burst; capped at 100.
 */
public final class NxdomainBurstDetector implements Detector {
  /** Clients tracked. */
  public static final int MAX_TRACKED_CLIENTS = 20_000;
  /** Distinct failed names kept per client in the sliding window; beyond it the oldest are dropped. */
  public static final int MAX_WINDOW_NAMES = 2048;
  /** Resolved random-looking names kept per client as C2 candidates (the most recent ones). */
  public static final int MAX_RESOLVED_CANDIDATES = 32;
  /** Label lengths are counted up to the DNS label limit. */
  private static final int MAX_LABEL_CHARS = 63;

  private final DetectionConfig.Nxdomain cfg;
  private final AllowList allowList;
  private final BigramModel model;
  private final NameFacts facts;
  private final Map<IpAddress, State> clients = new HashMap<>();
  private final int maxClients;
  private long overflow;

  private record Candidate(String name, int labelChars, long timestampNanos, FrameRef frame) {}

  private record Event(long timestampNanos, long hash) {}

  private static final class State {
    final ArrayDeque<Event> window = new ArrayDeque<>();
    final Set<Long> inWindow = new HashSet<>();
    final ArrayDeque<Event> randomWindow = new ArrayDeque<>();
    final Set<Long> inRandomWindow = new HashSet<>();
    int randomPeak;
    final DistinctCounter nxNames = new DistinctCounter();
    final Evidence evidence = new Evidence();
    final int[] lengthCounts = new int[MAX_LABEL_CHARS + 1];
    final List<Candidate> candidates = new ArrayList<>(0);
    long nxReplies;
    long judged;
    long random;
    double logLikelihoodSum;
    int peak;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
  }

  public NxdomainBurstDetector(DetectionConfig config, BigramModel model) {
    this(config, model, new NameFacts(), MAX_TRACKED_CLIENTS);
  }

  /** With a smaller client limit, for tests of the bound. */
  NxdomainBurstDetector(DetectionConfig config, BigramModel model, int maxClients) {
    this(config, model, new NameFacts(), maxClients);
  }

  NxdomainBurstDetector(DetectionConfig config, BigramModel model, NameFacts facts, int maxClients) {
    this.facts = facts;
    this.cfg = config.nxdomain();
    this.allowList = config.allowList();
    this.model = model;
    this.maxClients = maxClients;
  }

  @Override
  public String name() {
    return "nxdomain_burst";
  }

  @Override
  public void add(Transaction tx) {
    if (!Transactions.isClientLeg(tx) || tx.reply() == null) {
      return;
    }
    int rcode = tx.rcode();
    boolean nx = rcode == Rcode.NXDOMAIN;
    boolean resolved = rcode == Rcode.NOERROR && !tx.reply().answers().isEmpty();
    if (!nx && !resolved) {
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
    String label = registrableLabel(facts.domain(tx));
    State s = clients.get(client);
    if (resolved) {
      // Only clients already failing, or names that look generated, are worth remembering.
      if (label.length() < cfg.minLabelChars()
          || model.logLikelihoodPerChar(label) >= cfg.randomLogLikelihood()) {
        return;
      }
    }
    if (s == null) {
      if (clients.size() >= maxClients) {
        overflow++;
        return;
      }
      s = new State();
      clients.put(client, s);
    }
    long ts = tx.queryTimestampNanos();
    if (resolved) {
      // The most recent candidates: a full list drops its oldest, a DGA's hit is near its burst.
      if (s.candidates.size() >= MAX_RESOLVED_CANDIDATES) {
        s.candidates.remove(0);
      }
      s.candidates.add(new Candidate(name, label.length(), ts, Transactions.frame(tx)));
      return;
    }
    s.nxReplies++;
    s.first = Math.min(s.first, ts);
    s.last = Math.max(s.last, ts);
    long h = DistinctCounter.hash(name);
    slide(s.window, s.inWindow, ts);
    if (s.inWindow.add(h)) {
      if (s.window.size() >= MAX_WINDOW_NAMES) {
        s.inWindow.remove(s.window.pollFirst().hash());
      }
      s.window.addLast(new Event(ts, h));
      s.peak = Math.max(s.peak, s.window.size());
    }
    boolean judged = label.length() >= cfg.minLabelChars();
    double ll = judged ? model.logLikelihoodPerChar(label) : 0;
    boolean randomLabel = judged && ll < cfg.randomLogLikelihood();
    if (randomLabel) {
      slide(s.randomWindow, s.inRandomWindow, ts);
      if (s.inRandomWindow.add(h)) {
        if (s.randomWindow.size() >= MAX_WINDOW_NAMES) {
          s.inRandomWindow.remove(s.randomWindow.pollFirst().hash());
        }
        s.randomWindow.addLast(new Event(ts, h));
        s.randomPeak = Math.max(s.randomPeak, s.randomWindow.size());
      }
    }
    if (!s.nxNames.addHash(h)) {
      return;
    }
    s.evidence.add(Transactions.frame(tx));
    if (judged) {
      s.judged++;
      s.logLikelihoodSum += ll;
      if (ll < cfg.randomLogLikelihood()) {
        s.random++;
      }
      s.lengthCounts[Math.min(MAX_LABEL_CHARS, label.length())]++;
    }
  }

  /** Drops the names older than the window ending at {@code ts}. */
  private void slide(ArrayDeque<Event> window, Set<Long> in, long ts) {
    while (!window.isEmpty() && window.peekFirst().timestampNanos() < ts - cfg.windowNanos()) {
      in.remove(window.pollFirst().hash());
    }
  }

  /** The leftmost label of a registrable domain ("xkqjzpw" for "xkqjzpw.com"). */
  private static String registrableLabel(String domain) {
    int dot = domain.indexOf('.');
    return dot > 0 ? domain.substring(0, dot) : domain;
  }

  @Override
  public List<Finding> finish() {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<IpAddress, State> e : clients.entrySet()) {
      State s = e.getValue();
      if (s.randomPeak < cfg.minDistinctRandomNxNames() && s.peak < cfg.minDistinctNxNames()) {
        continue;
      }
      Finding f = evaluate(e.getKey(), s);
      // A DGA burst: enough random-looking names in one window, and most failed names look random (a busy
      // client's few random-looking typos among hundreds of failures are not a DGA).
      boolean dgaBurst = s.randomPeak >= cfg.minDistinctRandomNxNames()
          && f.metrics().get("random_label_share") >= cfg.randomShare();
      if (!dgaBurst && s.peak < cfg.minDistinctNxNames()) {
        continue;
      }
      if (!dgaBurst && cfg.stormNeedsCorroboration() && f.metrics().get("random_label_share") < cfg.randomShare()
          && f.metrics().get("same_length_share") < cfg.sameLengthShare()) {
        continue;
      }
      out.add(f);
    }
    out.sort(TunnelingDetector.FINDING_ORDER);
    return out;
  }

  private Finding evaluate(IpAddress client, State s) {
    double randomShare = s.judged == 0 ? 0 : (double) s.random / s.judged;
    int dominantLength = 0;
    for (int len = 1; len <= MAX_LABEL_CHARS; len++) {
      if (s.lengthCounts[len] > s.lengthCounts[dominantLength]) {
        dominantLength = len;
      }
    }
    double sameLengthShare = s.judged == 0 ? 0 : (double) s.lengthCounts[dominantLength] / s.judged;
    boolean randomLooking = s.judged > 0 && randomShare >= cfg.randomShare();
    boolean sameLength = s.judged > 0 && sameLengthShare >= cfg.sameLengthShare();
    Candidate c2 = null;
    for (Candidate c : s.candidates) {
      if (c.timestampNanos() < s.first - cfg.resolveWindowNanos()
          || c.timestampNanos() > s.last + cfg.resolveWindowNanos()) {
        continue;
      }
      boolean better =
          c2 == null
              || (c.labelChars() == dominantLength && c2.labelChars() != dominantLength)
              || (c.labelChars() == dominantLength) == (c2.labelChars() == dominantLength)
                  && c.timestampNanos() < c2.timestampNanos();
      if (better) {
        c2 = c;
      }
    }
    int score = 50 + (randomLooking ? 20 : 0) + (sameLength ? 10 : 0) + (c2 != null ? 15 : 0);
    score = Math.min(100, score);
    long distinct = s.nxNames.count();
    String explanation =
        "host "
            + client
            + " got NXDOMAIN for "
            + Explain.count(distinct)
            + " distinct names in "
            + Explain.duration(s.last - s.first)
            + " (peak "
            + Explain.count(s.peak)
            + " in "
            + Explain.duration(cfg.windowNanos())
            + ", "
            + Explain.count(s.randomPeak)
            + " random-looking); "
            + Explain.percent(randomShare)
            + " of their labels look random, "
            + Explain.percent(sameLengthShare)
            + " are "
            + dominantLength
            + " chars long"
            + (c2 != null ? "; " + c2.name() + " resolved meanwhile: likely C2" : "");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("distinct_nxdomain_names", (double) distinct);
    m.put("peak_in_window", (double) s.peak);
    m.put("peak_random_in_window", (double) s.randomPeak);
    m.put("nxdomain_replies", (double) s.nxReplies);
    m.put("random_label_share", randomShare);
    m.put("mean_bigram_log_likelihood", s.judged == 0 ? 0 : s.logLikelihoodSum / s.judged);
    m.put("dominant_label_chars", (double) dominantLength);
    m.put("same_length_share", sameLengthShare);
    m.put("resolved_candidate", c2 != null ? 1.0 : 0.0);
    List<FrameRef> evidence = new ArrayList<>();
    long first = s.first;
    long last = s.last;
    if (c2 != null) {
      evidence.add(c2.frame());
      first = Math.min(first, c2.timestampNanos());
      last = Math.max(last, c2.timestampNanos());
    }
    evidence.addAll(s.evidence.refs());
    return Finding.of(
        FindingKind.NXDOMAIN_BURST,
        score,
        client,
        c2 != null ? c2.name() : null,
        first,
        last,
        explanation,
        m,
        evidence);
  }

  @Override
  public long overflowCount() {
    return overflow;
  }

  int trackedClients() {
    return clients.size();
  }
}
