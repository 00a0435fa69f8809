package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.export.TransactionAnnotator;
import org.dnslens.engine.model.Transaction;

/**
 * Marks transactions with their indicator hits for {@code dnslens read --ioc}: adds {@code "ioc_hits":
 * [{"ioc": ..., "kind": ..., "list": ..., "line": ..., "where": ..., "value": ...}]} when there is a hit,
 * nothing otherwise. Optionally feeds an aggregator so the run can end with a summary.
 */
public final class IocAnnotator implements TransactionAnnotator {
  private final IocMatcher matcher;
  private final IocHitAggregator aggregator;

  /** @param aggregator receives every transaction's hits, or null */
  public IocAnnotator(IocMatcher matcher, IocHitAggregator aggregator) {
    this.matcher = matcher;
    this.aggregator = aggregator;
  }

  public IocAnnotator(IocMatcher matcher) {
    this(matcher, null);
  }

  @Override
  public Map<String, Object> annotate(Transaction tx) {
    List<IocHit> hits = matcher.match(tx);
    if (hits.isEmpty()) {
      return Map.of();
    }
    if (aggregator != null) {
      aggregator.add(tx, hits);
    }
    List<Object> list = new ArrayList<>(hits.size());
    for (IocHit h : hits) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ioc", h.ioc().value());
      m.put("kind", h.ioc().kind().name().toLowerCase(java.util.Locale.ROOT));
      m.put("list", h.ioc().list());
      if (h.ioc().line() > 0) {
        m.put("line", h.ioc().line());
      }
      if (h.ioc().objectId() != null) {
        m.put("id", h.ioc().objectId());
      }
      m.put("where", h.where().label());
      m.put("value", h.matchedValue());
      list.add(m);
    }
    return Map.of("ioc_hits", list);
  }
}
