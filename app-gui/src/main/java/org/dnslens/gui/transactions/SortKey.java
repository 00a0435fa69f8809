package org.dnslens.gui.transactions;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.storage.search.StoredTransaction;

/**
 * What the transactions table can be ordered by. {@link #TIME} is the case's own (time, id) order, served
 * page by page from the database in either direction; every other key sorts the filter's matches in
 * memory, which is only honest when all of them are fetched (see {@link
 * TransactionsViewModel#SORT_IN_MEMORY_CAP}). Ties keep time order, so equal names stay chronological.
 */
public enum SortKey {
  TIME("time", StoredTransaction::tsNanos),
  NAME("query name", t -> t.qname() == null ? null : t.qname().toLowerCase(Locale.ROOT)),
  CLIENT("client", StoredTransaction::clientIp),
  CLIENT_PORT("client port", StoredTransaction::clientPort),
  SERVER("server", StoredTransaction::serverIp),
  PROTO("protocol", t -> t.transport().label()),
  QTYPE("type", t -> t.qtype() == null ? null : RrType.name(t.qtype())),
  RCODE("rcode", t -> t.rcode() < 0 ? null : Rcode.name(t.rcode())),
  STATUS("status", t -> t.status().label()),
  RTT("RTT", t -> t.rttNanos() < 0 ? null : t.rttNanos()),
  SOURCE("source", StoredTransaction::sourceLabel);

  private final String label;
  private final Function<StoredTransaction, Comparable<?>> value;

  SortKey(String label, Function<StoredTransaction, Comparable<?>> value) {
    this.label = label;
    this.value = value;
  }

  /** The column as a sentence names it ("narrow the filter to sort by query name"). */
  public String label() {
    return label;
  }

  /**
   * The order. Rows without a value (no question, unanswered, no round trip) come last in both directions,
   * so "slowest first" does not start with the unanswered; (time, id) breaks ties so the result does not
   * depend on fetch order.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Comparator<StoredTransaction> comparator(boolean descending) {
    Comparator<Comparable> direction = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
    Comparator<StoredTransaction> c =
        Comparator.comparing(t -> (Comparable) value.apply(t), Comparator.nullsLast(direction));
    Comparator<StoredTransaction> byTime =
        Comparator.comparingLong(StoredTransaction::tsNanos).thenComparingLong(StoredTransaction::id);
    return c.thenComparing(descending ? byTime.reversed() : byTime);
  }
}
