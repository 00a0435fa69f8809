package org.dnslens.engine.ioc;

import static org.dnslens.engine.ioc.IocMatcherTest.matcher;
import static org.dnslens.engine.ioc.TestTransactions.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.MatchLocation;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

class IocHitAggregatorTest {

  @Test
  void summarisesCountTimesClientsAndReferences() {
    IocMatcher m = matcher("evil.com");
    IocHitAggregator agg = new IocHitAggregator(2, 3, 100);
    long t0 = 1_700_000_000_000_000_000L;
    for (int i = 0; i < 5; i++) {
      Transaction tx = ask("www.evil.com").from("192.0.2." + (i % 3 + 1)).at(t0 + i * 1_000_000_000L, 10 + i * 2).build();
      agg.add(tx, m.match(tx));
    }
    Transaction other = ask("benign.example").build();
    agg.add(other, m.match(other));
    List<IocHitSummary> s = agg.summaries();
    assertEquals(1, s.size());
    IocHitSummary h = s.get(0);
    assertEquals("evil.com", h.ioc().value());
    assertEquals(MatchLocation.QNAME, h.where());
    assertEquals("www.evil.com", h.matchedValue());
    assertEquals(5, h.count());
    assertEquals(t0, h.firstSeenNanos());
    assertEquals(t0 + 4_000_000_000L, h.lastSeenNanos());
    assertEquals(List.of(IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2")), h.clients());
    assertTrue(h.clientsTruncated());
    assertEquals(List.of(new FrameRef(1, 10), new FrameRef(1, 12), new FrameRef(1, 14)), h.transactions());
    assertTrue(h.transactionsTruncated());
  }

  @Test
  void keyBoundDropsAndCountsFurtherKeys() {
    IocMatcher m = matcher("evil.com");
    IocHitAggregator agg = new IocHitAggregator(10, 10, 2);
    for (String n : List.of("a.evil.com", "b.evil.com", "c.evil.com", "a.evil.com")) {
      Transaction tx = ask(n).build();
      agg.add(tx, m.match(tx));
    }
    assertEquals(2, agg.summaries().size());
    assertEquals(1, agg.droppedHits());
    assertEquals(2, agg.summaries().get(0).count() + agg.summaries().get(1).count() - 1);
  }

  @Test
  void annotatorAddsHitsOnlyWhenThereAreAny() {
    IocHitAggregator agg = new IocHitAggregator();
    IocAnnotator annotator = new IocAnnotator(matcher("evil.com", "203.0.113.0/24"), agg);
    assertEquals(Map.of(), annotator.annotate(ask("benign.example").build()));
    Map<String, Object> fields =
        annotator.annotate(ask("www.benign.example").cname("www.benign.example", "cdn.evil.com").a("cdn.evil.com", "203.0.113.5").build());
    assertEquals(
        Map.of(
            "ioc_hits",
            List.of(
                Map.of("ioc", "evil.com", "kind", "domain", "list", "test.txt", "line", 1L, "where", "cname_target", "value", "cdn.evil.com"),
                Map.of("ioc", "203.0.113.0/24", "kind", "cidr", "list", "test.txt", "line", 1L, "where", "answer_ip", "value", "203.0.113.5"))),
        fields);
    assertEquals(2, agg.summaries().size());
    assertFalse(agg.summaries().get(0).clientsTruncated());
  }
}
