package org.dnslens.engine.model;

import java.util.Locale;

/**
 * Why data was dropped, cut short or looked odd, in the spirit of Zeek's weird.log. The lower-case names
 * ({@link #label()}) are stable API: they appear in output, golden files and case databases. Add new
 * constants freely; never rename or remove one.
 */
public enum IssueReason {
  // --- capture containers
  CAPTURE_UNKNOWN_FORMAT(Layer.CAPTURE, "not a pcap, pcapng or dnstap file (magic not recognised)"),
  CAPTURE_IO_ERROR(Layer.CAPTURE, "the file could not be read"),
  GZIP_CORRUPT(Layer.CAPTURE, "gzip stream corrupt or cut short"),
  PCAP_TRUNCATED_FILE_HEADER(Layer.CAPTURE, "pcap file shorter than its 24-byte header"),
  PCAP_TRUNCATED_RECORD(Layer.CAPTURE, "last pcap record cut short; everything before it was kept"),
  PCAP_CAPLEN_TOO_LARGE(Layer.CAPTURE, "pcap record claims a captured length above the limit; rest of file skipped"),
  PCAP_CAPLEN_ABOVE_SNAPLEN(Layer.CAPTURE, "pcap record's captured length exceeds the file's snaplen (kept)"),
  PCAP_CAPLEN_ABOVE_LEN(Layer.CAPTURE, "pcap record's captured length exceeds its original length (kept)"),
  FRAME_SNAPLEN_TRUNCATED(Layer.CAPTURE, "frame captured shorter than it was on the wire"),
  PCAPNG_BAD_BLOCK_LENGTH(Layer.CAPTURE, "pcapng block length invalid; rest of section skipped"),
  PCAPNG_TRUNCATED_BLOCK(Layer.CAPTURE, "pcapng block cut short at end of file"),
  PCAPNG_BAD_SECTION_HEADER(Layer.CAPTURE, "pcapng section header block invalid"),
  PCAPNG_UNKNOWN_INTERFACE(Layer.CAPTURE, "pcapng packet refers to an interface not described"),
  PCAPNG_BAD_OPTION(Layer.CAPTURE, "pcapng option malformed; option ignored"),
  PCAPNG_PACKET_BEYOND_BLOCK(Layer.CAPTURE, "pcapng packet data runs past its block"),
  PCAPNG_UNKNOWN_BLOCK(Layer.CAPTURE, "pcapng block type not used by dnslens; skipped"),
  PCAPNG_TOO_MANY_INTERFACES(Layer.CAPTURE, "pcapng section describes more interfaces than the limit; extra ones ignored"),
  LIVE_QUEUE_FULL(Layer.CAPTURE, "live capture: parser queue full; packet dropped before decoding"),
  // --- link layer
  LINK_UNSUPPORTED_TYPE(Layer.LINK, "link type not decoded; counted once per interface, its frames skipped"),
  LINK_TRUNCATED(Layer.LINK, "frame shorter than its link-layer header"),
  LINK_UNSUPPORTED_PAYLOAD(Layer.LINK, "link-layer payload is not IP"),
  VLAN_TOO_DEEP(Layer.LINK, "more VLAN tags than the limit"),
  // --- network layer
  IPV4_TRUNCATED(Layer.IP, "IPv4 header cut short"),
  IPV4_BAD_HEADER_LENGTH(Layer.IP, "IPv4 header length below 20 bytes or beyond the packet"),
  IPV4_BAD_TOTAL_LENGTH(Layer.IP, "IPv4 total length beyond the captured data or below the header"),
  IPV4_BAD_VERSION(Layer.IP, "IP version field is not 4 where IPv4 was expected"),
  IPV6_TRUNCATED(Layer.IP, "IPv6 header or extension header cut short"),
  IPV6_BAD_PAYLOAD_LENGTH(Layer.IP, "IPv6 payload length beyond the captured data"),
  IPV6_TOO_MANY_EXTENSION_HEADERS(Layer.IP, "IPv6 extension header chain longer than the limit"),
  IP_PAYLOAD_TRUNCATED(Layer.IP, "IP payload cut short by the capture (snaplen)"),
  FRAGMENT_TIMEOUT(Layer.IP, "IP fragments never completed within the timeout; discarded"),
  FRAGMENT_TABLE_FULL(Layer.IP, "too many incomplete fragmented datagrams; oldest discarded"),
  FRAGMENT_TOO_LARGE(Layer.IP, "reassembled datagram would exceed 65535 bytes"),
  FRAGMENT_OVERLAP(Layer.IP, "overlapping IP fragments with different data (first copy kept)"),
  FRAGMENT_TOO_MANY(Layer.IP, "more fragments for one datagram than the limit"),
  IPV6_BAD_VERSION(Layer.IP, "IP version field is not 6 where IPv6 was expected"),
  // --- tunnels
  TUNNEL_TOO_DEEP(Layer.TUNNEL, "encapsulation nested deeper than the limit"),
  TUNNEL_TRUNCATED(Layer.TUNNEL, "tunnel header cut short"),
  TUNNEL_UNSUPPORTED(Layer.TUNNEL, "tunnel variant not decoded"),
  // --- transport
  UDP_TRUNCATED(Layer.TRANSPORT, "UDP header cut short"),
  UDP_BAD_LENGTH(Layer.TRANSPORT, "UDP length field disagrees with the IP payload"),
  TCP_TRUNCATED(Layer.TRANSPORT, "TCP header cut short"),
  TCP_BAD_HEADER_LENGTH(Layer.TRANSPORT, "TCP data offset below 20 bytes or beyond the segment"),
  TCP_FLOW_TABLE_FULL(Layer.TRANSPORT, "too many concurrent TCP flows; oldest flow evicted"),
  TCP_STREAM_OVERSIZE(Layer.TRANSPORT, "TCP stream buffered more than the per-flow limit; buffer dropped"),
  TCP_GAP(Layer.TRANSPORT, "TCP data missing from the capture; stream resynchronised"),
  TCP_MIDSTREAM(Layer.TRANSPORT, "TCP flow joined mid-stream; bytes before the first message boundary skipped"),
  TCP_DNS_LENGTH_INVALID(Layer.TRANSPORT, "TCP DNS length prefix below a DNS header"),
  TCP_FLOW_TIMEOUT(Layer.TRANSPORT, "TCP flow idle past the timeout with a partial message buffered"),
  TCP_INCOMPLETE_MESSAGE(Layer.TRANSPORT, "TCP message still incomplete at end of capture"),
  // --- DNS
  DNS_TRUNCATED_HEADER(Layer.DNS, "payload on a DNS port shorter than the 12-byte DNS header"),
  DNS_TRUNCATED_QUESTION(Layer.DNS, "question section cut short"),
  DNS_TRUNCATED_RECORD(Layer.DNS, "resource record cut short"),
  DNS_BAD_COMPRESSION_POINTER(Layer.DNS, "compression pointer points forward or outside the message"),
  DNS_COMPRESSION_LOOP(Layer.DNS, "compression pointers chain past the limit (a loop)"),
  DNS_NAME_TOO_LONG(Layer.DNS, "name longer than 255 bytes"),
  DNS_BAD_LABEL_TYPE(Layer.DNS, "label type 0x40/0x80 (extended/obsolete labels)"),
  DNS_BAD_RDATA(Layer.DNS, "rdata does not match its type; kept as RFC 3597 hex"),
  DNS_RDLENGTH_MISMATCH(Layer.DNS, "rdlength disagrees with the rdata's contents"),
  DNS_COUNT_MISMATCH(Layer.DNS, "header counts claim more records than the message holds"),
  DNS_TRAILING_BYTES(Layer.DNS, "bytes after the last record"),
  DNS_BAD_EDNS(Layer.DNS, "OPT record malformed or repeated"),
  DNS_MESSAGE_TOO_LARGE(Layer.DNS, "message larger than 65535 bytes"),
  DNS_NOT_DNS(Layer.DNS, "payload on a DNS port does not look like DNS"),
  // --- pairing
  PAIRING_EVICTED(Layer.PAIRING, "pending-query table full; oldest query emitted unanswered"),
  PAIRING_QUESTION_MISMATCH(Layer.PAIRING, "reply matches a query's flow and id but not its question"),
  PAIRING_TIMEOUT(Layer.PAIRING, "no reply within the timeout"),
  PAIRING_END_OF_CAPTURE(Layer.PAIRING, "capture ended before a reply arrived"),
  PAIRING_MULTICAST_REPLY(Layer.PAIRING, "reply sent to a multicast group (mDNS/LLMNR); querier unknown, kept unpaired"),
  PAIRING_TOO_MANY_REPLIES(Layer.PAIRING, "more distinct replies to one query than the limit; the extra ones kept unpaired"),
  PAIRING_TIME_WENT_BACKWARDS(Layer.PAIRING, "capture time jumped back by more than the pairing timeout; held queries closed unanswered"),
  // --- passive DNS
  PASSIVE_DNS_TABLE_FULL(Layer.PASSIVE, "passive DNS table full; new (name, type, data) or (client, name) keys not aggregated"),
  // --- dnstap
  DNSTAP_BAD_FRAME(Layer.DNSTAP, "Frame Streams frame malformed"),
  DNSTAP_BAD_PROTOBUF(Layer.DNSTAP, "dnstap protobuf message malformed"),
  DNSTAP_BAD_MESSAGE_TYPE(Layer.DNSTAP, "dnstap message type unknown"),
  DNSTAP_BAD_TIME(Layer.DNSTAP, "dnstap timestamp out of range"),
  DNSTAP_NO_MESSAGE(Layer.DNSTAP, "dnstap frame without a DNS message"),
  DNSTAP_BAD_ADDRESS(Layer.DNSTAP, "dnstap address neither 4 nor 16 bytes; left out"),
  DNSTAP_BAD_CONTENT_TYPE(Layer.DNSTAP, "Frame Streams content type is not protobuf:dnstap.Dnstap; its frames skipped"),
  // --- last resort: a decoder read past its bounds. Fuzz tests fail if this is ever counted.
  INTERNAL_MISSING_BOUNDS_CHECK(Layer.INTERNAL, "decoder read outside its data (a dnslens bug; frame skipped)");

  /** Where in the stack the reason arises. */
  public enum Layer {
    CAPTURE,
    LINK,
    IP,
    TUNNEL,
    TRANSPORT,
    DNS,
    PAIRING,
    PASSIVE,
    DNSTAP,
    INTERNAL;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Layer layer;
  private final String description;

  IssueReason(Layer layer, String description) {
    this.layer = layer;
    this.description = description;
  }

  public Layer layer() {
    return layer;
  }

  /** One sentence for humans. */
  public String description() {
    return description;
  }

  /** The stable snake_case name, e.g. {@code pcap_truncated_record}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reason for a stable name, or null. */
  public static IssueReason fromLabel(String label) {
    try {
      return valueOf(label.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
