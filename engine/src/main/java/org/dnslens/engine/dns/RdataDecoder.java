package org.dnslens.engine.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dnslens.engine.issue.DecodeException;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IpAddressCache;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SVCBBase;

/**
 * Turns one record's rdata into presentation text and typed fields.
 *
 * <p>Two paths. The types that make up nearly all traffic (A, AAAA, the single-name types, MX, TXT/SPF,
 * SOA, SRV, NAPTR, CAA) are decoded by hand straight from the message bytes: no dnsjava {@code Record},
 * {@code Name} or {@code DNSInput} per record, and names inside rdata go through the same {@link
 * NameReader} as owner names, so they keep raw bytes and the same limits. Everything else goes to dnsjava
 * ({@code Record.newRecord} over the rdata alone) for its presentation format and typed getters.
 *
 * <p>Because dnsjava then sees only the rdata, compression pointers in it would be resolved against the
 * wrong buffer. For every long-tail type whose rdata holds names at known places (MINFO, RP, AFSDB, RT,
 * PX, KX, SIG, NXT, RRSIG, NSEC, SVCB, HTTPS) the names are first expanded with {@link NameReader}; the
 * remaining name-bearing types (HIP, IPSECKEY, A6, TALINK, LP, AMTRELAY, TKEY, TSIG) must not be
 * compressed (RFC 3597 4) and are passed as they are.
 *
 * <p>Any failure throws {@link DecodeException}; the caller keeps the record as RFC 3597 hex.
 */
final class RdataDecoder {
  /** Layout step: an embedded (possibly compressed) name. */
  private static final int NAME = -1;
  /** Layout step: all remaining bytes as they are. */
  private static final int REST = -2;

  private final NameReader names;
  private final IpAddressCache addresses = new IpAddressCache();
  /** {@link #expand}'s working buffer, grown to the largest rdata met (at most 64 KiB + 3 names). */
  private byte[] expandScratch = new byte[512];

  RdataDecoder(NameReader names) {
    this.names = names;
  }

