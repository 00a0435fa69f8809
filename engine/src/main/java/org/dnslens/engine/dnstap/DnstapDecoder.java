package org.dnslens.engine.dnstap;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.dnslens.engine.dnstap.proto.DnstapProto;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnstapInfo;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transport;

/**
 * One dnstap protobuf payload → one {@link RawDnsMessage}, or null with a counted {@code DNSTAP_*}
 * reason. Never throws on hostile bytes.
 *
 * <p><b>Direction.</b> dnstap's {@code query_address}/{@code query_port} are always the initiator's: the
 * client for CQ/CR and AQ/AR, the resolver itself for RQ/RR and FQ/FR (dnstap.proto). A query type's
 * message goes initiator → responder, a response type's the other way, so the pairer's flow key (client
 * side from the query's source) lines the two up. The wire message is the type's own ({@code
 * query_message} for *_QUERY, {@code response_message} for *_RESPONSE); the QR bit of that message
 * still decides query vs reply downstream, as for captured packets.
 *
 * <p><b>Time.</b> {@code query_time} for query types, {@code response_time} for response types,
 * falling back to the other when the type's own is absent; a nanosecond field of 10^9 or more, or
 * seconds beyond what nanoseconds since the epoch can hold, is counted {@link IssueReason#DNSTAP_BAD_TIME}
 * and the message dropped (as BIND's own parser refuses it).
 */
public final class DnstapDecoder {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND - 1;
  /** Protobuf nesting limit for hostile input (the Dnstap schema nests three deep). */
  private static final int MAX_RECURSION_DEPTH = 16;

  private final IssueCounter issues;

  public DnstapDecoder(IssueCounter issues) {
    this.issues = issues;
  }

  /** Decodes {@code length} bytes of {@code payload} found at {@code ref}. */
  public RawDnsMessage decode(byte[] payload, int length, FrameRef ref) {
    DnstapProto.Dnstap frame;
    try {
      CodedInputStream in = CodedInputStream.newInstance(payload, 0, length);
      in.setRecursionLimit(MAX_RECURSION_DEPTH);
      frame = DnstapProto.Dnstap.parser().parsePartialFrom(in);
    } catch (InvalidProtocolBufferException e) {
      issues.count(IssueReason.DNSTAP_BAD_PROTOBUF, ref, 0, shortMessage(e));
      return null;
    } catch (RuntimeException e) {
      issues.count(IssueReason.DNSTAP_BAD_PROTOBUF, ref, 0, e.getClass().getSimpleName());
      return null;
    }
    if (!frame.hasMessage()) {
      issues.count(IssueReason.DNSTAP_NO_MESSAGE, ref, 0, "no Message payload");
      return null;
    }
    DnstapProto.Message m = frame.getMessage();
    if (!m.hasType()) {
      // proto2 keeps an unknown enum number among the unknown fields, so "absent" here means either.
      boolean unknownNumber = m.getUnknownFields().hasField(DnstapProto.Message.TYPE_FIELD_NUMBER);
      issues.count(
          unknownNumber ? IssueReason.DNSTAP_BAD_MESSAGE_TYPE : IssueReason.DNSTAP_BAD_PROTOBUF,
          ref,
          0,
          unknownNumber ? "message type " + unknownType(m) : "message type missing");
      return null;
    }
    DnstapProto.Message.Type type = m.getType();
    boolean response = type.getNumber() % 2 == 0; // every *_RESPONSE type is even in dnstap.proto
    long ts;
    if (!validTime(m.hasQueryTimeSec(), m.getQueryTimeSec(), m.hasQueryTimeNsec(), m.getQueryTimeNsec())
        || !validTime(
            m.hasResponseTimeSec(), m.getResponseTimeSec(), m.hasResponseTimeNsec(), m.getResponseTimeNsec())) {
      issues.count(IssueReason.DNSTAP_BAD_TIME, ref, 0, type.name());
      return null;
    }
    boolean hasQueryTime = m.hasQueryTimeSec();
    boolean hasResponseTime = m.hasResponseTimeSec();
    long queryTime = nanos(m.getQueryTimeSec(), m.getQueryTimeNsec());
    long responseTime = nanos(m.getResponseTimeSec(), m.getResponseTimeNsec());
    if (response) {
      ts = hasResponseTime ? responseTime : hasQueryTime ? queryTime : 0;
    } else {
      ts = hasQueryTime ? queryTime : hasResponseTime ? responseTime : 0;
    }
    if (!hasQueryTime && !hasResponseTime) {
      // Kept (the message is evidence), but its time is unknown: say so.
      issues.count(IssueReason.DNSTAP_BAD_TIME, ref, 0, type.name() + " without a time");
    }
    ByteString wire = response ? m.getResponseMessage() : m.getQueryMessage();
    if (!(response ? m.hasResponseMessage() : m.hasQueryMessage()) || wire.isEmpty()) {
      issues.count(IssueReason.DNSTAP_NO_MESSAGE, ref, ts, type.name() + " without its DNS message");
      return null;
    }
    IpAddress initiator = address(m.hasQueryAddress(), m.getQueryAddress(), ref, ts);
    IpAddress responder = address(m.hasResponseAddress(), m.getResponseAddress(), ref, ts);
    int initiatorPort = m.hasQueryPort() ? m.getQueryPort() & 0xffff : 0;
    int responderPort = m.hasResponsePort() ? m.getResponsePort() & 0xffff : 0;
    DnstapInfo info =
        new DnstapInfo(
            type.name(),
            frame.hasIdentity() ? frame.getIdentity().toString(StandardCharsets.ISO_8859_1) : null,
            frame.hasVersion() ? frame.getVersion().toString(StandardCharsets.ISO_8859_1) : null,
            frame.hasExtra() ? HexFormat.of().formatHex(frame.getExtra().toByteArray()) : null,
            m.hasSocketFamily() ? m.getSocketFamily().name() : null,
            m.hasSocketProtocol() ? m.getSocketProtocol().name() : null,
            hasQueryTime ? queryTime : null,
            hasResponseTime ? responseTime : null);
    PacketMeta meta =
        new PacketMeta(
            ref,
            ref.frameNumber(),
            ts,
            m.hasSocketProtocol() ? transport(m.getSocketProtocol()) : null,
            response ? responder : initiator,
            response ? responderPort : initiatorPort,
            response ? initiator : responder,
            response ? initiatorPort : responderPort,
            null,
            null,
            List.of(),
            List.of(),
            portClass(m.hasResponsePort() ? responderPort : -1),
            info);
    return new RawDnsMessage(meta, wire.toByteArray());
  }

