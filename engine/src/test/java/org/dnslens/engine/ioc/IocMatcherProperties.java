package org.dnslens.engine.ioc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.IpAddress;

/** The matcher agrees with a naive scan of every indicator. */
class IocMatcherProperties {

  /** Few, short labels so that random names and indicators share suffixes often. */
  private static Arbitrary<String> label() {
    return Arbitraries.of("a", "b", "evil", "notevil", "com", "x-y", "ab", "xn--bcher-kva", "_tcp");
  }

  @Provide
  Arbitrary<String> names() {
    return label().list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l));
  }

  @Provide
  Arbitrary<List<Ioc>> domainIocs() {
    Arbitrary<Ioc> one =
        Combinators.combine(
                label().list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l)),
                Arbitraries.of(IocKind.DOMAIN, IocKind.DOMAIN_EXACT))
            .as((v, k) -> new Ioc(v, k, "p", 0, null, List.of(), null, null, null));
    return one.list().ofMaxSize(30);
  }

  @Property(tries = 500)
  void domainMatchEqualsNaiveScan(
      @ForAll("domainIocs") List<Ioc> iocs, @ForAll("nameLists") List<String> names, @ForAll boolean exact) {
    check(iocs, names, exact);
  }

  private static void check(List<Ioc> iocs, List<String> names, boolean exact) {
    IocMatcher m = IocMatcher.of(iocs, exact);
    for (String name : names) {
      List<Ioc> got = m.matchDomain(name);
      List<Ioc> want = new ArrayList<>();
      for (Ioc i : iocs) {
        boolean subtree = i.kind() == IocKind.DOMAIN && !exact;
        if (name.equals(i.value()) || (subtree && name.endsWith("." + i.value()))) {
          want.add(i);
        }
      }
      assertEquals(identities(want), identities(got), name);
      assertEquals(want.size(), got.size(), name);
    }
  }

  @Provide
  Arbitrary<List<String>> nameLists() {
    return names().list().ofMinSize(1).ofMaxSize(10);
  }

  @Property(tries = 300)
  void indicatorsThatAreSuffixesOfEachOtherAllMatch(@ForAll("names") String name) {
    // every label-aligned suffix of the name as an indicator: all of them (with 2+ labels) must match
    List<Ioc> iocs = new ArrayList<>();
    String s = name;
    while (s.indexOf('.') > 0) {
      iocs.add(new Ioc(s, IocKind.DOMAIN, "p", 0, null, List.of(), null, null, null));
      s = s.substring(s.indexOf('.') + 1);
    }
    check(iocs, List.of(name, "z." + name, "z" + name), false);
  }

  @Provide
  Arbitrary<IpAddress> v4() {
    // a /16 so that random networks and addresses overlap
    return Arbitraries.integers().between(0, 0xffff).map(low -> IpAddress.ofIpv4(0xC6330000 | low));
  }

  @Provide
  Arbitrary<List<Ioc>> ipIocs() {
    Arbitrary<Ioc> one =
        Combinators.combine(v4(), Arbitraries.integers().between(-1, 32))
            .as(
                (a, len) ->
                    len < 0
                        ? new Ioc(a.toString(), IocKind.IP, "p", 0, null, List.of(), null, null, null)
                        : new Ioc(
                            IocValueParser.network(a, len) + "/" + len, IocKind.CIDR, "p", 0, null, List.of(), null, null, null));
    return one.list().ofMaxSize(20);
  }

  @Property(tries = 500)
  void ipMatchEqualsNaiveScan(@ForAll("ipIocs") List<Ioc> iocs, @ForAll("v4") IpAddress ip) {
    IocMatcher m = IocMatcher.of(iocs);
    List<Ioc> want = new ArrayList<>();
    for (Ioc i : iocs) {
      if (i.kind() == IocKind.IP ? IpAddress.parse(i.value()).equals(ip) : inCidr(ip, i.value())) {
        want.add(i);
      }
    }
    List<Ioc> got = m.matchIp(ip);
    assertEquals(identities(want), identities(got));
    assertEquals(want.size(), got.size());
  }

  private static boolean inCidr(IpAddress ip, String cidr) {
    int slash = cidr.indexOf('/');
    return ip.inPrefix(IpAddress.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
  }

  private static Set<Integer> identities(List<Ioc> iocs) {
    Set<Integer> out = new HashSet<>();
    for (Ioc i : iocs) {
      out.add(System.identityHashCode(i));
    }
    return out;
  }
}