  ResourceRecord decode(
      byte[] m, int msgEnd, Section section, DnsName owner, int type, int cls, long ttl, int at, int len)
      throws DecodeException {
    int end = at + len;
    switch (type) {
      case RrType.A, RrType.AAAA -> {
        if (len != (type == RrType.A ? 4 : 16)) {
          throw new DecodeException(IssueReason.DNS_BAD_RDATA, at);
        }
        IpAddress ip = addresses.of(m, at, len); // shared instance: its text is built once
        // data null: derived from the rdata on first use (see ResourceRecord); most never need it.
        return new ResourceRecord(section, owner, type, cls, ttl, null, new RData.Address(ip));
      }
      case RrType.NS, 3, 4, RrType.CNAME, 7, 8, 9, RrType.PTR, RrType.DNAME -> {
        DnsName target = name(m, at, end, msgEnd);
        requireEnd(names.next(), end);
        return new ResourceRecord(section, owner, type, cls, ttl, null, new RData.Target(target));
      }
      case RrType.MX -> {
        require(at, 2, end);
        int pref = u16(m, at);
        DnsName exchange = name(m, at + 2, end, msgEnd);
        requireEnd(names.next(), end);
        return new ResourceRecord(section, owner, type, cls, ttl, null, new RData.Mx(pref, exchange));
      }
      case RrType.TXT, RrType.SPF -> {
        // Most TXT rdata is one string: an immutable list of it, which RData.Txt keeps without a copy.
        String single = null;
        List<String> several = null;
        int p = at;
        while (p < end) {
          int n = m[p] & 0xff;
          require(p + 1, n, end);
          String str = new String(m, p + 1, n, StandardCharsets.ISO_8859_1);
          if (several != null) {
            several.add(str);
          } else if (single == null) {
            single = str;
          } else {
            several = new ArrayList<>(4);
            several.add(single);
            several.add(str);
          }
          p += 1 + n;
        }
        List<String> strings = several != null ? several : single != null ? List.of(single) : List.of();
        // data null: the text follows from the strings (see ResourceRecord), and NDJSON renders them itself.
        return new ResourceRecord(section, owner, type, cls, ttl, null, new RData.Txt(strings));
      }
      case RrType.SOA -> {
        DnsName mname = name(m, at, end, msgEnd);
        DnsName rname = name(m, names.next(), end, msgEnd);
        int p = names.next();
        require(p, 20, end);
        requireEnd(p + 20, end);
        long serial = u32(m, p);
        long refresh = u32(m, p + 4);
        long retry = u32(m, p + 8);
        long expire = u32(m, p + 12);
        long minimum = u32(m, p + 16);
        // data null: derived on first use (see ResourceRecord); NDJSON renders the fields itself.
        return new ResourceRecord(
            section,
            owner,
            type,
            cls,
            ttl,
            null,
            new RData.Soa(mname, rname, serial, refresh, retry, expire, minimum));
      }
      case RrType.SRV -> {
        require(at, 6, end);
        int priority = u16(m, at);
        int weight = u16(m, at + 2);
        int port = u16(m, at + 4);
        DnsName target = name(m, at + 6, end, msgEnd);
        requireEnd(names.next(), end);
        StringBuilder sb = new StringBuilder(40);
        sb.append(priority).append(' ').append(weight).append(' ').append(port).append(' ');
        PresentationText.appendName(sb, target);
        return new ResourceRecord(
            section, owner, type, cls, ttl, sb.toString(), new RData.Srv(priority, weight, port, target));
      }
      case RrType.NAPTR -> {
        require(at, 4, end);
        int order = u16(m, at);
        int pref = u16(m, at + 2);
        StringBuilder sb = new StringBuilder(64).append(order).append(' ').append(pref);
        String[] strings = new String[3];
        int p = at + 4;
        for (int i = 0; i < 3; i++) {
          require(p, 1, end);
          int n = m[p] & 0xff;
          require(p + 1, n, end);
          sb.append(' ');
          PresentationText.appendCharacterString(sb, m, p + 1, n, true);
          strings[i] = new String(m, p + 1, n, StandardCharsets.ISO_8859_1);
          p += 1 + n;
        }
        DnsName replacement = name(m, p, end, msgEnd);
        requireEnd(names.next(), end);
        sb.append(' ');
        PresentationText.appendName(sb, replacement);
        return new ResourceRecord(
            section,
            owner,
            type,
            cls,
            ttl,
            sb.toString(),
            new RData.Naptr(order, pref, strings[0], strings[1], strings[2], replacement));
      }
      case RrType.CAA -> {
        require(at, 2, end);
        int flags = m[at] & 0xff;
        int tagLen = m[at + 1] & 0xff;
        require(at + 2, tagLen, end);
        int valueAt = at + 2 + tagLen;
        StringBuilder sb = new StringBuilder(len + 8).append(flags).append(' ');
        PresentationText.appendCharacterString(sb, m, at + 2, tagLen, false);
        sb.append(' ');
        PresentationText.appendCharacterString(sb, m, valueAt, end - valueAt, true);
        String tag = new String(m, at + 2, tagLen, StandardCharsets.ISO_8859_1);
        String value = new String(m, valueAt, end - valueAt, StandardCharsets.ISO_8859_1);
        return new ResourceRecord(section, owner, type, cls, ttl, sb.toString(), new RData.Caa(flags, tag, value));
      }
      case RrType.SVCB, RrType.HTTPS -> {
        ResourceRecord r = alpnOnlyService(m, msgEnd, section, owner, type, cls, ttl, at, len);
        return r != null ? r : viaDnsjava(m, msgEnd, section, owner, type, cls, ttl, at, len);
      }
      default -> {
        return viaDnsjava(m, msgEnd, section, owner, type, cls, ttl, at, len);
      }
    }
  }

