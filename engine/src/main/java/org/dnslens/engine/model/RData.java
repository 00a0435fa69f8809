package org.dnslens.engine.model;

import java.util.List;

/**
 * Typed rdata fields for the record types an analyst pivots on. Strings from the wire (TXT, CAA, NAPTR)
 * are byte strings decoded as ISO-8859-1, one char per byte, so no byte is lost; output escapes them.
 */
public sealed interface RData {

  /** A or AAAA. */
  record Address(IpAddress address) implements RData {}

  /** CNAME, DNAME, NS, PTR (and the obsolete MB/MD/MF/MG/MR): a single target name. */
  record Target(DnsName target) implements RData {}

  record Mx(int preference, DnsName exchange) implements RData {}

  /** TXT or SPF: every character-string, in order. */
  record Txt(List<String> strings) implements RData {
    public Txt {
      strings = ImmutableLists.copyOf(strings);
    }
  }

  record Srv(int priority, int weight, int port, DnsName target) implements RData {}

  record Soa(
      DnsName mname,
      DnsName rname,
      long serial,
      long refresh,
      long retry,
      long expire,
      long minimum)
      implements RData {}

  record Caa(int flags, String tag, String value) implements RData {}

  record Naptr(
      int order, int preference, String flags, String services, String regexp, DnsName replacement)
      implements RData {}

  /** SVCB or HTTPS (RFC 9460); params in wire order, values in presentation format. */
  record Svcb(int priority, DnsName target, List<SvcParam> params) implements RData {
    public Svcb {
      params = List.copyOf(params);
    }
  }

  record SvcParam(int key, String name, String value) {}

  record Ds(int keyTag, int algorithm, int digestType, String digestHex) implements RData {}

  record Dnskey(int flags, int protocol, int algorithm, String publicKeyBase64, int keyTag)
      implements RData {}

  /** RRSIG; expiration and inception are seconds since the epoch. */
  record Rrsig(
      int typeCovered,
      int algorithm,
      int labels,
      long originalTtl,
      long expiration,
      long inception,
      int keyTag,
      DnsName signer,
      String signatureBase64)
      implements RData {}

  record Nsec(DnsName next, List<Integer> types) implements RData {
    public Nsec {
      types = List.copyOf(types);
    }
  }

  /** NSEC3; {@code nextHashed} in base32hex as in presentation format. */
  record Nsec3(
      int hashAlgorithm, int flags, int iterations, String saltHex, String nextHashed, List<Integer> types)
      implements RData {
    public Nsec3 {
      types = List.copyOf(types);
    }
  }
}
