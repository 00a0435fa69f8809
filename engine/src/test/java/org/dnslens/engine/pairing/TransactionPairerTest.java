package org.dnslens.engine.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.pairing.DnsFixtures.MS;
import static org.dnslens.engine.pairing.DnsFixtures.S;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Test;

class TransactionPairerTest {
  private static final String C = "192.0.2.10";
  private static final String C2 = "192.0.2.11";
  private static final String R = "198.51.100.53";
  private static final String U = "203.0.113.1";
  private static final long T0 = 1_700_000_000L * S;

  private final DnsFixtures f = new DnsFixtures();
  private final IssueCounter issues = new IssueCounter();
  private final List<Transaction> out = new ArrayList<>();

  private TransactionPairer pairer(PairingConfig config) {
    return new TransactionPairer(config, issues, out::add);
  }

  private TransactionPairer pairer() {
    return pairer(PairingConfig.defaults().withDetectResolvers(false));
  }

  @Test
  void dnstapMessageTypeGivesTheRoleEvenWithResolverDetection() {
    TransactionPairer p = pairer(PairingConfig.defaults().withResolvers(Set.of(IpAddress.parse(C))));
    String[][] legs = {
      {"CLIENT_QUERY", "CLIENT_RESPONSE", "CLIENT"},
      {"RESOLVER_QUERY", "RESOLVER_RESPONSE", "UPSTREAM"},
      {"FORWARDER_QUERY", "FORWARDER_RESPONSE", "UPSTREAM"},
      {"AUTH_QUERY", "AUTH_RESPONSE", "AUTH"},
      {"UPDATE_QUERY", "UPDATE_RESPONSE", "OTHER"},
      {"STUB_QUERY", "STUB_RESPONSE", "OTHER"},
    };
    for (int i = 0; i < legs.length; i++) {
      long t = T0 + i * S;
      p.accept(DnsFixtures.withDnstap(f.query(C, R, 100 + i, "example.com", RrType.A, t), legs[i][0]));
      p.accept(
          DnsFixtures.withDnstap(
              f.reply(C, R, 100 + i, "example.com", RrType.A, t + MS, "192.0.2.1"), legs[i][1]));
    }
    // An orphan response takes its role from its own type.
    p.accept(
        DnsFixtures.withDnstap(
            f.reply(C, R, 999, "orphan.example", RrType.A, T0 + 7 * S, "192.0.2.2"), "AUTH_RESPONSE"));
    p.finish();
    assertThat(out).hasSize(legs.length + 1);
    // Orphans are emitted at once; answered transactions after their grace window, in query order.
    List<Transaction> answered =
        out.stream().filter(t -> t.status() == TransactionStatus.ANSWERED).toList();
    List<Transaction> orphans =
        out.stream().filter(t -> t.status() == TransactionStatus.ORPHAN_REPLY).toList();
    assertThat(orphans).hasSize(1);
    assertThat(orphans.get(0).role()).isEqualTo(Role.AUTH);
    for (int i = 0; i < legs.length; i++) {
      Transaction t = answered.get(i);
      assertThat(t.status()).isEqualTo(TransactionStatus.ANSWERED);
      assertThat(t.query().meta().dnstap().messageType()).isEqualTo(legs[i][0]);
      assertThat(t.role()).as(legs[i][0]).isEqualTo(Role.valueOf(legs[i][2]));
    }
  }

  @Test
  void pairsQueryWithReplyAndMeasuresRtt() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(C, R, 0x1234, "example.com", RrType.A, T0);
    DnsMessage r = f.reply(C, R, 0x1234, "example.com", RrType.A, T0 + 23 * MS, "192.0.2.1");
    p.accept(q);
    p.accept(r);
    assertThat(out).isEmpty(); // held for the duplicate grace window
    p.finish();

