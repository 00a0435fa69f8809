package org.dnslens.engine.dns;

import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.issue.DecodeException;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;

/**
 * Decodes a DNS message into {@link DnsMessage}; never throws.
 *
 * <p><b>How.</b> The header, the question section and every record envelope (owner name, type, class,
 * TTL, rdlength) are parsed here by hand with explicit bounds checks, so a fault late in the message
 * never loses the header or the question, and each record's rdata is confined to its rdlength: a record
 * whose rdata does not decode is kept and the next one is still read. Rdata goes to {@link RdataDecoder}
 * (by hand for the common types, dnsjava for the long tail); the OPT record goes to {@link EdnsDecoder}.
 * dnsjava objects are never built for the common types because this runs per message at the ingest rate
 * (target ≥ 1M messages/s): a dnsjava {@code Message} costs a {@code Name} per label run, a {@code
 * Record} per RR, and section lists, where the hand path costs one {@code DnsName} copy per name.
 *
 * <p><b>{@code data}</b> of a record is its rdata in zone-file presentation format exactly as dnsjava
 * 3.6 writes it ({@code rdataToString}): names absolute, with the trailing dot and {@code \DDD} / {@code
 * \.} escapes (so a CNAME target reads {@code www.example.com.} while the owner name, rendered by {@link
 * DnsName#toString()}, has no dot); TXT strings each in double quotes, bytes outside printable ASCII as
 * {@code \DDD}; DS/DNSKEY/RRSIG in dnsjava's hex and base64. Two deliberate differences: A and AAAA use
 * {@code IpAddress.toString()} (RFC 5952 for IPv6, where dnsjava prints {@code 2001:db8:0:0:0:0:0:1}),
 * and empty unknown rdata is {@code \# 0} without dnsjava's trailing space. Rdata that does not decode,
 * and types without a presentation format, are RFC 3597 {@code \# len HEX} with {@code rdata} null.
 *
 * <p><b>Status and issue.</b> A fault that stops decoding (truncated header, question or record envelope,
 * bad name in an owner or question, counts beyond the data, message above 65535 bytes) gives {@link
 * ParseStatus#PARTIAL} with that reason as {@code issue}; everything read before it is kept. Faults that
 * lose nothing give {@link ParseStatus#COMPLETE} with the first such reason as {@code issue}: rdata kept
 * as hex ({@code DNS_BAD_RDATA}, {@code DNS_RDLENGTH_MISMATCH}, or the name fault inside the rdata),
 * {@code DNS_BAD_EDNS} (a second OPT, an OPT outside the additional section, a non-root OPT owner or a
 * malformed option; the first OPT of the additional section wins, the others stay as records), and
 * {@code DNS_TRAILING_BYTES} (every record the header announced was read; the extra bytes are still in
 * {@code wire}). Every issue is counted with its offset.
 *
 * <p>Not thread-safe (it reuses a name buffer): one per pipeline thread, like its {@link IssueCounter}.
 */
public final class DnsMessageDecoder {
  /** RFC 1035 4.1.1. */
  public static final int HEADER_BYTES = 12;
  /** Root name, type, class. */
  public static final int MIN_QUESTION_BYTES = 5;
  /** Root name, type, class, TTL, rdlength. */
  public static final int MIN_RECORD_BYTES = 11;
  /** The largest message UDP or TCP framing can carry; only this much of a larger one is decoded. */
  public static final int MAX_MESSAGE_BYTES = 65535;
  /** Same as {@link NameReader#MAX_COMPRESSION_JUMPS}; here for the documentation of the limits. */
  public static final int MAX_COMPRESSION_JUMPS = NameReader.MAX_COMPRESSION_JUMPS;

  private static final int RECORD_FIXED_BYTES = 10;

  private final IssueCounter issues;
  private final NameReader names = new NameReader();
  private final RdataDecoder rdata = new RdataDecoder(names);
  private final EdnsDecoder edns = new EdnsDecoder();
  /**
   * Reused section buffers (grown when a message has more): the sections are frozen into exact-size
   * immutable lists, so these never escape.
   */
  private final Parse parse = new Parse();
  private Question[] questionBuffer = new Question[4];
  private ResourceRecord[] recordBuffer = new ResourceRecord[16];
  /** Records read so far into {@link #recordBuffer} for the section being parsed. */
  private int recordCount;

  public DnsMessageDecoder(IssueCounter issues) {
    this.issues = issues;
  }

  /**
   * Never throws. A malformed message yields what parsed, status PARTIAL + reason (also counted via
   * issues.count(reason, raw.meta().frame(), raw.meta().timestampNanos(), "offset N")).
   */
  public DnsMessage decode(RawDnsMessage raw) {
    Parse s = parse;
    s.reset(raw);
    names.startMessage();
    try {
      parse(s);
    } catch (DecodeException e) {
      s.stop(e.reason(), e.offset());
    } catch (RuntimeException e) {
      // A read past the data that an explicit check should have caught: a bug here, not bad input.
      s.stop(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK, s.pos);
    }
    return s.build();
  }

