package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written aggregate tables against a HashMap model: many growths and rehashes, repeated keys,
 * texts with equal hash codes ("Aa" and "BB"), address and non-address data, and reuse after clear()
 * (a run's second part).
 */
class AggregatesTest {
  private static final int ADDS = 60_000;

  @Test
  void passiveDnsMatchesAMapModel() {
    PassiveDnsAggregates table = new PassiveDnsAggregates();
    for (long seed : new long[] {1, 2}) { // two parts: the second after clear()
      Random rnd = new Random(seed);
      Map<List<Object>, long[]> model = new HashMap<>();
      for (int i = 0; i < ADDS; i++) {
        int name = rnd.nextInt(3_000);
        int type = rnd.nextBoolean() ? 1 : 5;
        boolean address = type == 1 && rnd.nextInt(4) > 0;
        int ip = type == 1 ? rnd.nextInt(500) : -1;
        String text = address ? null : List.of("Aa", "BB", "AaAa", "BBBB", "x" + rnd.nextInt(2_000)).get(rnd.nextInt(5));
        long ts = rnd.nextLong(1_000_000);
        long n = 1 + rnd.nextInt(3);
        table.add(name, type, ip, text, address, ts, ts + 5, n);
        long[] agg = model.computeIfAbsent(
            java.util.Arrays.asList(name, type, ip, address ? "=ip" : text), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
        agg[0] = Math.min(agg[0], ts);
        agg[1] = Math.max(agg[1], ts + 5);
        agg[2] += n;
      }
      assertThat(table.size()).isEqualTo(model.size());
      for (int e = 0; e < table.size(); e++) {
        String text = table.data(e) == PassiveDnsAggregates.DATA_IS_ADDRESS ? "=ip" : table.texts[table.data(e)];
        long[] want = model.get(java.util.Arrays.asList(table.name(e), table.type(e), table.ip(e), text));
        assertThat(want).as("entry %d", e).isNotNull();
        assertThat(new long[] {table.first(e), table.last(e), table.count(e)}).isEqualTo(want);
      }
      table.clear();
      assertThat(table.size()).isZero();
    }
  }

  @Test
  void clientNamesMatchAMapModel() {
    ClientNameAggregates table = new ClientNameAggregates();
    Random rnd = new Random(7);
    Map<Long, long[]> model = new HashMap<>();
    for (int i = 0; i < ADDS; i++) {
      int client = rnd.nextInt(40);
      int name = rnd.nextInt(5_000);
      long ts = rnd.nextLong(1_000_000);
      table.add(client, name, ts, ts, 1);
      long[] agg = model.computeIfAbsent(((long) client << 32) | name, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
      agg[0] = Math.min(agg[0], ts);
      agg[1] = Math.max(agg[1], ts);
      agg[2]++;
    }
    assertThat(table.size()).isEqualTo(model.size());
    long total = 0;
    for (int e = 0; e < table.size(); e++) {
      long[] want = model.get(((long) table.client(e) << 32) | table.name(e));
      assertThat(new long[] {table.first(e), table.last(e), table.count(e)}).isEqualTo(want);
      total += table.count(e);
    }
    assertThat(total).isEqualTo(ADDS);
  }
}
