package org.dnslens.engine.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

/**
 * Pairing properties over randomly interleaved streams: every message is conserved, every query ends in
 * exactly one transaction, and output is deterministic.
 */
class TransactionPairerProperties {
  private static final long MS = DnsFixtures.MS;
  private static final long T0 = 1_700_000_000_000L * MS;
  private static final String[] CLIENTS = {"192.0.2.1", "192.0.2.2", "2001:db8::3"};
  private static final String[] SERVERS = {"198.51.100.1", "198.51.100.1", "2001:db8::53"};
  private static final String[] NAMES = {"a.example", "b.example", "A.EXAMPLE", "c.example"};

  /** kind 0: normal reply, 1: reply with another question, 2: reply without a question. */
  record ReplySpec(long delayMs, int variant, int kind) {}

  record Conversation(
      int client, int id, int name, Transport transport, long startMs, List<Long> retransMs, List<ReplySpec> replies) {}

  private static Arbitrary<ReplySpec> replies(long minDelayMs) {
    return Combinators.combine(
            Arbitraries.longs().between(minDelayMs, 12_500),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 9).map(k -> k == 0 ? 1 : k == 1 ? 2 : 0))
        .as(ReplySpec::new);
  }

  private static Arbitrary<Conversation> conversation(int maxId, long minReplyDelayMs, long maxRetransMs) {
    return Combinators.combine(
            Arbitraries.integers().between(0, CLIENTS.length - 1),
            Arbitraries.integers().between(0, maxId),
            Arbitraries.integers().between(0, NAMES.length - 1),
            Arbitraries.of(Transport.UDP, Transport.UDP, Transport.TCP),
            Arbitraries.longs().between(0, 30_000),
            Arbitraries.longs().between(0, maxRetransMs).list().ofMaxSize(2),
            replies(minReplyDelayMs).list().ofMaxSize(3))
        .as(Conversation::new);
  }

  @Provide
  Arbitrary<List<Conversation>> collidingConversations() {
    return conversation(3, 0, 12_000).list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Conversation>> uniqueConversations() {
    return conversation(0, 1_000, 999).list().ofMaxSize(40).map(TransactionPairerProperties::withUniqueIds);
  }

  private static List<Conversation> withUniqueIds(List<Conversation> cs) {
    List<Conversation> unique = new ArrayList<>(cs.size());
    for (int i = 0; i < cs.size(); i++) {
      Conversation c = cs.get(i);
      unique.add(new Conversation(c.client(), i, c.name(), c.transport(), c.startMs(), c.retransMs(), c.replies()));
    }
    return unique;
  }

  /** Messages of all conversations in capture-time order (stable for equal times). */
  private static List<DnsMessage> stream(List<Conversation> cs, List<DnsMessage> firstQueries) {
    DnsFixtures f = new DnsFixtures();
    List<DnsMessage> all = new ArrayList<>();
    for (Conversation c : cs) {
      String client = CLIENTS[c.client()];
      String server = SERVERS[c.client()];
      String name = NAMES[c.name()];
      int port = 40_000 + c.client();
      long start = T0 + c.startMs() * MS;
      DnsMessage q = f.query(c.transport(), client, port, server, 53, c.id(), name, RrType.A, start);
      firstQueries.add(q);
      all.add(q);
      for (long r : c.retransMs()) {
        all.add(f.query(c.transport(), client, port, server, 53, c.id(), name, RrType.A, start + r * MS));
      }
      for (ReplySpec r : c.replies()) {
        String replyName = r.kind() == 1 ? "mismatch.example" : r.kind() == 2 ? null : name;
        all.add(
            f.reply(
                c.transport(), client, port, server, 53, c.id(), replyName, RrType.A, 0,
                start + r.delayMs() * MS, "192.0.2." + (100 + r.variant())));
      }
    }
    all.sort(Comparator.comparingLong(m -> m.meta().timestampNanos()));
    return all;
  }

  private static List<Transaction> run(List<DnsMessage> messages, PairingConfig config) {
    List<Transaction> out = new ArrayList<>();
    TransactionPairer p = new TransactionPairer(config, new IssueCounter(), out::add);
    messages.forEach(p::accept);
    p.finish();
    assertThat(p.heldCount()).isZero();
    return out;
  }

  @Property
  void everyMessageLandsInExactlyOneTransaction(
      @ForAll("collidingConversations") List<Conversation> cs, @ForAll @IntRange(min = 1, max = 8) int maxPending) {
    List<DnsMessage> messages = stream(cs, new ArrayList<>());
    PairingConfig config = PairingConfig.defaults().withMaxPendingQueries(maxPending);
    List<Transaction> out = run(messages, config);

    Set<DnsMessage> input = Collections.newSetFromMap(new IdentityHashMap<>());
    input.addAll(messages);
    Map<DnsMessage, Boolean> kept = new IdentityHashMap<>();
    long counted = 0;
    for (Transaction t : out) {
      if (t.query() != null) {
        assertThat(t.query().isResponse()).isFalse();
        assertThat(kept.put(t.query(), true)).isNull();
      }
      if (t.reply() != null) {
        assertThat(t.reply().isResponse()).isTrue();
        assertThat(kept.put(t.reply(), true)).isNull();
      }
      for (DnsMessage o : t.otherReplies()) {
        assertThat(kept.put(o, true)).isNull();
      }
      counted += t.retransmissions() + t.identicalReplies();
      assertThat(t.status() == TransactionStatus.DUPLICATE_REPLY).isEqualTo(!t.otherReplies().isEmpty());
    }
    assertThat(kept.keySet()).allSatisfy(m -> assertThat(input).contains(m));
    assertThat(kept.size() + counted).isEqualTo(messages.size());
  }

  @Property
  void everyQueryEndsInExactlyOneTransaction(@ForAll("uniqueConversations") List<Conversation> cs) {
    List<DnsMessage> firstQueries = new ArrayList<>();
    List<Transaction> out = run(stream(cs, firstQueries), PairingConfig.defaults());

    Map<DnsMessage, Transaction> byQuery = new IdentityHashMap<>();
    for (Transaction t : out) {
      if (t.query() != null) {
        assertThat(byQuery.put(t.query(), t)).isNull();
      }
    }
    assertThat(byQuery).hasSameSizeAs(cs);
    for (int i = 0; i < cs.size(); i++) {
      Conversation c = cs.get(i);
      Transaction t = byQuery.get(firstQueries.get(i));
      assertThat(t).isNotNull();
      assertThat(t.retransmissions()).isEqualTo(c.retransMs().size());
      boolean answeredInTime =
          c.replies().stream().anyMatch(r -> r.kind() != 1 && r.delayMs() <= 10_000);
      assertThat(t.reply() != null).isEqualTo(answeredInTime);
    }
  }

  @Property
  void outputIsDeterministic(
      @ForAll("collidingConversations") List<Conversation> cs, @ForAll @IntRange(min = 1, max = 8) int maxPending) {
    PairingConfig config =
        PairingConfig.defaults().withMaxPendingQueries(maxPending).withResolvers(Set.of(IpAddress.parse(SERVERS[0])));
    assertThat(fingerprint(run(stream(cs, new ArrayList<>()), config)))
        .isEqualTo(fingerprint(run(stream(cs, new ArrayList<>()), config)));
  }

  private static List<String> fingerprint(List<Transaction> out) {
    List<String> lines = new ArrayList<>(out.size());
    for (Transaction t : out) {
      StringBuilder sb = new StringBuilder();
      sb.append(t.status()).append(' ').append(frame(t.query())).append(' ').append(frame(t.reply()));
      for (DnsMessage o : t.otherReplies()) {
        sb.append(',').append(frame(o));
      }
      sb.append(' ').append(t.retransmissions()).append(' ').append(t.identicalReplies());
      sb.append(' ').append(t.role()).append(' ').append(t.reason());
      lines.add(sb.toString());
    }
    return lines;
  }

  private static long frame(DnsMessage m) {
    return m == null ? -1 : m.meta().frame().frameNumber();
  }
}
