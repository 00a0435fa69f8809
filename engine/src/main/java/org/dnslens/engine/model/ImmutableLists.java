package org.dnslens.engine.model;

import java.util.List;

/**
 * {@code List.copyOf} for the records made per packet and per transaction ({@link DnsMessage}, {@link
 * PacketMeta}, {@link Transaction}), with its "already a List.of list" test made here.
 *
 * <p>Why: {@code List.copyOf} returns a {@code List.of} list unchanged, but the test sits inside the
 * JDK's {@code ImmutableCollections.listCopy}, whose branch profile is shared with every other caller
 * of {@code List.copyOf} in the JVM (ArrayLists and sub-lists from start-up and option parsing). So C2
 * compiled the whole copy path (toArray, a sub-list iterator, List.of) into these constructors, seven
 * times per message and transaction, and again into every hot method that inlines them (the DNS
 * decoder's build, the packet decoder's emit), although the decoders pass only {@code List.of} lists
 * (-XX:+LogCompilation of a cold {@code read}, docs/PERFORMANCE.md). Here the profile is these records'
 * own and the copy path stays cold.
 */
final class ImmutableLists {
  /** The classes {@code List.of} returns: List12 for one or two elements, ListN for none or more. */
  private static final Class<?> LIST_12 = List.of(0).getClass();

  private static final Class<?> LIST_N = List.of().getClass();

  private ImmutableLists() {}

  /** Exactly {@code List.copyOf(list)}: the same list when it is already one of {@code List.of}'s. */
  static <T> List<T> copyOf(List<T> list) {
    Class<?> c = list.getClass();
    return c == LIST_12 || c == LIST_N ? list : List.copyOf(list);
  }
}