  /**
   * SVCB/HTTPS in its most common shape, by hand: ServiceMode (priority 1 or more), any target, and a
   * single alpn parameter whose protocol ids are non-empty printable ASCII without {@code "}, {@code \}
   * or {@code ,} (so no escapes), e.g. {@code 1 . alpn=h2,h3}. Null for anything else, which dnsjava
   * decodes. The text and typed fields are exactly dnsjava's ({@code RdataDecoderTest} compares both
   * paths): HTTPS answers went through dnsjava's record, name and parameter objects, about 4 % of the
   * reader thread in a cold read of gen1m (docs/PERFORMANCE.md, session 18).
   */
  private ResourceRecord alpnOnlyService(
      byte[] m, int msgEnd, Section section, DnsName owner, int type, int cls, long ttl, int at, int len)
      throws DecodeException {
    int end = at + len;
    if (len < 3) {
      return null;
    }
    int priority = u16(m, at);
    if (priority == 0) {
      return null;
    }
    // The same read (and so the same fault, if any) as dnsjava's path makes first in expand().
    DnsName target = name(m, at + 2, end, msgEnd);
    int p = names.next();
    if (p + 4 > end || u16(m, p) != 1) {
      return null;
    }
    int valueLength = u16(m, p + 2);
    if (valueLength == 0 || p + 4 + valueLength != end) {
      return null;
    }
    StringBuilder sb = new StringBuilder(16 + len);
    sb.append(priority).append(' ');
    PresentationText.appendName(sb, target);
    sb.append(" alpn=");
    int valueStart = sb.length();
    for (int v = p + 4; v < end; ) {
      int n = m[v] & 0xff;
      if (n == 0 || v + 1 + n > end) {
        return null;
      }
      if (sb.length() > valueStart) {
        sb.append(',');
      }
      for (int i = v + 1; i <= v + n; i++) {
        int c = m[i] & 0xff;
        if (c < 0x21 || c > 0x7e || c == '"' || c == '\\' || c == ',') {
          return null;
        }
        sb.append((char) c);
      }
      v += 1 + n;
    }
    String text = sb.toString();
    RData.SvcParam alpn = new RData.SvcParam(1, svcParamName(1), text.substring(valueStart));
    return new ResourceRecord(
        section, owner, type, cls, ttl, text, new RData.Svcb(priority, target, List.of(alpn)));
  }

  /** The long tail: not on the hot path, so dnsjava's objects are affordable here. */
  ResourceRecord viaDnsjava(
      byte[] m, int msgEnd, Section section, DnsName owner, int type, int cls, long ttl, int at, int len)
      throws DecodeException {
    int[] layout = nameLayout(type);
    byte[] rdata = layout == null ? slice(m, at, len) : expand(m, msgEnd, at, at + len, layout);
    Record rec;
    String text;
    RData typed;
    try {
      // Owner, class and TTL do not affect rdata parsing; fixed values keep dnsjava's range checks
      // (e.g. TTL above 2^31-1) from rejecting records that are only odd in their envelope.
      rec = Record.newRecord(Name.root, type, DClass.IN, 0, rdata.length, rdata);
      if (rec == null) {
        throw new DecodeException(IssueReason.DNS_BAD_RDATA, at);
      }
      text = rec.rdataToString();
      typed = typed(rec, text);
    } catch (RuntimeException e) {
      // dnsjava validates some fields with unchecked exceptions; for us that is a bad rdata.
      throw new DecodeException(IssueReason.DNS_BAD_RDATA, at);
    }
    if (text.startsWith("\\# ") && len == 0) {
      text = "\\# 0"; // dnsjava leaves a trailing space
    }
    return new ResourceRecord(section, owner, type, cls, ttl, text, typed);
  }

  private static RData typed(Record rec, String text) {
    if (rec instanceof DSRecord ds) {
      byte[] d = ds.getDigest();
      return new RData.Ds(
          ds.getFootprint(), ds.getAlgorithm(), ds.getDigestID(), PresentationText.hex(d, 0, d.length));
    }
    if (rec instanceof DNSKEYRecord k) {
      return new RData.Dnskey(
          k.getFlags(),
          k.getProtocol(),
          k.getAlgorithm(),
          Base64.getEncoder().encodeToString(k.getKey()),
          k.getFootprint());
    }
    if (rec instanceof RRSIGRecord s) {
      return new RData.Rrsig(
          s.getTypeCovered(),
          s.getAlgorithm(),
          s.getLabels(),
          s.getOrigTTL(),
          s.getExpire().getEpochSecond(),
          s.getTimeSigned().getEpochSecond(),
          s.getFootprint(),
          dnsName(s.getSigner()),
          Base64.getEncoder().encodeToString(s.getSignature()));
    }
    if (rec instanceof NSECRecord n) {
      return new RData.Nsec(dnsName(n.getNext()), types(n.getTypes()));
    }
    if (rec instanceof NSEC3Record n) {
      byte[] salt = n.getSalt();
      String[] tokens = text.split(" ", 6);
      return new RData.Nsec3(
          n.getHashAlgorithm(),
          n.getFlags(),
          n.getIterations(),
          salt == null ? "" : PresentationText.hex(salt, 0, salt.length),
          tokens.length > 4 ? tokens[4] : "",
          types(n.getTypes()));
    }
    if (rec instanceof SVCBBase s) {
      List<RData.SvcParam> params = new ArrayList<>();
      for (int key : s.getSvcParamKeys()) {
        SVCBBase.ParameterBase v = s.getSvcParamValue(key);
        params.add(new RData.SvcParam(key, svcParamName(key), v == null ? "" : v.toString()));
      }
      return new RData.Svcb(s.getSvcPriority(), dnsName(s.getTargetName()), params);
    }
    return null;
  }