  private void parse(Parse s) throws DecodeException {
    byte[] m = s.wire;
    int end = m.length;
    if (end > MAX_MESSAGE_BYTES) {
      s.stopLater(IssueReason.DNS_MESSAGE_TOO_LARGE, MAX_MESSAGE_BYTES);
      end = MAX_MESSAGE_BYTES;
    }
    if (end < HEADER_BYTES) {
      throw new DecodeException(IssueReason.DNS_TRUNCATED_HEADER, end);
    }
    s.id = RdataDecoder.u16(m, 0);
    s.flags = RdataDecoder.u16(m, 2);
    int qd = s.qd = RdataDecoder.u16(m, 4);
    int an = s.an = RdataDecoder.u16(m, 6);
    int ns = s.ns = RdataDecoder.u16(m, 8);
    int ar = s.ar = RdataDecoder.u16(m, 10);
    s.pos = HEADER_BYTES;

    int n = 0;
    try {
      for (int i = 0; i < qd; i++) {
        if (s.pos >= end) {
          throw new DecodeException(IssueReason.DNS_COUNT_MISMATCH, s.pos);
        }
        DnsName name = names.read(m, s.pos, end, end, IssueReason.DNS_TRUNCATED_QUESTION);
        int p = names.next();
        if (p + 4 > end) {
          throw new DecodeException(IssueReason.DNS_TRUNCATED_QUESTION, p);
        }
        if (n == questionBuffer.length) {
          questionBuffer = Arrays.copyOf(questionBuffer, n * 2); // grows with what parsed, not the header
        }
        questionBuffer[n++] = new Question(name, RdataDecoder.u16(m, p), RdataDecoder.u16(m, p + 2));
        s.pos = p + 4;
      }
    } finally {
      // Also on a fault part-way: the questions already read are kept.
      s.questions = immutable(questionBuffer, n);
    }
    s.answers = records(s, Section.ANSWER, an, end);
    s.authorities = records(s, Section.AUTHORITY, ns, end);
    s.additionals = records(s, Section.ADDITIONAL, ar, end);
    if (s.pos < end) {
      s.note(IssueReason.DNS_TRAILING_BYTES, s.pos);
    }
  }

  private List<ResourceRecord> records(Parse s, Section section, int count, int end)
      throws DecodeException {
    List<ResourceRecord> list;
    try {
      readRecords(s, section, count, end);
    } finally {
      // Assigned also when a fault stops the section part-way: the records already read are kept.
      list = immutable(recordBuffer, recordCount);
      switch (section) {
        case ANSWER -> s.answers = list;
        case AUTHORITY -> s.authorities = list;
        default -> s.additionals = list;
      }
    }
    return list;
  }

  /**
   * Reads {@code count} records into {@link #recordBuffer}, counting them in {@link #recordCount} as
   * they come, so a fault keeps them.
   */
  private void readRecords(Parse s, Section section, int count, int end) throws DecodeException {
    recordCount = 0;
    byte[] m = s.wire;
    for (int i = 0; i < count; i++) {
      if (s.pos >= end) {
        throw new DecodeException(IssueReason.DNS_COUNT_MISMATCH, s.pos);
      }
      int recordStart = s.pos;
      DnsName owner = names.read(m, recordStart, end, end, IssueReason.DNS_TRUNCATED_RECORD);
      int p = names.next();
      if (p + RECORD_FIXED_BYTES > end) {
        throw new DecodeException(IssueReason.DNS_TRUNCATED_RECORD, p);
      }
      int type = RdataDecoder.u16(m, p);
      int cls = RdataDecoder.u16(m, p + 2);
      long ttl = RdataDecoder.u32(m, p + 4);
      int rdLength = RdataDecoder.u16(m, p + 8);
      int rdStart = p + RECORD_FIXED_BYTES;
      if (rdStart + rdLength > end) {
        throw new DecodeException(IssueReason.DNS_TRUNCATED_RECORD, p + 8);
      }
      s.pos = rdStart + rdLength;
      if (type == RrType.OPT) {
        if (section == Section.ADDITIONAL && s.edns == null) {
          s.edns = edns.decode(cls, ttl, m, rdStart, rdLength);
          if (!owner.isRoot()) {
            s.note(IssueReason.DNS_BAD_EDNS, recordStart);
          }
          if (edns.malformed()) {
            s.note(IssueReason.DNS_BAD_EDNS, edns.malformedOffset());
          }
          continue;
        }
        // A second OPT, or one outside the additional section: counted and kept as evidence.
        s.note(IssueReason.DNS_BAD_EDNS, p);
        add(hexRecord(section, owner, type, cls, ttl, m, rdStart, rdLength));
        continue;
      }
      ResourceRecord r;
      try {
        r = rdata.decode(m, end, section, owner, type, cls, ttl, rdStart, rdLength);
      } catch (DecodeException e) {
        s.note(e.reason(), e.offset());
        r = hexRecord(section, owner, type, cls, ttl, m, rdStart, rdLength);
      }
      add(r);
    }
  }

