package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dnslens.engine.model.TransactionStatus;
import org.junit.jupiter.api.Test;

class FilterExpressionTest {
  private static final long REF = 1_000_000L * 1_000_000_000L;

  @Test
  void parsesTheCliVocabulary() {
    SearchQuery q =
        FilterExpression.parse(
            "domain:evil.com ip:10.0.0.0/8 rcode:NXDOMAIN since:-2h qtype:TXT client:10.1.2.3 status:unanswered"
                + " server:192.0.2.53 name:www.x.org until:2026-01-01T00:00:00Z",
            REF);
    assertThat(q.domain()).isEqualTo("evil.com");
    assertThat(q.ip()).isEqualTo("10.0.0.0/8");
    assertThat(q.rcode()).isEqualTo(3);
    assertThat(q.sinceNanos()).isEqualTo(REF - 7200L * 1_000_000_000L);
    assertThat(q.qtype()).isEqualTo(16);
    assertThat(q.client()).isEqualTo("10.1.2.3");
    assertThat(q.server()).isEqualTo("192.0.2.53");
    assertThat(q.status()).isEqualTo(TransactionStatus.UNANSWERED);
    assertThat(q.name()).isEqualTo("www.x.org");
    assertThat(q.untilNanos()).isEqualTo(1_767_225_600L * 1_000_000_000L);
  }

  @Test
  void bareWordsAreDomainsPatternsOrAddresses() {
    assertThat(FilterExpression.parse("example.com", REF).domain()).isEqualTo("example.com");
    assertThat(FilterExpression.parse("*.example.*", REF).pattern()).isEqualTo("*.example.*");
    assertThat(FilterExpression.parse("2001:db8::1", REF).ip()).isEqualTo("2001:db8::1");
    assertThat(FilterExpression.parse("  ", REF)).isEqualTo(SearchQuery.all());
    assertThat(FilterExpression.parse("rcode:none qtype:65", REF).rcode()).isEqualTo(-1);
  }

  @Test
  void badTermsAreNamedInOneSentence() {
    assertThatThrownBy(() -> FilterExpression.parse("rcode:BOGUS", REF)).hasMessageContaining("BOGUS");
    assertThatThrownBy(() -> FilterExpression.parse("ip:10.0.0.0/40", REF)).hasMessageContaining("/40");
    assertThatThrownBy(() -> FilterExpression.parse("since:yesterday", REF)).hasMessageContaining("yesterday");
    assertThatThrownBy(() -> FilterExpression.parse("qtype:", REF)).hasMessageContaining("no value");
    assertThatThrownBy(() -> FilterExpression.parse("status:gone", REF)).hasMessageContaining("gone");
  }
}
