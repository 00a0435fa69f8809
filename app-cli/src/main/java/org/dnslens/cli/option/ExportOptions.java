package org.dnslens.cli.option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.export.ExportFormat;
import org.dnslens.engine.export.EcsJsonWriter;
import org.dnslens.engine.export.EventTimeMode;
import org.dnslens.engine.export.MsgpackWriters;
import org.dnslens.engine.export.PacketlogWriter;
import org.dnslens.engine.export.RecordJsonWriter;
import org.dnslens.engine.export.RotatingFileWriter;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.export.delivery.DeliveryConfig;
import org.dnslens.engine.export.delivery.DeliveryQueue;
import org.dnslens.engine.export.delivery.DeliveryStats;
import org.dnslens.engine.export.delivery.DeliveryWriter;
import org.dnslens.engine.export.delivery.FluentForwardTransport;
import org.dnslens.engine.export.delivery.KafkaTransport;
import org.dnslens.engine.export.delivery.KeyMode;
import org.dnslens.engine.export.delivery.SpillFile;
import org.dnslens.engine.export.delivery.SyslogTransport;
import org.dnslens.engine.export.delivery.Transport;
import org.dnslens.engine.model.Transaction;
import picocli.CommandLine.Option;

/**
 * Output formats beyond NDJSON/text, delivery to fluentd/Kafka/syslog and rotating files, shared by
 * {@code read} and {@code export}. Every setting also comes from the config file and DNSLENS_*
 * environment ({@link ExportSettings}; precedence flags > file > environment). docs/EXPORT.md.
 */