  private void add(ResourceRecord r) {
    if (recordCount == recordBuffer.length) {
      recordBuffer = Arrays.copyOf(recordBuffer, recordCount * 2); // grows with what parsed, not the header
    }
    recordBuffer[recordCount++] = r;
  }

  /**
   * The first {@code n} elements as an immutable list, sized exactly: most sections hold 0–2 entries,
   * which {@code List.of} keeps in one small object, and {@link DnsMessage}'s {@code List.copyOf} then
   * returns the same list instead of copying again. Replaces an {@code ArrayList} per section plus that
   * copy (four sections per message).
   */
  private static <T> List<T> immutable(T[] buffer, int n) {
    return switch (n) {
      case 0 -> List.of();
      case 1 -> List.of(buffer[0]);
      case 2 -> List.of(buffer[0], buffer[1]);
      // List.of over an array copy, not List.copyOf of a sub-list: the same ListN, without a sub-list
      // iterator (whose compiled copies went into DnsMessage's constructor, see model.ImmutableLists).
      default -> List.of(Arrays.copyOf(buffer, n));
    };
  }

  private static ResourceRecord hexRecord(
      Section section, DnsName owner, int type, int cls, long ttl, byte[] m, int at, int len) {
    return new ResourceRecord(
        section, owner, type, cls, ttl, PresentationText.unknown(m, at, len), null);
  }

  /**
   * One message's decoding state, so a fault anywhere still leaves everything read so far. One instance
   * per decoder, reset per message: it was about 200 bytes per message, 5 % of the bytes allocated by
   * DNS decoding (JFR allocation samples, docs/PERFORMANCE.md); what {@link #build} returns holds none
   * of it.
   */
  private final class Parse {
    RawDnsMessage raw;
    byte[] wire;
    int pos;
    int id;
    int flags;
    /** The header's section counts. */
    int qd;
    int an;
    int ns;
    int ar;
    List<Question> questions = List.of();
    List<ResourceRecord> answers = List.of();
    List<ResourceRecord> authorities = List.of();
    List<ResourceRecord> additionals = List.of();
    Edns edns;
    ParseStatus status = ParseStatus.COMPLETE;
    IssueReason issue;
    /** A stop reason already decided (message too large) that parsing carries on under. */
    IssueReason pendingStop;

    void reset(RawDnsMessage raw) {
      this.raw = raw;
      this.wire = raw.wire() == null ? new byte[0] : raw.wire();
      pos = 0;
      id = 0;
      flags = 0;
      qd = 0;
      an = 0;
      ns = 0;
      ar = 0;
      questions = List.of();
      answers = List.of();
      authorities = List.of();
      additionals = List.of();
      edns = null;
      status = ParseStatus.COMPLETE;
      issue = null;
      pendingStop = null;
    }

    /** Decoding stopped here: PARTIAL, and this reason wins over notes. */
    void stop(IssueReason reason, int offset) {
      count(reason, offset);
      if (status != ParseStatus.PARTIAL || issue == null) {
        issue = reason;
      }
      status = ParseStatus.PARTIAL;
    }

    void stopLater(IssueReason reason, int offset) {
      count(reason, offset);
      pendingStop = reason;
    }

    /** Something odd that lost nothing: the first one becomes the issue unless decoding stops. */
    void note(IssueReason reason, int offset) {
      count(reason, offset);
      if (issue == null) {
        issue = reason;
      }
    }

    private void count(IssueReason reason, int offset) {
      PacketMeta meta = raw.meta();
      issues.count(
          reason,
          meta == null ? null : meta.frame(),
          meta == null ? 0 : meta.timestampNanos(),
          "offset " + offset);
    }

    DnsMessage build() {
      if (pendingStop != null) {
        if (status != ParseStatus.PARTIAL) {
          issue = pendingStop;
        }
        status = ParseStatus.PARTIAL;
      }
      if (wire.length < HEADER_BYTES) {
        // What the short header holds; missing bytes read as zero.
        id = wire.length >= 2 ? RdataDecoder.u16(wire, 0) : 0;
        flags = wire.length >= 4 ? RdataDecoder.u16(wire, 2) : 0;
      }
      int rcode = flags & 0xf;
      if (edns != null) {
        rcode |= edns.extendedRcode() << 4;
      }
      DnsHeader header = new DnsHeader(id, flags, rcode, qd, an, ns, ar);
      return new DnsMessage(
          raw.meta(), header, questions, answers, authorities, additionals, edns, status, issue, wire);
    }
  }
}
