package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.ioc.IocValueParser.BadValueException;
import org.dnslens.engine.ioc.IocValueParser.Expect;
import org.dnslens.engine.ioc.IocValueParser.Parsed;
import org.dnslens.engine.ioc.JsonTree.Node;
import org.dnslens.engine.ioc.StixPattern.Comparison;
import org.dnslens.engine.ioc.StixPattern.PatternException;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;

/**
 * STIX 2.1 indicators: every {@code =} / {@code IN} comparison on {@code domain-name:value}, {@code
 * ipv4-addr:value}, {@code ipv6-addr:value} or {@code url:value} gives an indicator, whatever joins the
 * comparisons (OR, AND, FOLLOWEDBY: a hit on any part is worth reporting). {@code ISSUBSET} on an address
 * gives a CIDR, {@code LIKE '%.evil.com'} on a domain a subdomain match. Negated comparisons are skipped.
 */
final class StixListParser {
  private StixListParser() {}

  /** Whether a JSON document looks like STIX: a bundle, an indicator, or an array of typed objects. */
  static boolean looksLikeStix(Node root) {
    if (root.isObject()) {
      String type = root.get("type").text();
      return "bundle".equals(type) || "indicator".equals(type);
    }
    List<Node> items = root.items();
    return !items.isEmpty() && items.get(0).has("type") && items.get(0).has("id");
  }

  static void parse(Node root, IocCollector out) {
    List<Node> objects = root.isObject() && root.has("objects") ? root.get("objects").items() : root.items();
    for (Node o : objects) {
      if (out.full()) {
        return;
      }
      if (!"indicator".equals(o.get("type").text())) {
        continue;
      }
      indicator(o, out);
    }
  }

  private static void indicator(Node o, IocCollector out) {
    String id = o.get("id").text();
    String pattern = o.get("pattern").text();
    String patternType = o.get("pattern_type").text();
    long line = o.line();
    if (o.get("revoked").isTrue()) {
      out.ignore();
      return;
    }
    if (patternType != null && !patternType.equalsIgnoreCase("stix")) {
      out.ignore();
      return;
    }
    if (pattern == null) {
      out.problem(line, "indicator without a pattern", id);
      return;
    }
    List<Comparison> comparisons;
    try {
      comparisons = StixPattern.parse(pattern);
    } catch (PatternException e) {
      out.problem(line, "malformed STIX pattern: " + e.getMessage(), pattern);
      return;
    }
    List<String> tags = new ArrayList<>();
    addTexts(o.get("labels"), tags);
    addTexts(o.get("indicator_types"), tags);
    String name = IocCollector.text(o.get("name").text());
    String description = IocCollector.text(o.get("description").text());
    String text = name == null ? description : (description == null ? name : IocCollector.text(name + ": " + description));
    String validFrom = IocCollector.text(o.get("valid_from").text());
    String validUntil = IocCollector.text(o.get("valid_until").text());
    boolean any = false;
    for (Comparison c : comparisons) {
      Expect expect = expectFor(c.objectType());
      if (expect == null || !c.property().equals("value") || c.negated()) {
        continue;
      }
      for (String v : c.values()) {
        Parsed p;
        try {
          p = value(c, expect, v);
        } catch (BadValueException e) {
          out.problem(line, c.objectType() + ":value in indicator " + IocCollector.excerpt(id) + ": " + e.getMessage(), v);
          continue;
        }
        if (p == null) {
          out.problem(line, "operator " + c.operator() + " not supported on " + c.objectType(), v);
          continue;
        }
        out.add(new Ioc(p.value(), p.kind(), out.list, line, id, tags, text, validFrom, validUntil));
        any = true;
      }
    }
    if (!any) {
      out.ignore();
    }
  }

  /** The indicator for a comparison, null when the operator cannot be turned into one. */
  private static Parsed value(Comparison c, Expect expect, String v) throws BadValueException {
    switch (c.operator()) {
      case "=":
      case "IN":
        return check(c.objectType(), IocValueParser.parse(v, expect));
      case "ISSUBSET":
        if (expect == Expect.IP) {
          return check(c.objectType(), IocValueParser.parse(v, expect));
        }
        return null;
      case "LIKE":
        if (c.objectType().equals("domain-name") && v.startsWith("%.") && v.indexOf('%', 1) < 0 && v.indexOf('_') < 0) {
          Parsed p = IocValueParser.parse(v.substring(2), Expect.DOMAIN);
          return p.kind() == IocKind.DOMAIN ? p : null;
        }
        return null;
      default:
        return null;
    }
  }

  private static Parsed check(String type, Parsed p) throws BadValueException {
    if (type.equals("ipv4-addr") && !p.value().contains(".")) {
      throw new BadValueException("not an IPv4 address");
    }
    if (type.equals("ipv6-addr") && !p.value().contains(":")) {
      throw new BadValueException("not an IPv6 address");
    }
    return p;
  }

  private static Expect expectFor(String objectType) {
    switch (objectType.toLowerCase(Locale.ROOT)) {
      case "domain-name":
        return Expect.DOMAIN;
      case "ipv4-addr":
      case "ipv6-addr":
        return Expect.IP;
      case "url":
        return Expect.URL;
      default:
        return null;
    }
  }

  private static void addTexts(Node n, List<String> into) {
    for (Node item : n.value() instanceof List ? n.items() : List.of(n)) {
      String t = IocCollector.text(item.text());
      if (t != null && into.size() < IocCollector.MAX_TAGS) {
        into.add(t);
      }
    }
  }
}