  private static boolean validTime(boolean hasSec, long sec, boolean hasNsec, int nsec) {
    if (hasNsec && Integer.toUnsignedLong(nsec) >= NANOS_PER_SECOND) {
      return false;
    }
    return !hasSec || (sec >= 0 && sec <= MAX_SECONDS);
  }

  private static long nanos(long sec, int nsec) {
    return sec * NANOS_PER_SECOND + Integer.toUnsignedLong(nsec);
  }

  private IpAddress address(boolean present, ByteString bytes, FrameRef ref, long ts) {
    if (!present) {
      return null;
    }
    if (bytes.size() != 4 && bytes.size() != 16) {
      issues.count(IssueReason.DNSTAP_BAD_ADDRESS, ref, ts, bytes.size() + "-byte address");
      return null;
    }
    return IpAddress.of(bytes.toByteArray());
  }

  private static Transport transport(DnstapProto.SocketProtocol p) {
    switch (p) {
      case UDP:
        return Transport.UDP;
      case TCP:
        return Transport.TCP;
      case DOT:
        return Transport.DOT;
      case DOH:
        return Transport.DOH;
      case DOQ:
        return Transport.DOQ;
      case DNSCryptUDP:
        return Transport.DNSCRYPT_UDP;
      case DNSCryptTCP:
        return Transport.DNSCRYPT_TCP;
      default:
        return null;
    }
  }

  private static PortClass portClass(int serverPort) {
    switch (serverPort) {
      case 53:
        return PortClass.DNS;
      case 5353:
        return PortClass.MDNS;
      case 5355:
        return PortClass.LLMNR;
      default:
        return PortClass.NONSTANDARD;
    }
  }

  private static String unknownType(DnstapProto.Message m) {
    List<Long> values =
        m.getUnknownFields().getField(DnstapProto.Message.TYPE_FIELD_NUMBER).getVarintList();
    return values.isEmpty() ? "?" : Long.toString(values.get(values.size() - 1));
  }

  private static String shortMessage(Exception e) {
    String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return s.length() > 120 ? s.substring(0, 120) : s;
  }
}