    assertThat(out).hasSize(1);
    Transaction t = out.get(0);
    assertThat(t.status()).isEqualTo(TransactionStatus.ANSWERED);
    assertThat(t.query()).isSameAs(q);
    assertThat(t.reply()).isSameAs(r);
    assertThat(t.rttNanos()).isEqualTo(23 * MS);
    assertThat(t.reason()).isNull();
    assertThat(t.role()).isEqualTo(Role.UNKNOWN);
    assertThat(p.heldCount()).isZero();
  }

  @Test
  void thousandsHeldAtOnceEachPairWithItsOwnReplyWhateverTheReplyOrder() {
    // Enough keys to grow the key table several times, then replies in a shuffled order, so that
    // removals shift probe runs back in every pattern; some keys hold a second question (a chain).
    TransactionPairer p = pairer();
    int n = 6_000;
    List<DnsMessage> replies = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < n; i++) {
      String client = i % 2 == 0 ? C : C2;
      int port = 1_024 + i % 700;
      int id = i * 7 % 65_536;
      p.accept(f.query(Transport.UDP, client, port, R, 53, id, "q" + i + ".example", RrType.A, t));
      replies.add(
          f.reply(Transport.UDP, client, port, R, 53, id, "q" + i + ".example", RrType.A, 0, t, "192.0.2.1"));
      if (i % 10 == 0) {
        p.accept(f.query(Transport.UDP, client, port, R, 53, id, "r" + i + ".example", RrType.A, t));
        replies.add(
            f.reply(Transport.UDP, client, port, R, 53, id, "r" + i + ".example", RrType.A, 0, t, "192.0.2.2"));
      }
      t += 1_000;
    }
    java.util.Collections.shuffle(replies, new java.util.Random(3));
    for (DnsMessage reply : replies) {
      p.accept(reply);
    }
    assertThat(p.heldCount()).isEqualTo(replies.size());
    p.finish();
    assertThat(p.heldCount()).isZero();
    assertThat(out).hasSize(replies.size());
    for (Transaction tx : out) {
      assertThat(tx.status()).isEqualTo(TransactionStatus.ANSWERED);
      assertThat(tx.reply().firstQuestion().name()).isEqualTo(tx.query().firstQuestion().name());
      assertThat(tx.reply().meta().destinationPort()).isEqualTo(tx.query().meta().sourcePort());
    }
    assertThat(issues.total()).isZero();
  }

  @Test
  void idsAndPortsThatASimpleHashWouldCollideStillPair() {
    // id * 31 + port is the same for all of these: the pairing key must still tell them apart.
    TransactionPairer p = pairer();
    List<DnsMessage> replies = new ArrayList<>();
    for (int id = 0; id < 2_000; id++) {
      int port = 65_535 - 31 * id;
      if (port < 1 || port > 65_535) {
        continue;
      }
      p.accept(f.query(Transport.UDP, C, port, R, 53, id, "c" + id + ".example", RrType.A, T0));
      replies.add(f.reply(Transport.UDP, C, port, R, 53, id, "c" + id + ".example", RrType.A, 0, T0 + MS, "192.0.2.1"));
    }
    assertThat(replies).hasSizeGreaterThan(1_000);
    java.util.Collections.reverse(replies);
    replies.forEach(p::accept);
    p.finish();
    assertThat(out).hasSize(replies.size()).allMatch(tx -> tx.status() == TransactionStatus.ANSWERED);
  }

  @Test
  void answeredTransactionIsEmittedWhenItsGraceWindowEndsInCaptureTime() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "a.example", RrType.A, T0));
    p.accept(f.reply(C, R, 1, "a.example", RrType.A, T0 + MS, "192.0.2.1"));
    p.accept(f.query(C, R, 2, "b.example", RrType.A, T0 + MS + TransactionPairer.DEFAULT_DUPLICATE_GRACE_NANOS));
    assertThat(out).isEmpty();
    p.accept(f.query(C, R, 3, "c.example", RrType.A, T0 + 2 * MS + TransactionPairer.DEFAULT_DUPLICATE_GRACE_NANOS));
    assertThat(out).extracting(Transaction::transactionId).containsExactly(1);
  }

  @Test
  void queryWithoutReplyTimesOutOnCaptureTime() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(C, R, 7, "lost.example", RrType.A, T0);
    p.accept(q);
    p.accept(f.query(C2, U, 9, "other.example", RrType.A, T0 + 9 * S));
    assertThat(out).isEmpty();
    p.accept(f.query(C2, U, 10, "other2.example", RrType.A, T0 + 11 * S));

    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.UNANSWERED);
    assertThat(out.get(0).query()).isSameAs(q);
    assertThat(out.get(0).reason()).isEqualTo(IssueReason.PAIRING_TIMEOUT);
  }

  @Test
  void replyAfterTheTimeoutIsAnOrphanAndTheQueryUnanswered() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 7, "slow.example", RrType.A, T0));
    p.accept(f.reply(C, R, 7, "slow.example", RrType.A, T0 + 10 * S + 1, "192.0.2.1"));
    p.finish();
    assertThat(out)
        .extracting(Transaction::status)
        .containsExactly(TransactionStatus.UNANSWERED, TransactionStatus.ORPHAN_REPLY);
  }

  @Test
  void replyJustInsideTheTimeoutPairs() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 7, "slow.example", RrType.A, T0));
    p.accept(f.reply(C, R, 7, "slow.example", RrType.A, T0 + 10 * S, "192.0.2.1"));
    p.finish();
    assertThat(out).extracting(Transaction::status).containsExactly(TransactionStatus.ANSWERED);
  }

  @Test
  void replyWithoutQueryIsOrphan() {
    TransactionPairer p = pairer();
    DnsMessage r = f.reply(C, R, 5, "x.example", RrType.A, T0, "192.0.2.1");
    p.accept(r);
    assertThat(out).hasSize(1); // orphans are not held
    Transaction t = out.get(0);
    assertThat(t.status()).isEqualTo(TransactionStatus.ORPHAN_REPLY);
    assertThat(t.query()).isNull();
    assertThat(t.reply()).isSameAs(r);
    assertThat(t.clientIp()).isEqualTo(IpAddress.parse(C));
    assertThat(t.reason()).isNull();
  }

  @Test
  void replyWithAnotherQuestionIsCountedOrphanAndQueryStaysPending() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(C, R, 5, "asked.example", RrType.A, T0);
    DnsMessage wrong = f.reply(C, R, 5, "other.example", RrType.A, T0 + MS, "192.0.2.66");
    DnsMessage wrongType = f.reply(C, R, 5, "asked.example", RrType.AAAA, T0 + 2 * MS);
    DnsMessage right = f.reply(C, R, 5, "ASKED.example", RrType.A, T0 + 3 * MS, "192.0.2.1");
    p.accept(q);
    p.accept(wrong);
    p.accept(wrongType);
    p.accept(right);
    p.finish();

    assertThat(issues.get(IssueReason.PAIRING_QUESTION_MISMATCH)).isEqualTo(2);
    assertThat(out).hasSize(3);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ORPHAN_REPLY);
    assertThat(out.get(0).reply()).isSameAs(wrong);
    assertThat(out.get(0).reason()).isEqualTo(IssueReason.PAIRING_QUESTION_MISMATCH);
    assertThat(out.get(1).reply()).isSameAs(wrongType);
    assertThat(out.get(2).status()).isEqualTo(TransactionStatus.ANSWERED);
    assertThat(out.get(2).reply()).isSameAs(right); // name compared case-insensitively
  }

  @Test
  void replyWithoutQuestionPairsOnFlowAndId() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(C, R, 5, "asked.example", RrType.A, T0);
    DnsMessage formerr = f.reply(Transport.UDP, C, DnsFixtures.CLIENT_PORT, R, 53, 5, null, 0, 1, T0 + MS);
    p.accept(q);
    p.accept(formerr);
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ANSWERED);
    assertThat(out.get(0).reply()).isSameAs(formerr);
    assertThat(out.get(0).rcode()).isEqualTo(1);
  }

  @Test
  void secondDifferentReplyMakesDuplicateReplyKeepingBoth() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(C, R, 5, "bank.example", RrType.A, T0);
    DnsMessage spoof = f.reply(C, R, 5, "bank.example", RrType.A, T0 + MS, "203.0.113.66");
    DnsMessage real = f.reply(C, R, 5, "bank.example", RrType.A, T0 + 20 * MS, "192.0.2.1");
    p.accept(q);
    p.accept(spoof);
    p.accept(real);
    p.finish();
    assertThat(out).hasSize(1);
    Transaction t = out.get(0);
    assertThat(t.status()).isEqualTo(TransactionStatus.DUPLICATE_REPLY);
    assertThat(t.reply()).isSameAs(spoof);
    assertThat(t.otherReplies()).containsExactly(real);
    assertThat(t.identicalReplies()).isZero();
  }

  @Test
  void identicalSecondReplyIsCountedNotKept() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 5, "x.example", RrType.A, T0));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + MS, "192.0.2.1"));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + 2 * MS, "192.0.2.1"));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + 3 * MS, "192.0.2.1"));
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ANSWERED);
    assertThat(out.get(0).identicalReplies()).isEqualTo(2);
    assertThat(out.get(0).otherReplies()).isEmpty();
  }

  @Test
  void duplicateAfterTheGraceWindowIsAnOrphan() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 5, "x.example", RrType.A, T0));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + MS, "192.0.2.1"));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + 4 * S, "192.0.2.2"));
    p.finish();
    assertThat(out)
        .extracting(Transaction::status)
        .containsExactly(TransactionStatus.ANSWERED, TransactionStatus.ORPHAN_REPLY);
  }

  @Test
  void retransmittedQueryIsCountedNotANewTransaction() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(C, R, 5, "x.example", RrType.A, T0);
    p.accept(q);
    p.accept(f.query(C, R, 5, "x.example", RrType.A, T0 + S));
    p.accept(f.query(C, R, 5, "X.EXAMPLE", RrType.A, T0 + 2 * S));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + 2 * S + MS, "192.0.2.1"));
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).query()).isSameAs(q);
    assertThat(out.get(0).retransmissions()).isEqualTo(2);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ANSWERED);
  }

  @Test
  void sameQueryAfterItsReplyStartsANewTransaction() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 5, "x.example", RrType.A, T0));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + MS, "192.0.2.1"));
    p.accept(f.query(C, R, 5, "x.example", RrType.A, T0 + 500 * MS));
    p.accept(f.reply(C, R, 5, "x.example", RrType.A, T0 + 501 * MS, "192.0.2.9"));
    p.finish();
    assertThat(out)
        .extracting(Transaction::status)
        .containsExactly(TransactionStatus.ANSWERED, TransactionStatus.ANSWERED);
    assertThat(out.get(0).otherReplies()).isEmpty();
  }

  @Test
  void reusedIdWithAnotherQuestionIsAnotherTransaction() {
    TransactionPairer p = pairer();
    DnsMessage qa = f.query(C, R, 5, "a.example", RrType.A, T0);
    DnsMessage qb = f.query(C, R, 5, "b.example", RrType.A, T0 + MS);
    DnsMessage rb = f.reply(C, R, 5, "b.example", RrType.A, T0 + 2 * MS, "192.0.2.2");
    DnsMessage ra = f.reply(C, R, 5, "a.example", RrType.A, T0 + 3 * MS, "192.0.2.1");
    p.accept(qa);
    p.accept(qb);
    p.accept(rb);
    p.accept(ra);
    p.finish();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).query()).isSameAs(qa);
    assertThat(out.get(0).reply()).isSameAs(ra);
    assertThat(out.get(1).query()).isSameAs(qb);
    assertThat(out.get(1).reply()).isSameAs(rb);
  }

  @Test
  void evictsOldestPendingOnlyAboveTheLimit() {
    int max = 3;
    TransactionPairer p = pairer(PairingConfig.defaults().withDetectResolvers(false).withMaxPendingQueries(max));
    for (int i = 0; i < max; i++) {
      p.accept(f.query(C, R, i, "n" + i + ".example", RrType.A, T0 + i * MS));
    }
    assertThat(out).isEmpty();
    assertThat(p.heldCount()).isEqualTo(max);
    assertThat(issues.get(IssueReason.PAIRING_EVICTED)).isZero();

    p.accept(f.query(C, R, max, "n" + max + ".example", RrType.A, T0 + max * MS));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.UNANSWERED);
    assertThat(out.get(0).reason()).isEqualTo(IssueReason.PAIRING_EVICTED);
    assertThat(out.get(0).transactionId()).isZero();
    assertThat(issues.get(IssueReason.PAIRING_EVICTED)).isEqualTo(1);
    assertThat(p.heldCount()).isEqualTo(max);

    p.finish();
    assertThat(out).hasSize(max + 1);
    assertThat(out.subList(1, max + 1))
        .allSatisfy(t -> assertThat(t.reason()).isEqualTo(IssueReason.PAIRING_END_OF_CAPTURE));
  }

  @Test
  void atTheLimitAnAnsweredTransactionIsFlushedBeforeAnyQueryIsEvicted() {
    TransactionPairer p = pairer(PairingConfig.defaults().withDetectResolvers(false).withMaxPendingQueries(2));
    p.accept(f.query(C, R, 1, "a.example", RrType.A, T0));
    p.accept(f.query(C, R, 2, "b.example", RrType.A, T0 + MS));
    p.accept(f.reply(C, R, 2, "b.example", RrType.A, T0 + 2 * MS, "192.0.2.2"));
    p.accept(f.query(C, R, 3, "c.example", RrType.A, T0 + 3 * MS));
    assertThat(out).extracting(Transaction::status).containsExactly(TransactionStatus.ANSWERED);
    assertThat(out.get(0).transactionId()).isEqualTo(2);
    assertThat(issues.get(IssueReason.PAIRING_EVICTED)).isZero();
  }

  @Test
  void tcpAndUdpWithTheSameIdDoNotCollide() {
    TransactionPairer p = pairer();
    DnsMessage qu = f.query(Transport.UDP, C, 40000, R, 53, 9, "x.example", RrType.A, T0);
    DnsMessage qt = f.query(Transport.TCP, C, 40000, R, 53, 9, "x.example", RrType.A, T0 + MS);
    DnsMessage rt = f.reply(Transport.TCP, C, 40000, R, 53, 9, "x.example", RrType.A, 0, T0 + 2 * MS, "192.0.2.2");
    p.accept(qu);
    p.accept(qt);
    p.accept(rt);
    p.finish();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).query()).isSameAs(qu);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.UNANSWERED);
    assertThat(out.get(1).query()).isSameAs(qt);
    assertThat(out.get(1).reply()).isSameAs(rt);
    assertThat(out.get(0).retransmissions()).isZero();
  }

  @Test
  void pairsOverIpv6() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query("2001:db8::10", "2001:db8::53", 77, "v6.example", RrType.AAAA, T0);
    DnsMessage r = f.reply("2001:db8::10", "2001:db8::53", 77, "v6.example", RrType.AAAA, T0 + MS, "2001:db8::1");
    p.accept(q);
    p.accept(r);
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).reply()).isSameAs(r);
    assertThat(out.get(0).serverIp()).isEqualTo(IpAddress.parse("2001:db8::53"));
  }

  @Test
  void sameIdFromTwoClientsAreTwoTransactions() {
    TransactionPairer p = pairer();
    DnsMessage q1 = f.query(C, R, 42, "x.example", RrType.A, T0);
    DnsMessage q2 = f.query(C2, R, 42, "x.example", RrType.A, T0 + MS);
    DnsMessage r2 = f.reply(C2, R, 42, "x.example", RrType.A, T0 + 2 * MS, "192.0.2.2");
    DnsMessage r1 = f.reply(C, R, 42, "x.example", RrType.A, T0 + 3 * MS, "192.0.2.1");
    p.accept(q1);
    p.accept(q2);
    p.accept(r2);
    p.accept(r1);
    p.finish();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).reply()).isSameAs(r1);
    assertThat(out.get(1).reply()).isSameAs(r2);
    assertThat(out).allSatisfy(t -> assertThat(t.status()).isEqualTo(TransactionStatus.ANSWERED));
  }

  @Test
  void directionComesFromTheQrBitNotThePort() {
    TransactionPairer p = pairer();
    // A server on a non-standard port, and a client that happens to use source port 53.
    DnsMessage q = f.query(Transport.UDP, C, 53, R, 5300, 3, "x.example", RrType.A, T0);
    DnsMessage r = f.reply(Transport.UDP, C, 53, R, 5300, 3, "x.example", RrType.A, 0, T0 + MS, "192.0.2.1");
    p.accept(q);
    p.accept(r);
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).query()).isSameAs(q);
    assertThat(out.get(0).reply()).isSameAs(r);
    assertThat(out.get(0).clientPort()).isEqualTo(53);
  }

  @Test
  void slightlyEarlierTimestampDoesNotMoveTimeBackwards() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "a.example", RrType.A, T0));
    p.accept(f.query(C, R, 2, "b.example", RrType.A, T0 + 10 * S));
    // Reply to the first, stamped inside its timeout but arriving after a later message.
    p.accept(f.reply(C, R, 1, "a.example", RrType.A, T0 + 9 * S, "192.0.2.1"));
    p.finish();
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ANSWERED);
  }

  @Test
  void configuredResolverGivesClientAndUpstreamRoles() {
    TransactionPairer p =
        pairer(PairingConfig.defaults().withDetectResolvers(false).withResolvers(Set.of(IpAddress.parse(R))));
    p.accept(f.query(C, R, 1, "x.example", RrType.A, T0));
    p.accept(f.query(R, U, 2, "x.example", RrType.A, T0 + MS));
    p.accept(f.query(C, U, 3, "bypass.example", RrType.A, T0 + 2 * MS));
    p.finish();
    assertThat(out).extracting(Transaction::role).containsExactly(Role.CLIENT, Role.UPSTREAM, Role.UNKNOWN);
  }

  @Test
  void withoutResolversRolesAreUnknown() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "x.example", RrType.A, T0));
    p.accept(f.query(R, U, 2, "x.example", RrType.A, T0 + MS));
    p.accept(f.reply(R, U, 2, "x.example", RrType.A, T0 + 2 * MS, "192.0.2.1"));
    p.accept(f.reply(C, R, 1, "x.example", RrType.A, T0 + 3 * MS, "192.0.2.1"));
    p.finish();
    assertThat(out).extracting(Transaction::role).containsOnly(Role.UNKNOWN);
  }

  @Test
  void detectsAResolverThatAnswersAndQueriesOthers() {
    TransactionPairer p = pairer(PairingConfig.defaults());
    p.accept(f.query(C, R, 1, "x.example", RrType.A, T0));
    p.accept(f.query(R, U, 2, "x.example", RrType.A, T0 + MS));
    p.accept(f.reply(R, U, 2, "x.example", RrType.A, T0 + 2 * MS, "192.0.2.1"));
    assertThat(p.isResolver(IpAddress.parse(R))).isFalse();
    p.accept(f.reply(C, R, 1, "x.example", RrType.A, T0 + 3 * MS, "192.0.2.1"));
    assertThat(p.isResolver(IpAddress.parse(R))).isTrue();
    assertThat(p.isResolver(IpAddress.parse(U))).isFalse(); // answers, never queries
    assertThat(p.isResolver(IpAddress.parse(C))).isFalse(); // queries, never answers
    p.finish();
    assertThat(out).extracting(Transaction::role).containsExactly(Role.CLIENT, Role.UPSTREAM);
  }

  @Test
  void transactionEmittedBeforeDetectionStaysUnknown() {
    TransactionPairer p = new TransactionPairer(PairingConfig.defaults(), 0, issues, out::add);
    p.accept(f.query(C, R, 1, "x.example", RrType.A, T0));
    p.accept(f.reply(C, R, 1, "x.example", RrType.A, T0 + MS, "192.0.2.1"));
    p.accept(f.query(R, U, 2, "y.example", RrType.A, T0 + 2 * MS)); // emits the first; R now detected
    p.accept(f.query(C, R, 3, "z.example", RrType.A, T0 + 3 * MS));
    p.finish();
    assertThat(out).extracting(Transaction::role).containsExactly(Role.UNKNOWN, Role.UPSTREAM, Role.CLIENT);
  }

  @Test
  void mdnsAndLlmnrHostsAreNotTakenForResolvers() {
    TransactionPairer p = pairer(PairingConfig.defaults());
    p.accept(f.query(Transport.UDP, C, 5353, "224.0.0.251", 5353, 0, "printer.local", RrType.A, T0));
    p.accept(f.reply(Transport.UDP, C, 5353, C2, 5353, 0, "printer.local", RrType.A, 0, T0 + MS, "192.0.2.50"));
    p.accept(f.query(Transport.UDP, C2, 5353, "224.0.0.251", 5353, 0, "tv.local", RrType.A, T0 + 2 * MS));
    p.finish();
    assertThat(p.isResolver(IpAddress.parse(C2))).isFalse();
  }

  @Test
  void finishEmitsPendingAsUnansweredAtEndOfCaptureInQueryOrder() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "a.example", RrType.A, T0));
    p.accept(f.query(C, R, 2, "b.example", RrType.A, T0 + MS));
    p.accept(f.query(C, R, 3, "c.example", RrType.A, T0 + 2 * MS));
    p.accept(f.reply(C, R, 2, "b.example", RrType.A, T0 + 3 * MS, "192.0.2.2"));
    p.accept(f.reply(C, R, 1, "a.example", RrType.A, T0 + 4 * MS, "192.0.2.1"));
    assertThat(out).isEmpty();
    p.finish();
    assertThat(out).extracting(Transaction::transactionId).containsExactly(1, 2, 3);
    assertThat(out)
        .extracting(Transaction::status)
        .containsExactly(TransactionStatus.ANSWERED, TransactionStatus.ANSWERED, TransactionStatus.UNANSWERED);
    assertThat(out.get(2).reason()).isEqualTo(IssueReason.PAIRING_END_OF_CAPTURE);
    assertThat(p.heldCount()).isZero();
  }

  @Test
  void mdnsUnicastReplyPairsWithTheMulticastQuery() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(Transport.UDP, C, 5353, "224.0.0.251", 5353, 0, "printer.local", RrType.A, T0);
    DnsMessage r = f.reply(Transport.UDP, C, 5353, C2, 5353, 0, "printer.local", RrType.A, 0, T0 + MS, "192.0.2.50");
    p.accept(q);
    p.accept(r);
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ANSWERED);
    assertThat(out.get(0).reply()).isSameAs(r);
  }

  @Test
  void mdnsReplyToTheGroupIsKeptUnpaired() {
    TransactionPairer p = pairer();
    DnsMessage q = f.query(Transport.UDP, C, 5353, "224.0.0.251", 5353, 0, "printer.local", RrType.A, T0);
    DnsMessage r =
        f.reply(Transport.UDP, "224.0.0.251", 5353, C2, 5353, 0, null, 0, 0, T0 + MS);
    p.accept(q);
    p.accept(r);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.ORPHAN_REPLY);
    assertThat(out.get(0).reason()).isEqualTo(IssueReason.PAIRING_MULTICAST_REPLY);
    assertThat(out.get(0).reply()).isSameAs(r);
    p.finish();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).query()).isSameAs(q);
    assertThat(issues.total()).isZero();
  }

  @Test
  void twoLlmnrRespondersMakeADuplicateReply() {
    TransactionPairer p = pairer();
    String asker = "fe80::10";
    DnsMessage q = f.query(Transport.UDP, asker, 51000, "ff02::1:3", 5355, 0x4242, "fileserver", RrType.AAAA, T0);
    DnsMessage real =
        f.reply(Transport.UDP, asker, 51000, "fe80::20", 5355, 0x4242, "fileserver", RrType.AAAA, 0, T0 + MS, "fe80::20");
    DnsMessage poison =
        f.reply(Transport.UDP, asker, 51000, "fe80::66", 5355, 0x4242, "fileserver", RrType.AAAA, 0, T0 + 2 * MS, "fe80::66");
    p.accept(q);
    p.accept(real);
    p.accept(poison);
    p.finish();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(TransactionStatus.DUPLICATE_REPLY);
    assertThat(out.get(0).reply()).isSameAs(real);
    assertThat(out.get(0).otherReplies()).containsExactly(poison);
  }

  @Test
  void distinctRepliesBeyondTheLimitAreKeptUnpairedAndCounted() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 5, "flood.example", RrType.A, T0));
    int replies = TransactionPairer.MAX_OTHER_REPLIES + 2;
    for (int i = 0; i < replies; i++) {
      p.accept(f.reply(C, R, 5, "flood.example", RrType.A, T0 + MS + i, "10.0." + (i / 256) + "." + (i % 256)));
    }
    p.finish();
    assertThat(issues.get(IssueReason.PAIRING_TOO_MANY_REPLIES)).isEqualTo(1);
    assertThat(out).hasSize(2);
    Transaction dup = out.stream().filter(t -> t.query() != null).findFirst().orElseThrow();
    assertThat(dup.otherReplies()).hasSize(TransactionPairer.MAX_OTHER_REPLIES);
    assertThat(out).filteredOn(t -> t.query() == null).singleElement()
        .satisfies(t -> assertThat(t.reason()).isEqualTo(IssueReason.PAIRING_TOO_MANY_REPLIES));
  }

  @Test
  void configRejectsNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PairingConfig(0, 1, Set.of(), true))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PairingConfig(1, 0, Set.of(), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PairingConfig.defaults().timeoutNanos()).isEqualTo(10 * S);
    assertThat(PairingConfig.defaults().detectResolvers()).isTrue();
  }

  @Test
  void messagesWithoutAddressesStillPair() {
    TransactionPairer p = pairer(PairingConfig.defaults().withResolvers(Set.of(IpAddress.parse(R))));
    DnsMessage q = DnsFixtures.withoutAddresses(f.query(C, R, 4, "x.example", RrType.A, T0));
    DnsMessage r = DnsFixtures.withoutAddresses(f.reply(C, R, 4, "x.example", RrType.A, T0 + MS, "192.0.2.1"));
    p.accept(q);
    p.accept(r);
    p.accept(DnsFixtures.withoutAddresses(f.reply(C, R, 5, "y.example", RrType.A, T0 + 2 * MS)));
    p.finish();
    assertThat(out).extracting(Transaction::status)
        .containsExactly(TransactionStatus.ORPHAN_REPLY, TransactionStatus.ANSWERED);
    assertThat(out.get(1).reply()).isSameAs(r);
    assertThat(out.get(1).role()).isEqualTo(Role.UNKNOWN);
  }

  @Test
  void aSecondCaptureFromEarlierPairsAfterFinish() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "a.example", RrType.A, T0));
    p.finish();
    long earlier = T0 - 86_400 * S;
    p.accept(f.query(C, R, 2, "b.example", RrType.A, earlier));
    p.accept(f.reply(C, R, 2, "b.example", RrType.A, earlier + MS, "192.0.2.2"));
    p.finish();
    assertThat(out).extracting(Transaction::status)
        .containsExactly(TransactionStatus.UNANSWERED, TransactionStatus.ANSWERED);
    assertThat(issues.get(IssueReason.PAIRING_TIME_WENT_BACKWARDS)).isZero();
  }

  @Test
  void captureTimeJumpingBackClosesHeldQueriesAndRestartsTheClock() {
    TransactionPairer p = pairer();
    DnsMessage stranded = f.query(C, R, 1, "a.example", RrType.A, T0);
    p.accept(stranded);
    p.accept(f.query(C, R, 2, "b.example", RrType.A, T0 - 30 * S));
    assertThat(issues.get(IssueReason.PAIRING_TIME_WENT_BACKWARDS)).isEqualTo(1);
    assertThat(out).singleElement().satisfies(t -> {
      assertThat(t.query()).isSameAs(stranded);
      assertThat(t.reason()).isEqualTo(IssueReason.PAIRING_TIME_WENT_BACKWARDS);
    });
    p.accept(f.reply(C, R, 2, "b.example", RrType.A, T0 - 30 * S + MS, "192.0.2.2"));
    p.finish();
    assertThat(out.get(1).status()).isEqualTo(TransactionStatus.ANSWERED);
  }

  @Test
  void smallBackwardStepDoesNotCloseAnything() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "a.example", RrType.A, T0));
    p.accept(f.query(C, R, 2, "b.example", RrType.A, T0 - 10 * S));
    assertThat(out).isEmpty();
    assertThat(issues.get(IssueReason.PAIRING_TIME_WENT_BACKWARDS)).isZero();
  }

  @Test
  void timestampNearTheEndOfTimeDoesNotWrapTheDeadline() {
    TransactionPairer p = pairer();
    p.accept(f.query(C, R, 1, "a.example", RrType.A, Long.MAX_VALUE - S));
    p.accept(f.reply(C, R, 1, "a.example", RrType.A, Long.MAX_VALUE - S + MS, "192.0.2.1"));
    p.finish();
    assertThat(out).extracting(Transaction::status).containsExactly(TransactionStatus.ANSWERED);
  }
}