public final class ExportOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "key=value settings (flags win over it; it wins over DNSLENS_* environment variables).")
  Path config;

  @Option(names = "--ecs-bulk", paramLabel = "INDEX", description = "With --format ecs: precede each document with an Elasticsearch bulk 'create' action for INDEX.")
  String ecsBulk;

  @Option(names = "--fluentd-tag", paramLabel = "TAG", description = "Tag for --format fluentd and --fluentd (default dnslens.dns.tx, or dnslens.dns.record with --records).")
  String fluentdTag;

  @Option(names = "--fluentd-time", paramLabel = "MODE", description = "event-time (EventTime ext, nanoseconds; default) or seconds (integer, old fluentd).")
  String fluentdTime;

  @Option(names = "--sensor-id", paramLabel = "ID", description = "sensor_id for --format cof.")
  String sensorId;

  @Option(names = "--kafka", paramLabel = "BROKERS", description = "Deliver JSON records to Kafka (host:port,...).")
  String kafka;

  @Option(names = "--kafka-topic", paramLabel = "TOPIC", description = "Kafka topic (default dnslens-dns).")
  String kafkaTopic;

  @Option(names = "--kafka-key", paramLabel = "KEY", description = "client (default), qname or none.")
  String kafkaKey;

  @Option(names = "--kafka-compression", paramLabel = "CODEC", description = "lz4 (default), zstd, gzip, snappy or none.")
  String kafkaCompression;

  @Option(names = "--fluentd", paramLabel = "HOST:PORT", description = "Deliver to a fluentd/fluent-bit forward input.")
  String fluentd;

  @Option(names = "--fluentd-mode", paramLabel = "MODE", description = "message, forward (default) or packed-forward.")
  String fluentdMode;

  @Option(names = "--fluentd-ack", arity = "0..1", paramLabel = "BOOL", description = "Ask for and wait for chunk acks (default true).")
  Boolean fluentdAck;

  @Option(names = "--syslog", paramLabel = "URL", description = "Deliver RFC 5424 messages: udp://HOST:PORT or tcp://HOST:PORT.")
  String syslog;

  @Option(names = "--syslog-sd", arity = "0..1", paramLabel = "BOOL", description = "Also put the record's scalar fields in RFC 5424 structured data.")
  Boolean syslogSd;

  @Option(names = "--spill", paramLabel = "FILE", description = "Spill file for records a peer would not take (default dnslens-spill-<peer>.ndjson).")
  Path spill;

  @Option(names = "--delivery-retries", paramLabel = "N", description = "Retries per batch before spilling (default 5).")
  Integer retries;

  @Option(names = "--delivery-timeout", paramLabel = "MS", description = "Connect/ack/Kafka delivery timeout in milliseconds (default 10000).")
  Integer timeoutMillis;

  @Option(names = "--rotate-dir", paramLabel = "DIR", description = "Write rotating log files into DIR.")
  Path rotateDir;

  @Option(names = "--rotate-name", paramLabel = "STEM", description = "File name stem (default dns).")
  String rotateName;

  @Option(names = "--rotate-max-mb", paramLabel = "N", description = "Rotate a file when it passes N MiB.")
  Long rotateMaxMb;

  @Option(names = "--rotate-max-age", paramLabel = "AGE", description = "Delete rotated files older than AGE (capture time): 30m, 24h, 7d.")
  String rotateMaxAge;

  @Option(names = "--rotate-max-backups", paramLabel = "N", description = "Keep at most N rotated files per stream.")
  Integer rotateMaxBackups;

  @Option(names = "--rotate-hourly", arity = "0..1", paramLabel = "BOOL", description = "One file per capture hour.")
  Boolean rotateHourly;

  @Option(names = "--split-roles", arity = "0..1", paramLabel = "BOOL", description = "One file per leg: CQ, CR, SQ, SR (as packetlog).")
  Boolean splitRoles;

  private final List<DeliveryQueue> queues = new ArrayList<>();
  private final List<String> peers = new ArrayList<>();
  private ExportSettings settings;

  /** Output formats. */
  public enum Format {
    json,
    text,
    msgpack,
    fluentd,
    ecs,
    csv,
    packetlog,
    passivedns,
    gopassivedns,
    cof
  }

  public ExportSettings settings() {
    if (settings == null) {
      settings = ExportSettings.load(config, System.getenv());
    }
    return settings;
  }

  /** Whether records go anywhere besides the output stream. */
  public boolean hasSinks() {
    ExportSettings s = settings();
    return s.get("kafka", kafka) != null || s.get("fluentd", fluentd) != null || s.get("syslog", syslog) != null
        || s.get("rotate_dir", rotateDir) != null;
  }

  /** The writer of one format over a stream (engine.export.ExportFormat, the one format table). */
  public TransactionWriter formatWriter(Format format, boolean records, OutputStream out, IntFunction<String> names) throws IOException {
    if (records && format != Format.json && format != Format.msgpack && format != Format.fluentd) {
      throw new UserFacingException("--records works with --format json, msgpack or fluentd", ExitCodes.USAGE);
    }
    return ExportFormat.valueOf(format.name()).writer(out, records, names, formatOptions());
  }

  /** The settings formats take (--ecs-bulk, --fluentd-tag, --fluentd-time, --sensor-id), flags > file > environment. */
  public ExportFormat.Options formatOptions() {
    ExportSettings s = settings();
    return new ExportFormat.Options(s.get("ecs_bulk", ecsBulk), s.get("fluentd_tag", fluentdTag), timeMode(s), s.get("sensor_id", sensorId));
  }

  private EventTimeMode timeMode(ExportSettings s) {
    String t = s.get("fluentd_time", fluentdTime);
    return t != null && t.toLowerCase(Locale.ROOT).startsWith("sec") ? EventTimeMode.INTEGER_SECONDS : EventTimeMode.EVENT_TIME;
  }

  /**
   * Every configured sink (deliveries and rotating files) as writers. Deliveries carry the JSON of the
   * chosen log: the record log with --records, ECS with --format ecs, else the transaction log.
   */
  public List<TransactionWriter> sinks(Format format, boolean records, IntFunction<String> names) throws IOException {
    ExportSettings s = settings();
    List<TransactionWriter> out = new ArrayList<>();
    int timeout = (int) s.getLong("delivery_timeout", timeoutMillis, 10_000);
    DeliveryConfig dc = new DeliveryConfig(10_000, 500, (int) s.getLong("delivery_retries", retries, 5), 200, 10_000);
    KeyMode key = KeyMode.valueOf(String.valueOf(s.get("kafka_key", kafkaKey) == null ? "client" : s.get("kafka_key", kafkaKey)).toUpperCase(Locale.ROOT));
    String k = s.get("kafka", kafka);
    if (k != null) {
      String codec = orDefault(s.get("kafka_compression", kafkaCompression), "lz4").toLowerCase(Locale.ROOT);
      if (!List.of("lz4", "zstd", "gzip", "snappy", "none").contains(codec)) {
        throw new UserFacingException("--kafka-compression is lz4, zstd, gzip, snappy or none, not " + codec, ExitCodes.USAGE);
      }
      out.add(delivery(new KafkaTransport(k, orDefault(s.get("kafka_topic", kafkaTopic), "dnslens-dns"), timeout,
          Map.of("compression.type", codec)), "kafka", dc, format, records, names, key));
    }
    String f = s.get("fluentd", fluentd);
    if (f != null) {
      URI u = URI.create("tcp://" + f);
      if (u.getHost() == null || u.getPort() < 0) {
        throw new UserFacingException("--fluentd wants HOST:PORT, not " + f, ExitCodes.USAGE);
      }
      String mode = orDefault(s.get("fluentd_mode", fluentdMode), "forward").toUpperCase(Locale.ROOT).replace('-', '_');
      String ackText = s.get("fluentd_ack", fluentdAck);
      boolean ack = ackText == null || ackText.equalsIgnoreCase("true") || ackText.equals("1");
      String tag = orDefault(s.get("fluentd_tag", fluentdTag), records ? MsgpackWriters.TAG_RECORDS : MsgpackWriters.TAG_TRANSACTIONS);
      out.add(delivery(new FluentForwardTransport(u.getHost(), u.getPort(), tag, FluentForwardTransport.Mode.valueOf(mode), ack, timeMode(s), timeout), "fluentd", dc, format, records, names, key));
    }
    String sl = s.get("syslog", syslog);
    if (sl != null) {
      URI u = URI.create(sl);
      if (u.getHost() == null || u.getPort() < 0 || !("udp".equals(u.getScheme()) || "tcp".equals(u.getScheme()))) {
        throw new UserFacingException("--syslog wants udp://HOST:PORT or tcp://HOST:PORT, not " + sl, ExitCodes.USAGE);
      }
      out.add(delivery(new SyslogTransport("tcp".equals(u.getScheme()), u.getHost(), u.getPort(), 134, orDefault(s.get("sensor_id", sensorId), "dnslens"), "dnslens", records ? "dns.record" : "dns.tx", s.getBoolean("syslog_sd", syslogSd), timeout), "syslog", dc, format, records, names, key));
    }
    String dir = s.get("rotate_dir", rotateDir);
    if (dir != null) {
      boolean perLeg = format == Format.packetlog;
      String ext = switch (format) {
        case json, ecs, gopassivedns, cof -> "json";
        case msgpack, fluentd -> "msgpack";
        case csv -> "csv";
        default -> "log";
      };
      RotatingFileWriter.Policy p = new RotatingFileWriter.Policy(
          Path.of(dir), orDefault(s.get("rotate_name", rotateName), "dns"), ext,
          s.getLong("rotate_max_mb", rotateMaxMb, 0) * 1024 * 1024, s.getDurationNanos("rotate_max_age", rotateMaxAge),
          (int) s.getLong("rotate_max_backups", rotateMaxBackups, 0), s.getBoolean("rotate_hourly", rotateHourly),
          s.getBoolean("split_roles", splitRoles));
      out.add(new RotatingFileWriter(p, (stream, leg) -> {
        if (perLeg && leg != null) {
          return new PacketlogWriter(stream, leg.endsWith("Q") ? PacketlogWriter.Legs.QUERY : PacketlogWriter.Legs.REPLY);
        }
        return formatWriter(format, records, stream, names);
      }, perLeg));
    }
    return out;
  }

  private TransactionWriter delivery(Transport t, String peer, DeliveryConfig dc, Format format, boolean records, IntFunction<String> names, KeyMode key) {
    ExportSettings s = settings();
    String sp = s.get("spill", spill);
    Path spillPath = sp != null ? Path.of(sp + (queues.isEmpty() ? "" : "." + peer)) : Path.of("dnslens-spill-" + peer + ".ndjson");
    DeliveryQueue q = new DeliveryQueue(t, dc, new SpillFile(spillPath));
    queues.add(q);
    peers.add(t.describe() + " (spill file " + spillPath + ")");
    String bulk = s.get("ecs_bulk", ecsBulk);
    if (format == Format.ecs && bulk != null) {
      throw new UserFacingException("--ecs-bulk writes bulk action lines to a file; deliveries carry documents only", ExitCodes.USAGE);
    }
    return new DeliveryWriter(buf -> {
      try {
        if (format == Format.ecs) {
          return new EcsJsonWriter(buf, names, null);
        }
        return records ? new RecordJsonWriter(buf, names) : new TransactionJsonWriter(buf, names);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, q, key);
  }

  /** Closes the deliveries (draining them) and reports sent/retried/spilled per peer. */
  public void finish(PrintWriter err) throws IOException {
    for (int i = 0; i < queues.size(); i++) {
      DeliveryQueue q = queues.get(i);
      q.close();
      DeliveryStats st = q.stats();
      err.printf(Locale.ROOT, "%s: %d sent, %d retried, %d spilled%n", peers.get(i), st.sent(), st.retried(), st.spilled());
      if (st.spilled() > 0) {
        err.printf(Locale.ROOT, "  re-send them with: dnslens export --resend <spill file> <same delivery flags>%n");
      }
    }
    err.flush();
  }

  /** Per-peer stats, in sink order (tests). */
  public List<DeliveryStats> stats() {
    List<DeliveryStats> s = new ArrayList<>();
    for (DeliveryQueue q : queues) {
      s.add(q.stats());
    }
    return s;
  }

  public List<DeliveryQueue> queues() {
    return queues;
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isEmpty() ? d : v;
  }

  /** Writes each transaction to every writer. */
  public static final class Tee implements TransactionWriter {
    private final List<TransactionWriter> writers;

    public Tee(List<TransactionWriter> writers) {
      this.writers = List.copyOf(writers);
    }

    @Override
    public void write(Transaction tx) throws IOException {
      for (TransactionWriter w : writers) {
        w.write(tx);
      }
    }

    @Override
    public void flush() throws IOException {
      for (TransactionWriter w : writers) {
        w.flush();
      }
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (TransactionWriter w : writers) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