  /** RFC 9460 14.3.2 key names; {@code keyNNNNN} for the rest, as in presentation format. */
  static String svcParamName(int key) {
    return switch (key) {
      case 0 -> "mandatory";
      case 1 -> "alpn";
      case 2 -> "no-default-alpn";
      case 3 -> "port";
      case 4 -> "ipv4hint";
      case 5 -> "ech";
      case 6 -> "ipv6hint";
      case 7 -> "dohpath";
      case 8 -> "ohttp";
      default -> "key" + key;
    };
  }

  private static List<Integer> types(int[] types) {
    List<Integer> l = new ArrayList<>(types.length);
    for (int t : types) {
      l.add(t);
    }
    return l;
  }

  private static DnsName dnsName(Name n) {
    return DnsName.fromWire(n.toWire());
  }

  /**
   * Where names sit in long-tail rdata that may carry compressed names: fixed byte counts, {@link #NAME}
   * and {@link #REST}. Null when the rdata can go to dnsjava as it is.
   */
  private static int[] nameLayout(int type) {
    return switch (type) {
      case 14, 17 -> new int[] {NAME, NAME}; // MINFO, RP
      case 18, 21, 36 -> new int[] {2, NAME}; // AFSDB, RT, KX
      case 26 -> new int[] {2, NAME, NAME}; // PX
      case 24, RrType.RRSIG -> new int[] {18, NAME, REST}; // SIG, RRSIG
      case 30, RrType.NSEC -> new int[] {NAME, REST}; // NXT, NSEC
      case RrType.SVCB, RrType.HTTPS -> new int[] {2, NAME, REST};
      default -> null;
    };
  }

  /**
   * The rdata with its embedded names decompressed, so dnsjava can parse it on its own. Expanded in
   * {@link #expandScratch}: a worst-case-sized array per record (about 3 % of DNS decoding's allocated
   * bytes with HTTPS answers in the JFR samples) for a result usually a fraction of that size.
   */
  private byte[] expand(byte[] m, int msgEnd, int at, int end, int[] layout) throws DecodeException {
    int worst = (end - at) + layout.length * DnsName.MAX_NAME_WIRE_BYTES; // < 64 KiB + 3 names
    if (expandScratch.length < worst) {
      expandScratch = new byte[worst];
    }
    byte[] out = expandScratch;
    int o = 0;
    int p = at;
    for (int step : layout) {
      if (step == NAME) {
        DnsName n = name(m, p, end, msgEnd);
        byte[] w = n.toWire();
        System.arraycopy(w, 0, out, o, w.length);
        o += w.length;
        p = names.next();
      } else if (step == REST) {
        System.arraycopy(m, p, out, o, end - p);
        o += end - p;
        p = end;
      } else {
        require(p, step, end);
        System.arraycopy(m, p, out, o, step);
        o += step;
        p += step;
      }
    }
    requireEnd(p, end);
    byte[] exact = new byte[o];
    System.arraycopy(out, 0, exact, 0, o);
    return exact;
  }

  private DnsName name(byte[] m, int at, int end, int msgEnd) throws DecodeException {
    return names.read(m, at, end, msgEnd, IssueReason.DNS_BAD_RDATA);
  }

  private static byte[] slice(byte[] m, int at, int len) {
    byte[] b = new byte[len];
    System.arraycopy(m, at, b, 0, len);
    return b;
  }

  /** {@code n} more bytes must fit before {@code end}. */
  private static void require(int p, int n, int end) throws DecodeException {
    if (p + n > end) {
      throw new DecodeException(IssueReason.DNS_BAD_RDATA, p);
    }
  }

  /** The fields must fill the rdata exactly. */
  private static void requireEnd(int p, int end) throws DecodeException {
    if (p != end) {
      throw new DecodeException(IssueReason.DNS_RDLENGTH_MISMATCH, p);
    }
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static long u32(byte[] b, int at) {
    return ((long) u16(b, at) << 16) | u16(b, at + 2);
  }
}
