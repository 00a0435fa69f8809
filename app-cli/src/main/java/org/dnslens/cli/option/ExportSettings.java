package org.dnslens.cli.option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;

/**
 * Resolves an export/delivery setting from, in this order (as gopassivedns): the command-line flag, the
 * config file ({@code --config FILE}, {@code key=value} lines, {@code #} comments, {@code .env} style
 * {@code DNSLENS_KEY=value} accepted too), then the environment ({@code DNSLENS_KEY}). Keys are the flag
 * names without dashes, dashes as underscores: {@code kafka_topic}, {@code rotate_max_mb}.
 */
public final class ExportSettings {
  /** Longest config file read. */
  public static final long MAX_CONFIG_BYTES = 1 << 20;

  private final Map<String, String> file;
  private final Map<String, String> env;

  public ExportSettings(Map<String, String> file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /** Reads {@code config} (may be null) and the process environment. */
  public static ExportSettings load(Path config, Map<String, String> environment) {
    Map<String, String> f = new HashMap<>();
    if (config != null) {
      try {
        if (Files.size(config) > MAX_CONFIG_BYTES) {
          throw new UserFacingException("config file " + config + " is larger than 1 MiB", ExitCodes.BAD_INPUT);
        }
        List<String> lines = Files.readAllLines(config, StandardCharsets.UTF_8);
        int n = 0;
        for (String raw : lines) {
          n++;
          String line = raw.strip();
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int eq = line.indexOf('=');
          if (eq <= 0) {
            throw new UserFacingException(config + " line " + n + ": expected key=value", ExitCodes.BAD_INPUT);
          }
          String value = line.substring(eq + 1).strip();
          if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
          }
          f.put(normalise(line.substring(0, eq)), value);
        }
      } catch (IOException e) {
        throw new UserFacingException("cannot read config file " + config + ": " + e.getMessage(), ExitCodes.BAD_INPUT);
      }
    }
    Map<String, String> e = new HashMap<>();
    environment.forEach((k, v) -> {
      if (k.startsWith("DNSLENS_")) {
        e.put(normalise(k), v);
      }
    });
    return new ExportSettings(f, e);
  }

  private static String normalise(String key) {
    String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    return k.startsWith("dnslens_") ? k.substring("dnslens_".length()) : k;
  }

  /** The flag's value if given, else the file's, else the environment's, else null. */
  public String get(String key, Object flag) {
    if (flag != null) {
      return flag.toString();
    }
    String k = normalise(key);
    String v = file.get(k);
    return v != null ? v : env.get(k);
  }

  public long getLong(String key, Object flag, long dflt) {
    String v = get(key, flag);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new UserFacingException(key + ": not a number: " + v, ExitCodes.USAGE);
    }
  }

  public boolean getBoolean(String key, Boolean flag) {
    String v = get(key, flag);
    return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
  }

  /** Durations like {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, in nanoseconds; 0 when unset. */
  public long getDurationNanos(String key, Object flag) {
    String v = get(key, flag);
    if (v == null || v.isBlank()) {
      return 0;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    long unit;
    char last = s.charAt(s.length() - 1);
    switch (last) {
      case 's' -> unit = 1_000_000_000L;
      case 'm' -> unit = 60_000_000_000L;
      case 'h' -> unit = 3_600_000_000_000L;
      case 'd' -> unit = 86_400_000_000_000L;
      default -> throw new UserFacingException(key + ": use a number with s, m, h or d: " + v, ExitCodes.USAGE);
    }
    try {
      return Math.multiplyExact(Long.parseLong(s.substring(0, s.length() - 1)), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UserFacingException(key + ": not a duration: " + v, ExitCodes.USAGE);
    }
  }
}
