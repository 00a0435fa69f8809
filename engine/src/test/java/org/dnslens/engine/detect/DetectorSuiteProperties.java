package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

/** Hostile names, types, codes, roles and times never make a detector throw, and scores stay in range. */
class DetectorSuiteProperties {

  @Property(tries = 60)
  void arbitraryTransactionsNeverThrow(@ForAll("transactions") @Size(max = 300) List<Transaction> txs) {
    DetectorSuite suite = new DetectorSuite(DetectionConfig.defaults().withAllowList(AllowList.empty()));
    txs.forEach(suite::add);
    suite.finish().forEach(f -> assertThat(f.score()).isBetween(0, 100));
  }

  @Provide
  Arbitrary<List<Transaction>> transactions() {
    Arbitrary<byte[]> label = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(63);
    Arbitrary<DnsName> name =
        label.list().ofMinSize(0).ofMaxSize(3).map(labels -> {
          List<byte[]> l = new ArrayList<>(labels);
          l.add(new byte[] {'e', 'x', 'a', 'm', 'p', 'l', 'e'});
          return DnsName.fromLabels(l);
        });
    Arbitrary<Integer> type = Arbitraries.integers().between(0, 65535);
    Arbitrary<Integer> rcode = Arbitraries.integers().between(0, 4095);
    Arbitrary<Long> time = Arbitraries.longs().between(-1_000_000_000_000L, 4_000_000_000_000_000_000L);
    Arbitrary<Role> role = Arbitraries.of(Role.class);
    Arbitrary<Integer> host = Arbitraries.integers().between(0, 7);
    Arbitrary<Transaction> tx =
        Combinators.combine(name, type, rcode, time, role, host, Arbitraries.of(PortClass.class),
                Arbitraries.of(Transport.class))
            .as(DetectorSuiteProperties::build);
    return tx.list();
  }

  private static Transaction build(
      DnsName name, int type, int rcode, long ts, Role role, int host, PortClass pc, Transport t) {
    IpAddress c = IpAddress.ofIpv4(0x0a000000 | host);
    IpAddress s = IpAddress.ofIpv4(0x0a000035 + (host % 2));
    Question q = new Question(name, type, DnsClass.IN);
    PacketMeta qm = new PacketMeta(new FrameRef(1, 1), 1, ts, t, c, 1000, s, 53, null, null, List.of(),
        List.of(), pc, null);
    DnsMessage query = new DnsMessage(qm, new DnsHeader(1, 0, 0, 1, 0, 0, 0), List.of(q), List.of(),
        List.of(), List.of(), null, ParseStatus.COMPLETE, null, null);
    PacketMeta rm = new PacketMeta(new FrameRef(1, 2), 2, ts, t, s, 53, c, 1000, null, null, List.of(),
        List.of(), pc, null);
    DnsMessage reply = new DnsMessage(rm, new DnsHeader(1, 0x8000, rcode, 1, 0, 0, 0), List.of(q),
        List.of(), List.of(), List.of(), null, ParseStatus.PARTIAL, null, null);
    return new Transaction(TransactionStatus.ANSWERED, query, reply, List.of(), 0, 0, role, null);
  }
}
