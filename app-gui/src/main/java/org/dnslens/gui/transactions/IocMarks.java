package org.dnslens.gui.transactions;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.storage.search.StoredTransaction;

/**
 * Which transactions the table marks as IOC hits. Two sources: the hits the case stores (storage's
 * IocHitStore, written by {@code dnslens ioc} and kept with the case) and the hits of the lists loaded in
 * the IOC view this session (transaction ids, complete).
 *
 * <p>A stored hit keeps the frames of its first transactions only (a bounded list), so a row is also
 * marked when its question name, client or server is itself a stored hit's matched value: those are exact
 * and cover every transaction, truncated or not. Hits on answer data or CNAME targets beyond the stored
 * frames are not marked (the row does not carry its answers; decoding every row to check would cost a
 * page's decode per scroll).
 */
public record IocMarks(Set<Long> txIds, Set<FrameRef> frames, Set<String> names, Set<String> addresses) {
  public static final IocMarks NONE = new IocMarks(Set.of(), Set.of(), Set.of(), Set.of());

  public IocMarks {
    txIds = Set.copyOf(txIds);
    frames = Set.copyOf(frames);
    names = Set.copyOf(names);
    addresses = Set.copyOf(addresses);
  }

  /** Marks from the case's stored hits. */
  public static IocMarks of(List<IocHitSummary> stored) {
    Set<FrameRef> frames = new HashSet<>();
    Set<String> names = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (IocHitSummary h : stored) {
      frames.addAll(h.transactions());
      switch (h.where()) {
        case QNAME -> names.add(trimDot(h.matchedValue().toLowerCase(Locale.ROOT)));
        case CLIENT_IP, SERVER_IP -> addresses.add(h.matchedValue());
        default -> { }
      }
    }
    return new IocMarks(Set.of(), frames, names, addresses);
  }

  /** These marks plus the transactions the IOC view matched. */
  public IocMarks withTransactions(Set<Long> ids) {
    Set<Long> all = new HashSet<>(txIds);
    all.addAll(ids);
    return new IocMarks(all, frames, names, addresses);
  }

  public boolean isEmpty() {
    return txIds.isEmpty() && frames.isEmpty() && names.isEmpty() && addresses.isEmpty();
  }

  public boolean marks(StoredTransaction t) {
    if (txIds.contains(t.id())) {
      return true;
    }
    Long frame = t.queryFrame() != null ? t.queryFrame() : t.replyFrame();
    if (frame != null && frames.contains(new FrameRef(t.sourceId(), frame))) {
      return true;
    }
    if (t.qname() != null && !names.isEmpty() && names.contains(trimDot(t.qname().toLowerCase(Locale.ROOT)))) {
      return true;
    }
    return !addresses.isEmpty()
        && (addresses.contains(t.clientIp().toString()) || addresses.contains(t.serverIp().toString()));
  }

  private static String trimDot(String name) {
    return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
  }
}
