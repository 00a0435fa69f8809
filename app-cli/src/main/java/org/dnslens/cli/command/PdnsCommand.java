package org.dnslens.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.model.RrType;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.PassiveDnsQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnslens pdns}: passive DNS of a case, offline, DNSDB style. */
@Command(
    name = "pdns",
    mixinStandardHelpOptions = true,
    description = "Passive DNS of a case: what names resolved to, and which names resolved to an address.",
    subcommands = {PdnsCommand.ByName.class, PdnsCommand.ByIp.class})
public final class PdnsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say what to look up: pdns name NAME or pdns ip IP|CIDR");
  }

  enum Format {
    table,
    json,
    csv
  }

  /** Options both lookups share. */
  abstract static class Lookup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--case", required = true, description = "The case file (case or case.mv.db).")
    Path casePath;

    @Option(names = "--by-client", description = "Also show which clients asked (name) or what they asked (ip).")
    boolean byClient;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows per view (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table, json (one object per line) or csv.")
    Format format;

    abstract List<PassiveDnsQuery.Entry> entries(PassiveDnsQuery q);

    abstract List<PassiveDnsQuery.ClientEntry> clients(PassiveDnsQuery q);

    @Override
    public Integer call() throws IOException {
      if (limit < 1 || limit > PassiveDnsQuery.MAX_ROWS) {
        throw new UserFacingException("--limit must be between 1 and " + PassiveDnsQuery.MAX_ROWS, ExitCodes.USAGE);
      }
      try (CaseDatabase db = CaseAccess.openForReading(casePath)) {
        PassiveDnsQuery q = new PassiveDnsQuery(db);
        List<PassiveDnsQuery.Entry> rows;
        List<PassiveDnsQuery.ClientEntry> clientRows;
        try {
          rows = entries(q);
          clientRows = byClient ? clients(q) : List.of();
        } catch (IllegalArgumentException e) {
          throw new UserFacingException(e.getMessage(), ExitCodes.USAGE, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
          case json -> json(out, rows, clientRows);
          case csv -> csv(out, rows, clientRows);
          default -> table(out, rows, clientRows);
        }
        out.flush();
      }
      return ExitCodes.OK;
    }

    private void json(PrintWriter out, List<PassiveDnsQuery.Entry> rows, List<PassiveDnsQuery.ClientEntry> clients)
        throws IOException {
      JsonGenerator g = CaseAccess.json(out);
      for (PassiveDnsQuery.Entry e : rows) {
        g.writeStartObject();
        g.writeStringField("rrname", e.name());
        g.writeStringField("rrtype", RrType.name(e.type()));
        g.writeStringField("rdata", e.data());
        g.writeFieldName("time_first");
        g.writeNumber(EpochTime.seconds(e.firstNanos()));
        g.writeFieldName("time_last");
        g.writeNumber(EpochTime.seconds(e.lastNanos()));
        g.writeNumberField("count", e.count());
        g.writeEndObject();
        g.writeRaw('\n');
      }
      for (PassiveDnsQuery.ClientEntry c : clients) {
        g.writeStartObject();
        g.writeStringField("client", c.client().toString());
        g.writeStringField("qname", c.name());
        g.writeFieldName("time_first");
        g.writeNumber(EpochTime.seconds(c.firstNanos()));
        g.writeFieldName("time_last");
        g.writeNumber(EpochTime.seconds(c.lastNanos()));
        g.writeNumberField("count", c.count());
        g.writeEndObject();
        g.writeRaw('\n');
      }
      g.flush();
    }

    private void csv(PrintWriter out, List<PassiveDnsQuery.Entry> rows, List<PassiveDnsQuery.ClientEntry> clients) {
      out.println("rrname,rrtype,rdata,time_first,time_last,count");
      for (PassiveDnsQuery.Entry e : rows) {
        out.println(CaseAccess.csvLine(e.name(), RrType.name(e.type()), e.data(), EpochTime.iso(e.firstNanos()),
            EpochTime.iso(e.lastNanos()), e.count()));
      }
      if (byClient) {
        out.println();
        out.println("client,qname,time_first,time_last,count");
        for (PassiveDnsQuery.ClientEntry c : clients) {
          out.println(CaseAccess.csvLine(c.client(), c.name(), EpochTime.iso(c.firstNanos()),
              EpochTime.iso(c.lastNanos()), c.count()));
        }
      }
    }

    private void table(PrintWriter out, List<PassiveDnsQuery.Entry> rows, List<PassiveDnsQuery.ClientEntry> clients) {
      String fmt = "%-27s %-27s %8s %-6s %-40s %s%n";
      out.printf(Locale.ROOT, fmt, "FIRST_SEEN", "LAST_SEEN", "COUNT", "TYPE", "NAME", "DATA");
      for (PassiveDnsQuery.Entry e : rows) {
        out.printf(Locale.ROOT, fmt, EpochTime.iso(e.firstNanos()), EpochTime.iso(e.lastNanos()), e.count(),
            RrType.name(e.type()), e.name(), e.data());
      }
      out.printf(Locale.ROOT, "%d passive DNS record%s%n", rows.size(), rows.size() == 1 ? "" : "s");
      if (byClient) {
        String cf = "%-27s %-27s %8s %-39s %s%n";
        out.println();
        out.printf(Locale.ROOT, cf, "FIRST_SEEN", "LAST_SEEN", "COUNT", "CLIENT", "NAME");
        for (PassiveDnsQuery.ClientEntry c : clients) {
          out.printf(Locale.ROOT, cf, EpochTime.iso(c.firstNanos()), EpochTime.iso(c.lastNanos()), c.count(),
              c.client(), c.name());
        }
        out.printf(Locale.ROOT, "%d client/name pair%s%n", clients.size(), clients.size() == 1 ? "" : "s");
      }
    }
  }

  /** {@code dnslens pdns name NAME}. */
  @Command(
      name = "name",
      mixinStandardHelpOptions = true,
      description = "What a name resolved to. '*.example.com' means its subdomains; 'www.example.*' a right wildcard.")
  static final class ByName extends Lookup {
    @Parameters(index = "0", paramLabel = "NAME", description = "Name or pattern with * wildcards.")
    String name;

    @Override
    List<PassiveDnsQuery.Entry> entries(PassiveDnsQuery q) {
      return q.byName(name, limit);
    }

    @Override
    List<PassiveDnsQuery.ClientEntry> clients(PassiveDnsQuery q) {
      return q.clientsForName(name, limit);
    }
  }

  /** {@code dnslens pdns ip IP|CIDR}. */
  @Command(
      name = "ip",
      mixinStandardHelpOptions = true,
      description = "Names that resolved to an address or CIDR block; --by-client: what clients in it asked.")
  static final class ByIp extends Lookup {
    @Parameters(index = "0", paramLabel = "IP|CIDR", description = "Address or CIDR block.")
    String ip;

    @Override
    List<PassiveDnsQuery.Entry> entries(PassiveDnsQuery q) {
      return q.byIp(ip, limit);
    }

    @Override
    List<PassiveDnsQuery.ClientEntry> clients(PassiveDnsQuery q) {
      return q.namesForClient(ip, limit);
    }
  }
}
