package org.dnslens.storage.casefile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;

/**
 * The search keys the case stores beside names and addresses. Writers and searches build them here so a
 * search key always matches what ingest wrote.
 */
public final class NameKeys {
  private NameKeys() {}

  /** Lower-case presentation text: the exact-name key ({@code www.example.com}). */
  public static String lower(DnsName name) {
    return name.toLowerCaseString();
  }

  /**
   * Lower-case presentation text with the labels in reverse order ({@code com.example.www}): the suffix
   * key. A domain and its subdomains are {@code rname = 'com.example' OR rname LIKE 'com.example.%'}, an
   * index range. Labels are reversed whole, so an escaped dot inside a label never looks like a boundary.
   */
  public static String reversed(DnsName name) {
    // The writer's key (RunWriter.nameKey) comes from the same DnsName method, so the two cannot drift.
    byte[] text = new byte[4 * name.wireLength()];
    return new String(text, 0, name.writeReversedLowerPresentation(text, 0), StandardCharsets.US_ASCII);
  }

  /**
   * The reversed key of a name typed by a user, or null when it is not a valid name (then nothing can
   * match). Case-insensitive; a trailing dot is allowed.
   */
  public static String reversedUserName(String text) {
    DnsName parsed = parseUserName(text);
    return parsed == null ? null : reversed(parsed);
  }

  /**
   * The name a reversed key stands for ({@code com.example.www} gives {@code www.example.com}): labels
   * split at dots not escaped by a backslash. Searches turn keys back into names with it, and the writer of
   * {@code PDNS_NAME} pages uses it for each page's smallest name ({@code seg_page.min_name}, schema V12), so
   * both sides order names the same way.
   */
  public static String forward(String reversed) {
    List<String> labels = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < reversed.length(); i++) {
      char ch = reversed.charAt(i);
      if (ch == '\\') {
        i++; // escaped character (\. or \DDD's first digit): never a boundary
      } else if (ch == '.') {
        labels.add(reversed.substring(start, i));
        start = i + 1;
      }
    }
    labels.add(reversed.substring(start));
    StringBuilder sb = new StringBuilder(reversed.length());
    for (int i = labels.size() - 1; i >= 0; i--) {
      sb.append(labels.get(i));
      if (i > 0) {
        sb.append('.');
      }
    }
    return sb.toString();
  }

  /** The exact key of a name typed by a user, or null when it is not a valid name. */
  public static String lowerUserName(String text) {
    DnsName parsed = parseUserName(text);
    return parsed == null ? null : lower(parsed);
  }

  private static DnsName parseUserName(String text) {
    try {
      return DnsName.parse(text.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The sortable address key: family byte (4 or 6) then the address bytes. */
  public static byte[] ipKey(IpAddress ip) {
    byte[] raw = ip.toBytes();
    byte[] key = new byte[raw.length + 1];
    key[0] = (byte) (ip.isIpv4() ? 4 : 6);
    System.arraycopy(raw, 0, key, 1, raw.length);
    return key;
  }

  /** The address a key holds. */
  public static IpAddress ipFromKey(byte[] key) {
    return IpAddress.of(key, 1, key.length - 1);
  }

  /**
   * Escapes {@code \}, {@code %} and {@code _} for a LIKE pattern with {@code ESCAPE '\'}: user text is
   * data, never a pattern.
   */
  public static String escapeLike(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '%' || c == '_') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
